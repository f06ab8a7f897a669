/**
 * A small translator over shared/i18n for the main process (tray and notification texts), so the
 * shell needs no i18n framework: dotted keys, `{{name}}` interpolation, and i18next-style plural
 * suffixes (`_one`, `_other`) chosen by `count`, so the same locale files serve the renderer.
 */
import type { Language } from '../../../shared/domain/entities';
import { resources } from '../../../shared/i18n';
import type { NotifyText } from './types';

export type TranslateParams = Readonly<Record<string, string | number>>;
export type Translate = (key: string, params?: TranslateParams) => string;

type Tree = { readonly [key: string]: unknown };

function lookup(tree: Tree, key: string): string | null {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return null;
    node = (node as Tree)[part];
  }
  return typeof node === 'string' ? node : null;
}

export function createTranslator(language: Language, tree: Tree = resources[language].translation): Translate {
  const plural = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  return (key, params = {}) => {
    const count = params.count;
    const template =
      (typeof count === 'number'
        ? // Categories a language has beyond one/other (Italian "many" for millions) fall back to other.
          (lookup(tree, `${key}_${plural.select(count)}`) ?? lookup(tree, `${key}_other`))
        : null) ??
      lookup(tree, key) ??
      // A missing text shows its key, as i18next does: visible in testing, never a crash.
      key;
    return template.replace(/{{\s*(\w+)\s*}}/g, (_match, name: string) => {
      const value = params[name];
      if (value === undefined) return '';
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

/** Translates a notification text, its nested texts first (e.g. the kind inside a body). */
export function translateText(t: Translate, text: NotifyText): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = typeof value === 'object' ? translateText(t, value) : value;
  }
  return t(text.key, params);
}
