/**
 * What a user does in every scenario, once: the toolbars, and opening and
 * saving a file through the host's dialog (native on the desktop, the in-app
 * picker on the web).
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, type AppUnderTest } from './fixtures';

export const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
export const inspector = (page: Page) => page.getByRole('region', { name: 'Inspector' });

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

/** Examples ▸ the article's network, which opens as an unsaved document. */
export async function openArticle(page: Page) {
  await chooseMenu(page, 'Examples', /^The article’s network/);
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
  await chooseMenu(page, 'File', /^Save As…/);
  const picker = page.getByRole('dialog', { name: 'Save as' });
  await expect(picker).toBeVisible();
  await picker.getByRole('textbox', { name: 'File name' }).fill(fileName);
  await picker.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(picker).toBeHidden();
}

/** Save As… `fileName`, then waits for the window title to name the file. */
export async function saveAsNamed(page: Page, app: AppUnderTest, fileName: string) {
  await saveAs(page, app, fileName);
  await expect(page).toHaveTitle(new RegExp(`^${fileName.replace('.', '\\.')} — `));
}

/**
 * The article's network opened and saved as `article.bpmodel` in the work folder, for a scenario
 * that compares the page with the command line on that file; resolves with its path.
 */
export async function openArticleSaved(page: Page, app: AppUnderTest): Promise<string> {
  await openArticle(page);
  await saveAsNamed(page, app, 'article.bpmodel');
  return join(app.workDir, 'article.bpmodel');
}

/** Examples ▸ the example whose menu item matches `title`. */
export async function openExample(page: Page, title: RegExp) {
  await chooseMenu(page, 'Examples', title);
}

/** Examples ▸ `title` (the whole name), then waits for its graph. */
export async function openExampleFromMenu(page: Page, title: string) {
  await expect(page.locator('.react-flow')).toBeVisible();
  await chooseMenu(page, 'Examples', title);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

/** Opens the Settings tab, types a value into a training setting and presses Enter; returns the field. */
export async function typeSetting(page: Page, label: string, value: string) {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const field = page.getByRole('form', { name: 'Training settings' }).getByLabel(label);
  await field.fill(value);
  await field.press('Enter');
  return field;
}

/** Types a value into a training setting, commits it with Enter and checks the field kept it. */
export async function setSetting(page: Page, label: string, value: string) {
  const field = await typeSetting(page, label, value);
  await expect(field).toHaveValue(value);
}

/** Presses Train and waits for the state to read Training. */
export async function startTraining(page: Page) {
  const training = page.getByRole('toolbar', { name: 'Training' });
  await training.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-state')).toHaveText('Training');
}

/**
 * Train at full speed: small networks (the article's, XOR) start at a watchable pace of 20
 * updates a second, which would make a 1,000-epoch run last most of a minute.
 */
export async function trainAtFullSpeed(page: Page) {
  const training = page.getByRole('toolbar', { name: 'Training' });
  const full = training.getByRole('button', { name: 'Full speed', exact: true });
  if ((await full.getAttribute('aria-pressed')) !== 'true') await full.click();
  await expect(full).toHaveAttribute('aria-pressed', 'true');
  await training.getByRole('button', { name: 'Train', exact: true }).click();
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

/** Drags a node kind from the palette onto the canvas, `at` relative to the pane's top-left corner. */
export async function dragFromPalette(page: Page, label: string, at: { x: number; y: number }) {
  const item = page
    .getByRole('navigation', { name: 'Node palette' })
    .getByRole('button', { name: label, exact: true });
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

async function centre(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Whether every handle lies wholly inside the canvas's pane. */
async function allInPane(page: Page, handles: Locator[]): Promise<boolean> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('the canvas is not visible');
  for (const handle of handles) {
    const box = await handle.boundingBox();
    if (
      !box ||
      box.x < pane.x ||
      box.y < pane.y ||
      box.x + box.width > pane.x + pane.width ||
      box.y + box.height > pane.y + pane.height
    )
      return false;
  }
  return true;
}

/**
 * Frames the graph (the F shortcut, with no field focused) when a handle lies outside the
 * pane: a slow drag near the canvas's edge pans it, which can leave the next node out of view.
 */
async function framedIfOutside(page: Page, handles: Locator[]) {
  if (await allInPane(page, handles)) return;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('F');
  // The fit animates: settled once the viewport's transform is the same at two polls.
  const viewport = page.locator('.react-flow__viewport');
  let last = '';
  await expect
    .poll(async () => {
      const now = await viewport.evaluate((v) => getComputedStyle(v).transform);
      const settled = now === last;
      last = now;
      return settled && (await allInPane(page, handles));
    })
    .toBe(true);
}

/** Drags from one node's output handle to another's input handle, in several steps. */
export async function connect(page: Page, from: string, to: string) {
  const source = node(page, from).locator('.react-flow__handle.source');
  const target = node(page, to).locator('.react-flow__handle.target');
  await framedIfOutside(page, [source, target]);
  const a = await centre(source);
  const b = await centre(target);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 20, a.y + 10, { steps: 4 });
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** Selects a node by clicking its header (the inspector then shows it). */
export async function selectNode(page: Page, nodeId: string) {
  await node(page, nodeId).locator('.bp-node__header').click();
  await expect(inspector(page).getByText(nodeId, { exact: true })).toBeVisible();
}

/** Selects a node and sets one text field in the inspector. */
export async function setField(page: Page, nodeId: string, field: string, value: string) {
  await selectNode(page, nodeId);
  const input = inspector(page).getByLabel(field, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

/**
 * Deletes every node of the opening document. Waits for the opening fit view first: React
 * Flow defers it until nodes are measured, and a deferred fit would otherwise frame the
 * first node dropped on the emptied canvas.
 */
export async function clearCanvas(page: Page) {
  await expect(page.locator('.react-flow__viewport')).not.toHaveAttribute(
    'style',
    /translate\(0px, 0px\) scale\(1\)/,
  );
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
}

/** The window sizes the screenshots are taken at. */
export const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Runs `look` at each screenshot size, light then dark, and leaves the window as the scenarios
 * start it: 1280 × 800, light.
 */
export async function eachLook(
  page: Page,
  look: (size: (typeof SCREEN_SIZES)[number], scheme: 'light' | 'dark') => Promise<void>,
) {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await look(size, scheme);
    }
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
}
