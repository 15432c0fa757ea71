/**
 * The menus from the keyboard, dialogs holding focus, New's two choices,
 * palette clicks placing nodes side by side, and the web host's file picker
 * (last folder, path field, filtered listing, asking before replacing), all
 * under the web host's strict CSP (page errors include CSP violations).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { windowTitle } from '../app/shared/ipc';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { chooseMenu, toolbar } from './actions';
import { expect, test } from './fixtures';

const SHOTS = 'e2e/artifacts/screens';
const palette = (page: Page) => page.getByRole('navigation', { name: 'Node palette' });
const focusInDialog = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));

test('menus work from the keyboard, dialogs keep focus, and New offers an empty canvas', async ({
  page,
  app,
}) => {
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  const nodes = page.locator('.react-flow__node');
  const count = await nodes.count();

  await test.step('arrow keys and Enter run a menu item', async () => {
    await page.getByRole('menubar').getByRole('menuitem', { name: 'View' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menu', { name: 'View' })).toBeVisible();
    // Left moves to the Edit menu; Up wraps to its last item, Select All.
    await page.keyboard.press('ArrowLeft');
    const edit = page.getByRole('menu', { name: 'Edit' });
    await expect(edit).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await expect(edit.getByRole('menuitem', { name: /^Select All/ })).toBeFocused();
    // While a menu is open, keys are the menu's: Ctrl+A does not run Select All behind it.
    await page.keyboard.press('Control+A');
    await expect(edit).toBeVisible();
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/menu-edit-1280-light.png` });
    await page.keyboard.press('Enter');
    await expect(edit).toBeHidden();
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(count);
  });

  await test.step('Ctrl+N still asks about unsaved changes, and Tab stays in the dialog', async () => {
    await page.keyboard.press('Control+D'); // duplicate: an unsaved change
    await expect(page).toHaveTitle(windowTitle('Untitled', true));
    await page.keyboard.press('Control+N');
    const ask = page.getByRole('dialog', { name: 'Save changes?' });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(page)).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focusInDialog(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect(ask).toBeHidden();
    await expect(nodes).toHaveCount(2 * count);
  });

  await test.step('File ▸ New ▸ Empty Canvas, after the question', async () => {
    await chooseMenu(page, 'File', 'New');
    await page.screenshot({ path: `${SHOTS}/menu-file-new-1280-light.png` });
    await page
      .getByRole('menu')
      .last()
      .getByRole('menuitem', { name: /^Empty Canvas/ })
      .click();
    const ask = page.getByRole('dialog', { name: 'Save changes?' });
    await ask.getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page).toHaveTitle(windowTitle('Untitled', false));
    await expect(nodes).toHaveCount(0);
    await expect(page.getByText('The network has no Input node')).toBeVisible();
  });

  await test.step('palette clicks place nodes side by side, fitted to the data', async () => {
    for (let i = 0; i < 3; i++) {
      await palette(page).getByRole('button', { name: 'Dense', exact: true }).click();
    }
    await palette(page).getByRole('button', { name: 'Input', exact: true }).click();
    await expect(nodes).toHaveCount(4);
    const boxes = await nodes.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart, `nodes ${i} and ${j} overlap`).toBe(true);
      }
    }
    // The article data has 3 features: the new Input says so.
    await expect(page.locator('.react-flow__node[data-id="input1"] .bp-face-main')).toHaveText(
      '3 features',
    );
  });

  expect(app.pageErrors).toEqual([]);
});

test('the web file picker remembers its folder, takes a typed path, lists what it can open and asks before replacing', async ({
  page,
  app,
}) => {
  test.skip(app.kind === 'electron', 'the desktop uses native file dialogs, not this picker');
  const models = join(app.workDir, 'models');
  await mkdir(models);
  const article = exampleById('article')!.model();
  await writeFile(join(app.workDir, 'top.bpmodel'), serializeModel(article));
  await writeFile(join(models, 'b.bpmodel'), serializeModel({ ...article, name: 'B' }));
  await writeFile(join(models, 'notes.txt'), 'not a model');
  await writeFile(join(models, 'data.csv'), 'x,y\n1,2\n');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();

  const picker = page.getByRole('dialog', { name: 'Open a model' });
  const files = picker.getByRole('list', { name: 'Files' });
  const path = picker.getByRole('textbox', { name: 'Path' });

  await test.step('folders with folder icons, and only model files', async () => {
    await toolbar(page).getByRole('button', { name: 'Open' }).click();
    await expect(path).toHaveValue(app.workDir);
    await expect(files.getByRole('button', { name: 'models (folder)' })).toBeVisible();
    await expect(files.locator('.bp-picker__icon.is-folder')).toHaveCount(1);
    await files.getByRole('button', { name: 'models (folder)' }).click();
    await expect(path).toHaveValue(models);
    await expect(files.getByRole('button')).toHaveText(['b.bpmodel']);
    await page.screenshot({ path: `${SHOTS}/picker-open-1280-light.png` });
  });

  await test.step('a typed folder lists it; a typed file opens it', async () => {
    await path.fill(app.workDir);
    await path.press('Enter');
    await expect(files.getByRole('button', { name: 'top.bpmodel' })).toBeVisible();
    await path.fill(join(models, 'b.bpmodel'));
    await path.press('Enter');
    await expect(picker).toBeHidden();
    await expect(page).toHaveTitle(windowTitle('b.bpmodel', false));
  });

  await test.step('the next Open starts in the last-used folder', async () => {
    await toolbar(page).getByRole('button', { name: 'Open' }).click();
    await expect(path).toHaveValue(models);
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await expect(picker).toBeHidden();
  });

  await test.step('Save As asks before replacing a file', async () => {
    const before = await readFile(join(models, 'b.bpmodel'), 'utf8');
    await chooseMenu(page, 'File', /^Save As…/);
    const save = page.getByRole('dialog', { name: 'Save as' });
    await expect(save.getByRole('textbox', { name: 'Path' })).toHaveValue(models);
    await save.getByRole('textbox', { name: 'File name' }).fill('b');
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(save.getByRole('alert')).toContainText('“b.bpmodel” already exists');
    await page.screenshot({ path: `${SHOTS}/picker-replace-1280-light.png` });
    expect(await readFile(join(models, 'b.bpmodel'), 'utf8')).toBe(before);
    // Another name: no question.
    await save.getByRole('textbox', { name: 'File name' }).fill('c');
    await expect(save.getByRole('alert')).toBeHidden();
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(save).toBeHidden();
    // The picker closes as the save starts; the title says when it is done.
    await expect(page).toHaveTitle(/c\.bpmodel/);
    await expect
      .poll(async () => (await stat(join(models, 'c.bpmodel')).catch(() => null))?.isFile())
      .toBe(true);
    // The same name again, confirmed: replaced.
    await chooseMenu(page, 'File', /^Save As…/);
    await save.getByRole('textbox', { name: 'File name' }).fill('b.bpmodel');
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await save.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect(save).toBeHidden();
    await expect(page).toHaveTitle(windowTitle('b.bpmodel', false));
    expect(await readFile(join(models, 'b.bpmodel'), 'utf8')).not.toBe(before);
  });

  expect(app.pageErrors).toEqual([]);
});
