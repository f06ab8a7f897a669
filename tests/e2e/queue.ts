import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The queue row the moderator is on. */
export const selectedRow = (page: Page): Locator => page.locator('.queue-row[aria-selected="true"]');

/**
 * Keyboard only, as a moderator does it: search for an interaction, leave the field, open it and
 * start a public reply. Answers the composer region, its text field focused.
 */
export async function openReplyTo(page: Page, search: string, expected: string | RegExp): Promise<Locator> {
  await expect(selectedRow(page)).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await page.keyboard.type(search);
  await expect(selectedRow(page)).toContainText(expected);
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  const composer = page.getByRole('region', { name: 'Risposta' });
  await expect(composer.getByLabel('Testo della risposta')).toBeFocused();
  return composer;
}
