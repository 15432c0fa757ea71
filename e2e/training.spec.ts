/**
 * Training as a new user meets it: open the XOR example, train, watch the
 * loss fall and the gradients on the edges, pause, save, reopen and continue
 * from the saved weights. Also a learning rate so large the run diverges, and
 * an edit to the graph while it trains.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parseModel } from '../src/model/parse';
import { chooseMenu, saveAs, setSetting } from './actions';
import { cli } from './cli';
import { expect, test, type AppUnderTest } from './fixtures';

const editorToolbar = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });
const control = (page: Page, name: string) =>
  training(page).getByRole('button', { name, exact: true });

async function openExample(page: Page, title: string) {
  await expect(page.locator('.react-flow')).toBeVisible();
  await chooseMenu(page, 'Examples', title);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

async function chooseSetting(page: Page, label: string, option: string) {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page
    .getByRole('form', { name: 'Training settings' })
    .getByLabel(label)
    .selectOption(option);
}

/** The number a locator shows (`∇ 3.2e-2` → 0.032, `0.04320` → 0.0432). */
async function numberIn(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const match = /-?\d+(\.\d+)?(e-?\d+)?/i.exec(text);
  return match ? Number(match[0]) : NaN;
}

const shownLoss = (page: Page) => numberIn(page.getByTestId('progress-loss'));

async function openFile(page: Page, app: AppUnderTest, fileName: string) {
  if (app.kind === 'electron') await app.answerNextFileDialog(join(app.workDir, fileName));
  await editorToolbar(page).getByRole('button', { name: 'Open' }).click();
  // A checkpoint may have arrived after saving: the document then asks first.
  const ask = page.getByRole('dialog', { name: 'Save changes?' });
  if (app.kind === 'web') {
    const picker = page.getByRole('dialog', { name: 'Open a model' });
    await picker
      .getByRole('list', { name: 'Files' })
      .getByRole('button', { name: fileName })
      .click();
    await picker.getByRole('button', { name: 'Open', exact: true }).click();
  }
  if (await ask.isVisible().catch(() => false)) {
    await ask.getByRole('button', { name: 'Don’t Save' }).click();
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('a new user trains XOR, sees the gradients, saves, reopens and continues', async ({
  page,
  app,
}) => {
  await openExample(page, 'XOR');
  await expect(page.locator('.bp-doc-title__name')).toHaveText('XOR');
  const edgeIds = await page
    .locator('.react-flow__edge')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  expect(edgeIds.length).toBe(5);

  // Long enough to pause while it runs.
  await setSetting(page, 'Epochs', '1000000');
  // A network this small starts at a pace one can watch (XOR learns in about 55 updates);
  // the Full speed switch turns on and back off.
  const speed = training(page).getByRole('combobox', { name: 'Speed' });
  await expect(speed.locator('option:checked')).toHaveText('20 / s');
  const full = training(page).getByRole('button', { name: 'Full speed' });
  await full.click();
  await expect(full).toHaveAttribute('aria-pressed', 'true');
  await expect(speed.locator('option:checked')).toHaveText('Full speed');
  await full.click();
  await expect(full).toHaveAttribute('aria-pressed', 'false');
  await expect(speed.locator('option:checked')).toHaveText('20 / s');

  await test.step('train: the loss falls below 0.05', async () => {
    await control(page, 'Train').click();
    await expect(page.getByTestId('training-state')).toHaveText('Training');
    await expect.poll(() => shownLoss(page), { timeout: 30_000 }).toBeLessThan(0.05);
    await expect(control(page, 'Train')).toBeDisabled();
    // 20 updates a second of XOR's 4 samples: at most 80 samples a second, as the clock sees it.
    await expect(page.getByTestId('progress-rate')).toHaveText(/^\d+$/);
    const rate = await numberIn(page.getByTestId('progress-rate'));
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(80);
    await page.getByRole('tab', { name: 'Loss' }).click();
    await expect(page.getByRole('img', { name: 'Loss per epoch' })).toBeVisible();
  });

  await test.step('every edge carries a non-zero gradient', async () => {
    for (const id of edgeIds) {
      const label = page.getByTestId(`edge-grad-${id}`);
      await expect(label).toHaveText(/^∇ /);
      expect(await numberIn(label), `gradient on ${id}`).toBeGreaterThan(0);
    }
    // The loss node and the edge into it show the loss.
    expect(await numberIn(page.getByTestId('loss-value'))).toBeLessThan(0.05);
  });

  await test.step('pause, then save the trained network', async () => {
    await control(page, 'Pause').click();
    await expect(page.getByTestId('training-state')).toHaveText('Paused');
    await expect(control(page, 'Resume')).toBeEnabled();
    // The pause's checkpoint gives the document its weights.
    await page.waitForTimeout(300);
    await saveAs(page, app, 'xor-trained.bpmodel');
    await expect(page.locator('.bp-doc-title__name')).toHaveText('xor-trained.bpmodel');
  });

  await test.step('reopen and continue from the saved weights', async () => {
    await chooseMenu(page, 'File', 'New', /^Article Network/);
    const ask = page.getByRole('dialog', { name: 'Save changes?' });
    if (await ask.isVisible().catch(() => false)) {
      await ask.getByRole('button', { name: 'Don’t Save' }).click();
    }
    await expect(page.locator('.bp-doc-title__name')).toHaveText('Untitled');
    await openFile(page, app, 'xor-trained.bpmodel');
    await expect(page.locator('.bp-doc-title__name')).toHaveText('xor-trained.bpmodel');
    await expect(page.getByTestId('training-state')).toHaveText('Trained');
    // The saved history: the loss the run had reached.
    expect(await shownLoss(page)).toBeLessThan(0.05);

    // One update from the saved weights: its loss is already low (from the seed it would be ≈ 0.7).
    await control(page, 'Step').click();
    await expect(page.getByTestId('training-state')).toHaveText('Paused');
    await expect(page.getByTestId('progress-step')).toHaveText('1');
    await expect(page.getByTestId('progress-epoch')).toHaveText('1/1000000');
    expect(await shownLoss(page)).toBeLessThan(0.05);

    // That update continued Adam's moments saved with the weights: it is the command line's
    // one epoch (one full-batch update) from the saved file, bit for bit.
    const saved = parseModel(await readFile(join(app.workDir, 'xor-trained.bpmodel'), 'utf8'));
    if (!saved.ok) throw new Error('the saved file does not parse');
    expect(saved.model.resume?.optimizer.name).toBe('adam');
    expect(saved.model.resume?.optimizer.t).toBeGreaterThan(0);
    await cli(
      'train',
      join(app.workDir, 'xor-trained.bpmodel'),
      '--epochs',
      '1',
      '--json',
      '--out',
      join(app.workDir, 'xor-cli.bpmodel'),
    );
    const byCli = parseModel(await readFile(join(app.workDir, 'xor-cli.bpmodel'), 'utf8'));
    if (!byCli.ok) throw new Error('the command line wrote a bad file');
    await saveAs(page, app, 'xor-step.bpmodel');
    // The picker closes before the host has written the file: the title names it once written.
    await expect(page.locator('.bp-doc-title__name')).toHaveText('xor-step.bpmodel');
    const stepped = parseModel(await readFile(join(app.workDir, 'xor-step.bpmodel'), 'utf8'));
    if (!stepped.ok) throw new Error('the stepped file does not parse');
    expect(stepped.model.weights).toEqual(byCli.model.weights);
    expect(stepped.model.weights).not.toEqual(saved.model.weights);

    await control(page, 'Resume').click();
    await expect(page.getByTestId('training-state')).toHaveText('Training');
    await control(page, 'Stop').click();
    await expect(page.getByTestId('training-state')).toHaveText('Stopped');
  });

  expect(app.pageErrors).toEqual([]);
});

test('a huge learning rate diverges, and the alert names the node', async ({ page }) => {
  await openExample(page, 'Sine regression');
  await chooseSetting(page, 'Optimizer', 'sgd');
  await chooseSetting(page, 'Gradient descent', 'full');
  await setSetting(page, 'Learning rate', '100');
  await control(page, 'Train').click();
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText(/learning rate/i);
  const named = /(Dense|Activation|Loss|Input) "([^"]+)"/.exec((await alert.textContent()) ?? '');
  expect(named, 'the alert names a node').not.toBeNull();
  await expect(page.getByTestId('training-state')).toHaveText('Diverged');
  // The node is marked on the canvas.
  await expect(
    page.locator(`.react-flow__node[data-id="${named![2]}"] .bp-node.is-diverged`),
  ).toBeVisible();
});

test('editing the graph while it trains stops the run with a message', async ({ page }) => {
  await openExample(page, 'XOR');
  await setSetting(page, 'Epochs', '1000000');
  await control(page, 'Train').click();
  await expect(page.getByTestId('training-state')).toHaveText('Training');

  await page.locator('.react-flow__node[data-id="dense1"]').click();
  const units = page.getByRole('region', { name: 'Inspector' }).getByLabel('Units');
  await units.fill('6');
  await units.press('Enter');

  await expect(page.getByRole('status').filter({ hasText: 'the graph changed' })).toBeVisible();
  await expect(page.getByTestId('training-state')).toHaveText('Stopped');
  await expect(control(page, 'Train')).toBeEnabled();
});
