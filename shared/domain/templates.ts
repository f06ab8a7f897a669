/**
 * Saved replies with `{{variables}}`. A variable that cannot be filled stays visibly in the text as
 * `{{name}}` and is reported, so the composer can flag it; `assertSendable` is the last gate that
 * keeps a `{{…}}` from ever reaching a platform.
 */
import { fail, ok } from './errors';
import type { Result } from './errors';

export const templateVariables = ['contact.first_name', 'agent.first_name', 'client.name'] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

export interface RenderedTemplate {
  readonly text: string;
  /** Variable names left unfilled (unknown or without a value), once each, in order of appearance. */
  readonly unfilled: string[];
}

/** `{{ name }}` with any whitespace inside the braces; no braces inside the name. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isTemplateVariable(name: string): name is TemplateVariable {
  return (templateVariables as readonly string[]).includes(name);
}

export function renderSavedReply(template: string, values: TemplateValues): RenderedTemplate {
  const unfilled: string[] = [];
  const text = template.replace(PLACEHOLDER, (_placeholder, rawName: string) => {
    const name = rawName.trim();
    const value = isTemplateVariable(name) ? values[name]?.trim() : undefined;
    if (value !== undefined && value !== '') return value;
    if (!unfilled.includes(name)) unfilled.push(name);
    return `{{${name}}}`;
  });
  return { text, unfilled };
}

/** Names of the placeholders still in a text, once each. */
export function findUnfilled(text: string): string[] {
  const names: string[] = [];
  for (const found of text.matchAll(PLACEHOLDER)) {
    const name = (found[1] ?? '').trim();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The gate before submit and send: some text, and no placeholder left. */
export function assertSendable(text: string): Result<string> {
  if (text.trim() === '') return fail('empty_reply', 'the reply has no text');
  const unfilled = findUnfilled(text);
  if (unfilled.length > 0) return fail('unfilled_variables', `unfilled variables: ${unfilled.join(', ')}`);
  return ok(text);
}
