import { describe, expect, it } from 'vitest';
import { auditActions, auditEntities, chainProblemKinds } from '../../shared/domain/audit';
import { roles } from '../../shared/domain/entities';
import { auditResources, auditTexts } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();

describe('audit export texts', () => {
  it('Italian and English have the same keys, none empty, with the same variables', () => {
    const it_ = auditResources.it.audit as unknown as Record<string, unknown>;
    const en = auditResources.en.audit as unknown as Record<string, unknown>;
    expect(keys(it_).sort()).toEqual(keys(en).sort());
    const at = (root: Record<string, unknown>, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root) as string;
    for (const key of keys(en)) {
      expect(at(en, key).trim(), key).not.toBe('');
      expect(variables(at(it_, key)), key).toEqual(variables(at(en, key)));
    }
  });

  it('name every action, entity, role and chain problem in both languages', async () => {
    for (const language of ['it', 'en'] as const) {
      const t = await auditTexts(language);
      const wanted = [
        ...auditActions.map((action) => `action.${action}`),
        ...auditEntities.map((entity) => `entity.${entity}`),
        ...roles.map((role) => `role.${role}`),
        ...chainProblemKinds.map((kind) => `problem.${kind}`),
      ];
      for (const key of wanted) expect(t(key), `${language} ${key}`).not.toBe(key);
    }
    expect((await auditTexts('it'))('action.approve')).toBe('Approvata');
  });
});
