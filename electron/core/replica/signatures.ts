/** A decision's e-signature as the replica stores it (JSON), or NULL for an unsigned one. */
export function signatureJson(approval: { signature?: unknown }): string | null {
  return approval.signature ? JSON.stringify(approval.signature) : null;
}

/** A reply's approver's edit as the replica stores it (JSON), or NULL when no approver rewrote it. */
export function approverEditJson(reply: { approverEdit?: unknown }): string | null {
  return reply.approverEdit ? JSON.stringify(reply.approverEdit) : null;
}

/** A saved reply's pre-approval (submission and signatures) as the replica stores it, or NULL. */
export function preApprovalJson(saved: { preApproval?: unknown }): string | null {
  return saved.preApproval ? JSON.stringify(saved.preApproval) : null;
}
