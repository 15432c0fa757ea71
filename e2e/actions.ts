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

/** Examples ▸ the article's network, which opens as an unsaved document. */
export async function openArticle(page: Page) {
  await page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('button', { name: 'Examples' })
    .click();
  await page.getByRole('menuitem', { name: /^The article’s network/ }).click();
  await expect(page).toHaveTitle(/^Article network \[3, 5, 1\] — /);
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
