import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { cursorFromNext, paramsFromCursor } from './graph';
import { parseCommentsPage, parseConversationsPage } from './poll';

describe('Graph polling answers', () => {
  it('reads a conversation page (restfb sample) into messages of the other participant’s thread', () => {
    const ctx = { platform: 'facebook' as const, accountId: '120042743874449' };
    const page = parseConversationsPage(ctx, fixture('graph-conversations').payload);
    expect(page.unreadable).toBe(0);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events[0]).toMatchObject({
      kind: 'message',
      verb: 'add',
      externalId: 'm_id.291856400815314',
      threadId: '261743132120084',
      author: { id: '261743132120084', name: 'Participant One' },
      createdAt: '2012-04-10T17:41:10.000Z',
      isOwn: false,
    });
    expect(page.events.some((event) => event.isOwn)).toBe(true);
  });

  it('keeps the next page as a cursor without the token or the proof', () => {
    const page = parseConversationsPage(
      { platform: 'facebook', accountId: '1' },
      fixture('graph-conversations').payload,
    );
    expect(page.nextCursor).toBe('limit=25&after=QVFIUl');
    expect(page.nextCursor).not.toMatch(/SECRET|PROOF/);
    expect(paramsFromCursor('after=x&access_token=leak')).toEqual({ after: 'x' });
    expect(cursorFromNext('not a url')).toBeNull();
  });

  it('tells replies from top-level comments with Facebook and Instagram field names alike', () => {
    const ctx = { platform: 'instagram' as const, accountId: '17841400000000003' };
    const page = parseCommentsPage(ctx, '1790000000', {
      data: [
        {
          id: '1',
          text: 'top',
          timestamp: '2026-12-01T10:00:00+0000',
          username: 'anna',
          from: { id: '9', username: 'anna' },
        },
        {
          id: '2',
          text: 'reply',
          timestamp: '2026-12-01T10:05:00+0000',
          parent_id: '1',
          from: { id: '17841400000000003', username: 'brand' },
        },
        { nonsense: true },
      ],
    });
    expect(page.unreadable).toBe(1);
    expect(page.events).toMatchObject([
      {
        kind: 'comment',
        externalId: '1',
        parentId: '1790000000',
        author: { id: '9', handle: 'anna' },
        createdAt: '2026-12-01T10:00:00.000Z',
      },
      { kind: 'reply', externalId: '2', parentId: '1', isOwn: true },
    ]);
  });
});
