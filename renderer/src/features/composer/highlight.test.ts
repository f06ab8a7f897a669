import { describe, expect, it } from 'vitest';
import { highlightSegments, placeholderRanges } from './highlight';

describe('placeholderRanges', () => {
  it('finds every {{…}} left in the text, with spaces inside or not', () => {
    const text = 'Ciao {{contact.first_name}}, sono {{ agent.first_name }}';
    expect(placeholderRanges(text).map((range) => text.slice(range.start, range.end))).toEqual([
      '{{contact.first_name}}',
      '{{ agent.first_name }}',
    ]);
  });
});

describe('highlightSegments', () => {
  it('cuts the text into plain and marked pieces that join back to the text', () => {
    const text = 'La dose di Cardiolex';
    const segments = highlightSegments(text, [
      { start: 3, end: 7, kind: 'sensitive' },
      { start: 11, end: 20, kind: 'sensitive' },
    ]);
    expect(segments.map((s) => [s.text, s.kinds])).toEqual([
      ['La ', []],
      ['dose', ['sensitive']],
      [' di ', []],
      ['Cardiolex', ['sensitive']],
    ]);
  });

  it('keeps both kinds where ranges overlap and ignores ranges outside the text', () => {
    const segments = highlightSegments('abcdef', [
      { start: 0, end: 4, kind: 'personal' },
      { start: 2, end: 6, kind: 'sensitive' },
      { start: 5, end: 99, kind: 'unfilled' },
    ]);
    expect(segments.map((s) => [s.text, s.kinds])).toEqual([
      ['ab', ['personal']],
      ['cd', ['personal', 'sensitive']],
      ['ef', ['sensitive']],
    ]);
    expect(highlightSegments('', [])).toEqual([]);
  });
});
