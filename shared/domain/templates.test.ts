import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertSendable, findUnfilled, renderSavedReply } from './templates';

const values = { 'contact.first_name': 'Maria', 'agent.first_name': 'Luca', 'client.name': 'Cardio Pharma' };

describe('renderSavedReply', () => {
  it('fills every known variable', () => {
    expect(
      renderSavedReply('Ciao {{contact.first_name}}, sono {{agent.first_name}} di {{client.name}}.', values),
    ).toEqual({
      text: 'Ciao Maria, sono Luca di Cardio Pharma.',
      unfilled: [],
    });
  });

  it('tolerates whitespace inside the braces', () => {
    expect(renderSavedReply('Ciao {{ contact.first_name }}! {{\tagent.first_name\n}}', values).text).toBe(
      'Ciao Maria! Luca',
    );
  });

  it('fills the same variable twice', () => {
    expect(renderSavedReply('{{contact.first_name}} {{contact.first_name}}', values).text).toBe('Maria Maria');
  });

  it.each([
    ['missing', {}],
    ['null', { 'contact.first_name': null }],
    ['empty', { 'contact.first_name': '' }],
    ['blank', { 'contact.first_name': '   ' }],
  ])('reports a %s value and leaves it visible', (_label, partial) => {
    expect(renderSavedReply('Ciao {{ contact.first_name }}, grazie!', partial)).toEqual({
      text: 'Ciao {{contact.first_name}}, grazie!',
      unfilled: ['contact.first_name'],
    });
  });

  it('reports unknown variables once each, in order', () => {
    expect(renderSavedReply('{{ order.id }} {{contact.first_name}} {{order.id}} {{coupon}}', values)).toEqual({
      text: '{{order.id}} Maria {{order.id}} {{coupon}}',
      unfilled: ['order.id', 'coupon'],
    });
  });

  it('leaves text without variables alone, single braces included', () => {
    expect(renderSavedReply('Prezzo {5} e {x}', values)).toEqual({ text: 'Prezzo {5} e {x}', unfilled: [] });
  });

  it('does not render a value twice (a name that looks like a variable stays flagged)', () => {
    const rendered = renderSavedReply('Ciao {{contact.first_name}}', { 'contact.first_name': '{{client.name}}' });
    expect(rendered.text).toBe('Ciao {{client.name}}');
    expect(assertSendable(rendered.text).ok).toBe(false);
  });

  it('never leaves placeholders when every variable is known and filled (property)', () => {
    const known = fc.constantFrom('contact.first_name', 'agent.first_name', 'client.name');
    const part = fc.oneof(
      fc.string({ maxLength: 8 }).filter((s) => !s.includes('{') && !s.includes('}')),
      known.map((name) => `{{ ${name} }}`),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const rendered = renderSavedReply(parts.join(''), values);
        expect(rendered.unfilled).toEqual([]);
        expect(findUnfilled(rendered.text)).toEqual([]);
      }),
    );
  });
});

describe('assertSendable', () => {
  it('passes filled text', () => {
    expect(assertSendable('Ciao Maria!')).toEqual({ ok: true, value: 'Ciao Maria!' });
  });

  it.each(['Ciao {{contact.first_name}}', 'Ciao {{ }}', 'Ciao {{ qualcosa di strano }}!'])('refuses %j', (text) => {
    const result = assertSendable(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unfilled_variables');
  });

  it.each(['', '   ', '\n\t'])('refuses empty text %j', (text) => {
    const result = assertSendable(text);
    expect(result.ok ? null : result.error.code).toBe('empty_reply');
  });
});
