/**
 * What a user does in every scenario, once: the toolbars, and opening and
 * saving a file through the host's dialog (native on the desktop, the in-app
 * picker on the web).
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type AppUnderTest } from './fixtures';

export const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Open… from the toolbar, choosing `fileName` in the work folder. */
export async function openFile(page: Page, app: AppUnderTest, fileName: string) {
  if (app.kind === 'electron') {
    await app.answerNextFileDialog(join(app.workDir, fileName));
    await toolbar(page).getByRole('button', { name: 'Open' }).click();
    return;
  }
  await toolbar(page).getByRole('button', { name: 'Open' }).click();
  const picker = page.getByRole('dialog', { name: 'Open a model' });
  await picker.getByRole('list', { name: 'Files' }).getByRole('button', { name: fileName }).click();
  await picker.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(picker).toBeHidden();
}

/** File ▸ Save As…, saving as `fileName` in the work folder. */
export async function saveAs(page: Page, app: AppUnderTest, fileName: string) {
  if (app.kind === 'electron') {
    await app.answerNextFileDialog(join(app.workDir, fileName));
    await page.keyboard.press('Control+Shift+S');
    return;
  }
  await page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('button', { name: 'File' })
    .click();
  await page.getByRole('menuitem', { name: /^Save As…/ }).click();
  const picker = page.getByRole('dialog', { name: 'Save as' });
  await expect(picker).toBeVisible();
  await picker.getByRole('textbox', { name: 'File name' }).fill(fileName);
  await picker.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(picker).toBeHidden();
}

/** Examples ▸ the example whose menu item matches `title`. */
export async function openExample(page: Page, title: RegExp) {
  await page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('button', { name: 'Examples' })
    .click();
  await page.getByRole('menuitem', { name: title }).click();
}

/** Types a value into a training setting and commits it with Enter. */
export async function setSetting(page: Page, label: string, value: string) {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const field = page.getByRole('form', { name: 'Training settings' }).getByLabel(label);
  await field.fill(value);
  await field.press('Enter');
  await expect(field).toHaveValue(value);
}

interface DropGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
}

/** Drops a file named `name` holding `text` on the window, as a file dragged in from the desktop arrives. */
export async function dropFile(page: Page, name: string, text: string, type: string) {
  // Built in the page (e2e type-checks without the DOM library).
  const dataTransfer = await page.evaluateHandle(
    ({ text, name, type }) => {
      const g = globalThis as unknown as DropGlobals;
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([text], name, { type }));
      return transfer;
    },
    { text, name, type },
  );
  const root = page.locator('.bp-app');
  for (const event of ['dragenter', 'dragover', 'drop']) {
    await root.dispatchEvent(event, { dataTransfer });
  }
}
