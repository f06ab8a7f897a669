/**
 * "Dott.ssa Elena Marchetti" → "Elena": what `{{agent.first_name}}` becomes. Titles used in
 * Italian signatures are dropped; the composer and the desktop core must agree on it, or a
 * pre-approved reply would not render to the same text on both sides.
 */
const TITLES = /^(?:(?:dott\.ssa|dott\.|dr\.|avv\.|ing\.|prof\.ssa|prof\.|on\.|sig\.ra|sig\.)\s+)+/i;

export function agentFirstName(displayName: string): string {
  const name = displayName.trim().replace(TITLES, '');
  return name.split(/\s+/)[0] ?? name;
}
