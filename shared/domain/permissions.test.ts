import { describe, expect, it } from 'vitest';
import type { Actor } from './entities';
import type { DomainErrorCode } from './errors';
import { can, inScope, isPolicyReason, permissionActions } from './permissions';
import type { PermissionAction } from './permissions';

const everywhere = null;
const admin: Actor = { id: 'a', role: 'admin', clientIds: everywhere, alsoApprover: false };
const adminApprover: Actor = { ...admin, id: 'aa', alsoApprover: true };
const lead: Actor = { id: 'l', role: 'lead', clientIds: everywhere, alsoApprover: false };
const moderator: Actor = { id: 'm', role: 'moderator', clientIds: ['c1'], alsoApprover: false };
const approver: Actor = { id: 'p', role: 'approver', clientIds: ['c1'], alsoApprover: false };

const Y = 'ok';
const N = 'not_permitted';
type Cell = typeof Y | DomainErrorCode;

/**
 * docs/domain.md's role table, written out for every action (columns: admin, admin+approver, lead,
 * moderator, approver), acting on client c1 which every one of them may see.
 */
const table: Record<PermissionAction, [Cell, Cell, Cell, Cell, Cell]> = {
  'item.view': [Y, Y, Y, Y, Y],
  'item.claim': [Y, Y, Y, Y, N],
  'item.assign': [Y, Y, Y, Y, N],
  'item.archive': [Y, Y, Y, Y, N],
  'item.snooze': [Y, Y, Y, Y, N],
  'item.reopen': [Y, Y, Y, Y, N],
  'item.label': [Y, Y, Y, Y, N],
  'item.moderate': [Y, Y, Y, Y, N],
  'note.add': [Y, Y, Y, Y, N],
  'reply.draft': [Y, Y, Y, Y, N],
  'reply.escalate': [Y, Y, Y, Y, N],
  'reply.send': [Y, Y, Y, Y, N],
  'reply.submit': [Y, Y, Y, Y, N],
  'approval.decide': [N, Y, N, N, Y],
  'settings.savedReplies': [Y, Y, Y, N, N],
  'settings.sla': [Y, Y, Y, N, N],
  'settings.sensitivity': [Y, Y, N, N, N],
  'settings.approvalChain': [Y, Y, N, N, N],
  'settings.moderationReasons': [Y, Y, N, N, N],
  'settings.channels': [Y, Y, N, N, N],
  'settings.users': [Y, Y, N, N, N],
  'settings.clients': [Y, Y, N, N, N],
};

function outcome(actor: Actor, action: PermissionAction, clientId: string | null = 'c1'): Cell {
  const result = can(actor, action, { clientId });
  return result.ok ? Y : result.error.code;
}

describe('can: the role table', () => {
  it('covers every action', () => {
    expect(Object.keys(table).sort()).toEqual([...permissionActions].sort());
  });

  const roles: [string, Actor][] = [
    ['admin', admin],
    ['admin+approver', adminApprover],
    ['lead', lead],
    ['moderator', moderator],
    ['approver', approver],
  ];
  const cases = permissionActions.flatMap((action) =>
    roles.map(([name, actor], column) => [action, name, table[action][column], actor] as const),
  );
  it.each(cases)('%s by %s → %s', (action, _name, expected, actor) => {
    expect(outcome(actor, action)).toBe(expected);
  });
});

describe('can: client scope', () => {
  it('keeps scoped users to their clients', () => {
    expect(outcome(moderator, 'item.claim', 'c2')).toBe('out_of_scope');
    expect(outcome(approver, 'approval.decide', 'c2')).toBe('out_of_scope');
    expect(outcome(approver, 'item.view', 'c2')).toBe('out_of_scope');
  });

  it('lets unscoped admins, leads and moderators act on any client', () => {
    expect(outcome(admin, 'item.claim', 'c9')).toBe(Y);
    expect(outcome(lead, 'settings.sla', 'c9')).toBe(Y);
    expect(outcome({ ...moderator, clientIds: null }, 'item.claim', 'c9')).toBe(Y);
  });

  it('never lets an approver without a client list see or sign anything', () => {
    const unscoped: Actor = { ...approver, clientIds: null };
    expect(outcome(unscoped, 'item.view', 'c1')).toBe('out_of_scope');
    expect(outcome(unscoped, 'approval.decide', 'c1')).toBe('out_of_scope');
  });

  it('keeps scoped users away from workspace-wide targets', () => {
    expect(outcome(admin, 'settings.users', null)).toBe(Y);
    expect(outcome({ ...admin, clientIds: ['c1'] }, 'settings.users', null)).toBe('out_of_scope');
    expect(outcome({ ...admin, clientIds: ['c1'] }, 'settings.channels', 'c1')).toBe(Y);
  });

  it('refuses the role before the scope', () => {
    expect(outcome(approver, 'item.claim', 'c2')).toBe('not_permitted');
  });

  it('an empty client list means no client', () => {
    expect(outcome({ ...moderator, clientIds: [] }, 'item.view', 'c1')).toBe('out_of_scope');
    expect(inScope({ ...moderator, clientIds: [] }, 'c1')).toBe(false);
  });
});

describe('can: approval rights', () => {
  it('ignores alsoApprover on anyone but admins', () => {
    expect(outcome({ ...lead, alsoApprover: true }, 'approval.decide')).toBe(N);
    expect(outcome({ ...moderator, alsoApprover: true }, 'approval.decide')).toBe(N);
  });
});

describe('can: moderators hide and delete only with a policy reason', () => {
  const reasons = ['spam', 'insulti'];
  const moderate = (actor: Actor, moderationReason: string | null | undefined) => {
    const target =
      moderationReason === undefined
        ? { clientId: 'c1' }
        : { clientId: 'c1', moderationReason, moderationReasons: reasons };
    const result = can(actor, 'item.moderate', target);
    return result.ok ? Y : result.error.code;
  };

  it.each([
    [undefined, Y],
    [null, 'reason_required'],
    ['', 'reason_required'],
    ['  ', 'reason_required'],
    ['boh', 'reason_not_in_policy'],
    ['spam', Y],
    [' spam ', Y],
  ] as const)('moderator with reason %j → %s', (reason, expected) => {
    expect(moderate(moderator, reason)).toBe(expected);
  });

  it.each([admin, lead])('$role needs no reason from the role table', (actor) => {
    expect(moderate(actor, null)).toBe(Y);
    expect(moderate(actor, 'boh')).toBe(Y);
  });

  it('compares policy reasons trimmed', () => {
    expect(isPolicyReason(' spam', ['spam '])).toBe(true);
    expect(isPolicyReason('', [''])).toBe(false);
    expect(isPolicyReason('Spam', ['spam'])).toBe(false);
  });
});
