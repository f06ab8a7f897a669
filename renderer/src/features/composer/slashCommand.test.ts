import { describe, expect, it } from 'vitest';
import type { SavedReply } from '../../../../shared/domain/entities';
import { filterSavedReplies, findSlashQuery, insertSavedReply } from './slashCommand';

const saved = (id: string, name: string, text = `Testo ${name}`, preApproved = false): SavedReply => ({
  id,
  clientId: 'c1',
  name,
  text,
  lang: 'it',
  preApproved,
});

describe('findSlashQuery', () => {
  it('finds "/word" at the start of the text or of a word', () => {
    expect(findSlashQuery('/gra', 4)).toEqual({ start: 0, end: 4, query: 'gra' });
    expect(findSlashQuery('Ciao /gra', 9)).toEqual({ start: 5, end: 9, query: 'gra' });
    expect(findSlashQuery('Ciao\n/', 6)).toEqual({ start: 5, end: 6, query: '' });
  });

  it('reads the query up to the caret and replaces the whole word', () => {
    expect(findSlashQuery('/grazie ciao', 4)).toEqual({ start: 0, end: 7, query: 'gra' });
  });

  it('ignores slashes inside words and finished words', () => {
    expect(findSlashQuery('https://esempio.it', 18)).toBeNull();
    expect(findSlashQuery('1/2', 3)).toBeNull();
    expect(findSlashQuery('/gra ', 5)).toBeNull();
    expect(findSlashQuery('ciao', 4)).toBeNull();
    expect(findSlashQuery('', 0)).toBeNull();
  });
});

describe('filterSavedReplies', () => {
  const replies = [
    saved('1', 'Grazie generico'),
    saved('2', 'Effetti collaterali'),
    saved('3', 'Orari e grazie'),
    saved('4', 'Perché è così'),
    saved('5', 'Ringraziamento'),
  ];

  it('matches names case- and accent-insensitively, names starting with the query first', () => {
    expect(filterSavedReplies(replies, 'GRA').map((r) => r.name)).toEqual([
      'Grazie generico',
      'Orari e grazie',
      'Ringraziamento',
    ]);
    expect(filterSavedReplies(replies, 'perche').map((r) => r.name)).toEqual(['Perché è così']);
    expect(filterSavedReplies(replies, 'graziegen').map((r) => r.name)).toEqual(['Grazie generico']);
  });

  it('lists everything for a bare "/" and nothing for an unknown name', () => {
    expect(filterSavedReplies(replies, '')).toHaveLength(5);
    expect(filterSavedReplies(replies, 'zzz')).toEqual([]);
    expect(filterSavedReplies(replies, '', 2)).toHaveLength(2);
  });
});

describe('insertSavedReply', () => {
  const values = { 'contact.first_name': 'Anna', 'agent.first_name': 'Luca', 'client.name': 'Cardio' };

  it('replaces the "/word" with the rendered saved reply and puts the caret after it', () => {
    const reply = saved('1', 'Grazie', 'Grazie {{contact.first_name}}, {{agent.first_name}} di {{client.name}}');
    const result = insertSavedReply('Ciao! /gra a presto', { start: 6, end: 10, query: 'gra' }, reply, values);
    expect(result.text).toBe('Ciao! Grazie Anna, Luca di Cardio a presto');
    expect(result.caret).toBe('Ciao! Grazie Anna, Luca di Cardio'.length);
    expect(result.rendered.unfilled).toEqual([]);
  });

  it('leaves unfilled variables visible and reports them', () => {
    const reply = saved('1', 'Grazie', 'Grazie {{contact.first_name}}!');
    const result = insertSavedReply('/gra', { start: 0, end: 4, query: 'gra' }, reply, {
      ...values,
      'contact.first_name': null,
    });
    expect(result.text).toBe('Grazie {{contact.first_name}}!');
    expect(result.rendered.unfilled).toEqual(['contact.first_name']);
  });
});
