/** A decision's e-signature as the replica stores it (JSON), or NULL for an unsigned one. */
export function signatureJson(approval: { signature?: unknown }): string | null {
  return approval.signature ? JSON.stringify(approval.signature) : null;
}
