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

/**
 * Chooses from the in-app menu bar (Radix Menubar): opens the menu named `menu`, then each
 * submenu in `items`, and clicks the last. A string matches a whole name, a RegExp a part
 * (items with a shortcut read like `Save As… Ctrl+Shift+S`).
 */
export async function chooseMenu(page: Page, menu: string, ...items: (string | RegExp)[]) {
  await page.getByRole('menubar').getByRole('menuitem', { name: menu, exact: true }).click();
  for (const item of items) {
    await page
      .getByRole('menu')
      .last()
      .getByRole('menuitem', { name: item, exact: typeof item === 'string' })
      .click();
  }
}

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
  await chooseMenu(page, 'File', /^Save As…/);
  const picker = page.getByRole('dialog', { name: 'Save as' });
  await expect(picker).toBeVisible();
  await picker.getByRole('textbox', { name: 'File name' }).fill(fileName);
  await picker.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(picker).toBeHidden();
}
