import { describe, expect, it } from 'vitest';
import { itemActionNames, itemActions } from '../../../shared/domain';
import { resources, supportedLanguages } from '../../../shared/i18n';
import { commandIds, keymap } from './keymap';

/** The text at a dotted key of a language's UI texts, or undefined. */
function text(language: (typeof supportedLanguages)[number], key: string): unknown {
  let node: unknown = resources[language].translation;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

describe('the keyboard commands of item actions', () => {
  it('have one name per act: the command of each act of the item action table is item.<name>', () => {
    const withCommand = itemActionNames.filter((name) => itemActions[name].command).map((name) => `item.${name}`);
    const actCommands = commandIds.filter(
      (id) => id.startsWith('item.') && (itemActionNames as readonly string[]).includes(id.slice('item.'.length)),
    );
    expect(actCommands.sort()).toEqual(withCommand.sort());
    expect(commandIds).not.toContain('item.done');
  });

  it('keep archive on d and #', () => {
    expect(keymap['item.archive'].bindings).toEqual(['d', '#']);
  });

  it.each(supportedLanguages)('are worded in %s, as is what each act tells when done', (language) => {
    for (const name of itemActionNames) {
      const { command, toast } = itemActions[name];
      if (command) expect(text(language, `commands.item.${name}`), `commands.item.${name}`).toEqual(expect.any(String));
      for (const form of ['one', 'other']) {
        expect(text(language, `queue.toast.${toast}_${form}`), `${name}: queue.toast.${toast}_${form}`).toEqual(
          expect.any(String),
        );
      }
    }
  });
});
