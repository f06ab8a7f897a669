import { describe, expect, it } from 'vitest';
import { platforms } from '../../../../shared/domain/entities';
import { initialVisibility, replyLength, replyLengthLimit, replyOptions } from './replyRules';

describe('replyOptions', () => {
  it.each([
    ['facebook', 'comment', { public: true, private: true }],
    ['instagram', 'comment', { public: true, private: true }],
    ['instagram', 'reply', { public: true, private: true }],
    ['youtube', 'comment', { public: true, private: false }],
    ['x', 'comment', { public: true, private: false }],
    ['x', 'mention', { public: true, private: false }],
    ['linkedin', 'comment', { public: true, private: false }],
    ['google', 'review', { public: true, private: false }],
    ['facebook', 'dm', { public: false, private: true }],
    ['instagram', 'dm', { public: false, private: true }],
    ['x', 'dm', { public: false, private: true }],
    ['instagram', 'follow', { public: false, private: false }],
    ['facebook', 'like_summary', { public: false, private: false }],
  ] as const)('%s %s → %o', (platform, kind, expected) => {
    expect(replyOptions(platform, kind)).toEqual(expected);
  });

  it('answers a DM privately on every platform that has DMs, never publicly', () => {
    for (const platform of platforms) expect(replyOptions(platform, 'dm').public).toBe(false);
  });
});

describe('initialVisibility', () => {
  it('keeps what r / p asked for when the platform allows it', () => {
    expect(initialVisibility(replyOptions('facebook', 'comment'), 'private')).toBe('private');
    expect(initialVisibility(replyOptions('facebook', 'comment'), 'public')).toBe('public');
  });

  it('falls back to the only visibility available', () => {
    expect(initialVisibility(replyOptions('google', 'review'), 'private')).toBe('public');
    expect(initialVisibility(replyOptions('instagram', 'dm'), 'public')).toBe('private');
    expect(initialVisibility(replyOptions('x', 'follow'), 'public')).toBeNull();
  });
});

describe('length limits', () => {
  it.each([
    ['x', 'public', 280],
    ['youtube', 'public', 10_000],
    ['facebook', 'public', 8_000],
    ['instagram', 'public', 2_200],
    ['google', 'public', 4_096],
    ['instagram', 'private', 1_000],
  ] as const)('%s %s reply: %d characters', (platform, visibility, limit) => {
    expect(replyLengthLimit(platform, visibility)).toBe(limit);
  });

  it('counts characters as people see them: an emoji or an accented letter is one', () => {
    expect(replyLength('Grazie! 😊')).toBe(9);
    expect(replyLength('perche\u0301')).toBe(6);
    expect(replyLength('')).toBe(0);
  });
});
