import { describe, expect, it } from 'vitest';
import { findPersonalData, summarizePersonalData } from './personalData';

const kinds = (text: string) => findPersonalData(text).map((match) => [match.kind, match.text]);

describe('findPersonalData', () => {
  it.each([
    'Chiamaci al 333 1234567',
    'Chiamaci al 3331234567',
    'Chiamaci al +39 333 123 4567',
    'Chiamaci al 0039 02 1234567',
    'Chiamaci al 02 1234567',
    'Chiamaci al 06-12345678',
    'Call +44 20 7946 0958',
    'Call +1 (555) 123-4567',
  ])('finds the phone number in "%s"', (text) => {
    const found = findPersonalData(text);
    expect(found.map((match) => match.kind)).toEqual(['phone']);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(text.replace(/^[^+\d]+/, ''));
  });

  it.each([
    'Il lotto scade il 03/12/2024',
    'Costa 1.000.000 di euro',
    'Ne prendo 20 mg due volte al giorno',
    'Ordine 12345',
    'Anno 2024, ore 10.30',
  ])('finds no phone number in "%s"', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('finds e-mail addresses, and does not report their digits as a phone number', () => {
    expect(kinds('Scrivi a mario.rossi3331234567@esempio.it per favore')).toEqual([
      ['email', 'mario.rossi3331234567@esempio.it'],
    ]);
    expect(kinds('Write to support@cardio-pharma.com')).toEqual([['email', 'support@cardio-pharma.com']]);
  });

  it('finds health details in Italian and English, whatever the case and ending', () => {
    expect(kinds('Dopo la DIAGNOSI e il ricovero, la terapia è cambiata')).toEqual([
      ['health', 'DIAGNOSI'],
      ['health', 'ricovero'],
      ['health', 'terapia'],
    ]);
    expect(kinds('Your prescription and your allergies')).toEqual([
      ['health', 'prescription'],
      ['health', 'allergies'],
    ]);
    expect(kinds('È stata ricoverata per una patologia cardiaca')).toEqual([
      ['health', 'ricoverata'],
      ['health', 'patologia'],
    ]);
  });

  it('matches health words at the start of a word only, and short words whole', () => {
    expect(findPersonalData('La vita nell\u2019alveare: the hive')).toEqual([]);
    expect(kinds('test HIV negativo')).toEqual([['health', 'HIV']]);
  });

  it('returns offsets into the original text, in text order', () => {
    const text = 'Anna, la tua diagnosi: chiamaci al 333 1234567 o scrivi a info@esempio.it';
    const found = findPersonalData(text);
    expect(found.map((match) => match.kind)).toEqual(['health', 'phone', 'email']);
    for (const match of found) expect(text.slice(match.start, match.end)).toBe(match.text);
  });

  it('summarizes the distinct texts per kind for the warning', () => {
    const summary = summarizePersonalData(findPersonalData('diagnosi, Diagnosi, 333 1234567'));
    expect(summary.get('health')).toEqual(['diagnosi']);
    expect(summary.get('phone')).toEqual(['333 1234567']);
  });
});
