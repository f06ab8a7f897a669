import { describe, expect, it } from 'vitest';
import { PRESENCE_EXPIRE_MS, PresenceBoard } from './presence';

const at = 1_000_000;

describe('the presence board', () => {
  it("shows who else is on an item, not oneself, and forgets on 'nothing any more'", () => {
    const board = new PresenceBoard(() => 'us-me');
    expect(board.apply({ itemId: 'it-1', userId: 'us-me', name: 'Me', activity: 'viewing', at })).toBe(false);
    expect(board.apply({ itemId: 'it-1', userId: 'us-giulia', name: 'Giulia Conti', activity: 'viewing', at })).toBe(
      true,
    );
    expect(board.apply({ itemId: 'it-1', userId: 'us-giulia', name: 'Giulia Conti', activity: 'replying', at })).toBe(
      true,
    );
    expect(board.list(at)).toEqual([
      { itemId: 'it-1', userId: 'us-giulia', name: 'Giulia Conti', activity: 'replying', at },
    ]);
    expect(board.apply({ itemId: 'it-1', userId: 'us-giulia', name: 'Giulia Conti', activity: null, at })).toBe(true);
    expect(board.list(at)).toEqual([]);
  });

  it('drops a signal nobody renewed (a desktop that crashed says nothing)', () => {
    const board = new PresenceBoard(() => null);
    board.apply({ itemId: 'it-1', userId: 'us-marco', name: 'Marco', activity: 'viewing', at });
    expect(board.list(at + PRESENCE_EXPIRE_MS - 1)).toHaveLength(1);
    expect(board.list(at + PRESENCE_EXPIRE_MS + 1)).toHaveLength(0);
  });
});
