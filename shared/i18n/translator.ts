/**
 * Fixed-language texts for code outside React (the Electron shell's tray and system
 * notifications) through the same engine and locale files as the renderer: i18next over
 * `resources`. One instance per process, initialised synchronously (the resources are bundled).
 */
import i18next, { type i18n } from 'i18next';
import type { Language } from '../domain/entities';
import { defaultNamespace, resources, supportedLanguages } from './index';

export type TranslateParams = Readonly<Record<string, string | number>>;
export type Translate = (key: string, params?: TranslateParams) => string;

/** A text to word later, in the language shown then; its params may be texts themselves. */
export interface TextToTranslate {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number | TextToTranslate>>;
}

let shared: i18n | null = null;

function instance(): i18n {
  if (shared) return shared;
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...supportedLanguages],
    defaultNS: defaultNamespace,
    initAsync: false,
    // Plain text: the tray and the system notifications show it as is.
    interpolation: { escapeValue: false },
    // A missing value shows nothing and a key naming a group of texts shows the key, like a
    // missing text: visible in testing, never a crash.
    missingInterpolationHandler: () => '',
    returnedObjectHandler: (key) => key,
  });
  shared = created;
  return created;
}

/** The texts of `language`: dotted keys, `{{name}}` values, plurals (`_one`, `_other`) by `count`. */
export function createTranslator(language: Language): Translate {
  const t = instance().getFixedT(language);
  return (key, params = {}) => t(key, { ...params });
}

/** Words a text, its nested texts first (e.g. the kind inside a notification's body). */
export function translateText(t: Translate, text: TextToTranslate): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = typeof value === 'object' ? translateText(t, value) : value;
  }
  return t(text.key, params);
}
