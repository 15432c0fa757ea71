/**
 * Step mode as a student meets it: open the article's network from the
 * Examples menu, save it, step through one update with the buttons and the
 * arrow keys, and check that the δ and ∂L/∂W the panel shows are what the
 * command line computes for the same saved file (`backprop-studio grad` and
 * `predict`, to the four digits shown); then check the gradients against
 * finite differences. Screenshots of the panel go to e2e/artifacts/teaching/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { loadDataset } from '../src/model/data';
import { parseModel } from '../src/model/parse';
import { formatNumber } from '../src/teaching/format';
import { chooseMenu, openArticleSaved } from './actions';
import { cli } from './cli';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

const shots = join(repoRoot, 'e2e/artifacts/teaching');
const panel = (page: Page) => page.getByRole('region', { name: 'Step through one update' });
const current = (page: Page) => panel(page).getByRole('article', { name: 'Current step' });

/** Presses → (or ←) until the panel shows the step with this key. */
async function walkTo(page: Page, key: string, arrow: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight') {
  for (let i = 0; i < 20; i++) {
    if ((await current(page).getAttribute('data-step')) === key) return;
    await page.keyboard.press(arrow);
  }
  await expect(current(page)).toHaveAttribute('data-step', key);
}

/** The numbers of a step value as shown: `[a, b; c, d]` → [[a, b], [c, d]] (strings, as displayed). */
async function shown(page: Page, key: string): Promise<string[][]> {
  const numbers = current(page).locator('details.bp-step__numbers');
  if ((await numbers.getAttribute('open')) === null) await numbers.locator('summary').click();
  const text = (await current(page).getByTestId(`step-value-${key}`).textContent()) ?? '';
  expect(text).toMatch(/^\[.*\]$/);
  return text
    .slice(1, -1)
    .split('; ')
    .map((row) => row.split(', '));
}

const formatted = (rows: number[][]) => rows.map((r) => r.map((v) => formatNumber(v)));

test('stepping through one update shows the numbers `backprop-studio grad` computes', async ({
  page,
  app,
}) => {
  const file = await openArticleSaved(page, app);

  await page
    .getByRole('toolbar', { name: 'Editor' })
    .getByRole('button', { name: 'Step through' })
    .click();
  await expect(panel(page)).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-step', 'forward:input');
  await expect(panel(page).getByText('each column is one sample', { exact: true })).toBeVisible();
  await expect(panel(page)).toContainText('All 64 samples of the data set');
  await expect(page.locator('.react-flow__node[data-id="input"] .bp-node')).toHaveClass(
    /is-step-focus/,
  );

  // Forward with the buttons, then the keys; back and forth.
  await panel(page).getByRole('button', { name: 'Next' }).click();
  await expect(current(page)).toHaveAttribute('data-step', 'forward:dense1');
  await expect(page.locator('.react-flow__node[data-id="dense1"] .bp-node')).toHaveClass(
    /is-step-focus/,
  );
  await expect(current(page).locator('.katex').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'step-forward-dense.png') });
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-step', 'forward:act1');
  await page.keyboard.press('ArrowLeft');
  await expect(current(page)).toHaveAttribute('data-step', 'forward:dense1');
  await panel(page).getByRole('button', { name: 'Previous' }).click();
  await expect(current(page)).toHaveAttribute('data-step', 'forward:input');
  await walkTo(page, 'loss');
  await page.screenshot({ path: join(shots, 'step-loss.png') });
  await walkTo(page, 'backward:loss');
  await expect(page.locator('.bp-edge.is-step-focus')).toHaveCount(1);

  // δ⁽²⁾ of sample 3, against the command line's prediction for that sample:
  // δ = ∂L/∂a ⊙ σ′(z) = (2/m)(a − y) · a(1 − a).
  await walkTo(page, 'backward:act2');
  await current(page)
    .getByRole('combobox', { name: /Sample i/ })
    .selectOption({ label: '3' });
  const model = parseModel(await readFile(file, 'utf8'));
  if (!model.ok) throw new Error('the saved file does not parse');
  const data = (await loadDataset(model.model.data)).all;
  const x3 = Array.from(data.x.subarray(2 * 3, 3 * 3));
  const y3 = data.y[2];
  const predicted = await cli<{ predictions: number[][] }>(
    'predict',
    file,
    '--input',
    JSON.stringify([x3]),
    '--json',
  );
  const a = predicted.predictions[0][0];
  const delta = (2 / data.m) * (a - y3) * a * (1 - a);
  expect(await shown(page, 'delta')).toEqual([[formatNumber(delta)]]);
  await expect(current(page)).toContainText('Sample i');
  await page.screenshot({ path: join(shots, 'step-delta.png') });

  // ∂L/∂W and ∂L/∂b of both layers, against `grad` on the saved file.
  const grad = await cli<{
    loss: number;
    samples: number;
    gradients: Record<string, { W: number[][]; b: number[] }>;
  }>('grad', file, '--json');
  expect(grad.samples).toBe(64);
  await walkTo(page, 'backward:dense2:W');
  expect(await shown(page, 'dW')).toEqual(formatted(grad.gradients.dense2.W));
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-step', 'backward:dense2:b');
  expect(await shown(page, 'db')).toEqual(formatted(grad.gradients.dense2.b.map((v) => [v])));
  await walkTo(page, 'backward:dense1:W');
  expect(await shown(page, 'dW')).toEqual(formatted(grad.gradients.dense1.W));
  // The KaTeX formula shows the same numbers as the text.
  for (const v of grad.gradients.dense1.W[0]) {
    await expect(current(page).getByTestId('step-formula')).toContainText(
      formatNumber(v).split('e')[0],
    );
  }
  await page.screenshot({ path: join(shots, 'step-dW.png') });
  await panel(page).getByRole('button', { name: 'Next' }).click();
  expect(await shown(page, 'db')).toEqual(formatted(grad.gradients.dense1.b.map((v) => [v])));
  // Walk backward through the backward pass with ←.
  await walkTo(page, 'backward:act2', 'ArrowLeft');
  await walkTo(page, 'backward:dense1:b');
  // The loss, too.
  await walkTo(page, 'loss', 'ArrowLeft');
  expect(await shown(page, 'L')).toEqual([[formatNumber(grad.loss)]]);

  // Check gradients: every layer's W and b below 1e-6.
  await walkTo(page, 'update:dense1');
  await panel(page).getByRole('button', { name: 'Check gradients' }).click();
  const check = panel(page).getByRole('complementary', { name: 'Gradient check' });
  await expect(check.getByRole('status')).toContainText('All below 1e-6');
  for (const id of ['dense1-W', 'dense1-b', 'dense2-W', 'dense2-b']) {
    const cell = check.getByTestId(`gradcheck-${id}`);
    expect(Number(await cell.textContent())).toBeLessThan(1e-6);
  }
  await page.screenshot({ path: join(shots, 'step-update-check.png') });
  await panel(page).screenshot({ path: join(shots, 'step-panel.png') });

  // Play advances on its own; closing clears the highlight.
  await panel(page).getByRole('button', { name: 'Play' }).click();
  await expect(current(page)).toHaveAttribute('data-step', 'update:dense2', { timeout: 5000 });
  await panel(page).getByRole('button', { name: 'Close step mode' }).click();
  await expect(panel(page)).toBeHidden();
  await expect(page.locator('.is-step-focus')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});

test('small layers show whole matrices, samples as columns (XOR, Adam)', async ({ page }) => {
  await chooseMenu(page, 'Examples', /^XOR/);
  await expect(page).toHaveTitle(/^XOR — /);
  await page
    .getByRole('toolbar', { name: 'Editor' })
    .getByRole('button', { name: 'Step through' })
    .click();
  await expect(panel(page)).toContainText('All 4 samples of the data set');
  await walkTo(page, 'forward:dense1');
  // 4 units × 4 samples, whole: no neuron or sample picker.
  expect(await shown(page, 'z')).toHaveLength(4);
  await expect(current(page).getByRole('combobox', { name: /Neuron j/ })).toHaveCount(0);
  await page.screenshot({ path: join(shots, 'step-small-forward.png') });
  await walkTo(page, 'backward:act1');
  await page.screenshot({ path: join(shots, 'step-small-delta.png') });
  await walkTo(page, 'update:dense2');
  await expect(current(page)).toContainText('Adam');
  await page.screenshot({ path: join(shots, 'step-small-adam.png') });
});
