/**
 * A pace one can follow: the article's network, one update at a time. Next
 * shows the forward values on every edge, then δ on every edge, then the
 * weights old → new; the new weights are what `backprop-studio grad` says
 * plain gradient descent makes of the saved file's weights (W − λ·∂L/∂W, to
 * the four digits shown). Then full speed, and a run whose loss rose ending
 * with a warning. Screenshots go to e2e/artifacts/pace/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parseModel } from '../src/model/parse';
import { denseWeights } from '../src/engine/weights';
import { formatNumber } from '../src/teaching/format';
import { eachLook, openArticle, openArticleSaved } from './actions';
import { cli } from './cli';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

const shots = join(repoRoot, 'e2e/artifacts/pace');
const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });
const speed = (page: Page) => training(page).getByRole('combobox', { name: 'Speed' });
const card = (page: Page) => page.getByRole('region', { name: 'One update at a time' });

/** The number an edge label shows (`∇ 3.2e-2` → 0.032). */
async function numberIn(locator: Locator): Promise<number> {
  const match = /-?\d+(\.\d+)?(e-?\d+)?/i.exec((await locator.textContent()) ?? '');
  return match ? Number(match[0]) : NaN;
}

/** What a cell of the weights table shows: [old, new]. */
async function cell(page: Page, id: string): Promise<[string, string]> {
  const td = card(page).getByTestId(id);
  return [
    (await td.locator('.bp-walk__old').textContent()) ?? '',
    (await td.locator('.bp-walk__new').textContent()) ?? '',
  ];
}

test('one update at a time: forward values, δ on every edge, then the weights `grad` gives', async ({
  page,
  app,
}) => {
  const file = await openArticleSaved(page, app);
  const edgeIds = await page
    .locator('.react-flow__edge')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  expect(edgeIds).toHaveLength(5);

  // A small network on small data starts at a pace one can watch.
  await expect(speed(page).locator('option:checked')).toHaveText('20 / s');
  await speed(page).selectOption({ label: 'One at a time' });
  await expect(card(page)).toBeVisible();
  const next = card(page).getByRole('button', { name: 'Next' });

  await test.step('the first update, part by part', async () => {
    await next.click();
    await expect(card(page)).toHaveAttribute('data-phase', 'forward');
    await expect(card(page)).toContainText('Update 1');
    await expect(page.getByTestId('training-state')).toHaveText('Paused');
    for (const id of edgeIds) {
      const label = page.getByTestId(`edge-act-${id}`);
      await expect(label).toHaveText(/^a \d/);
      expect(await numberIn(label), `forward value on ${id}`).toBeGreaterThan(0);
    }
    await expect(page.locator('.bp-canvas-area')).toHaveAttribute('data-phase', 'forward');
    await page.screenshot({ path: join(shots, 'walk-forward.png') });
    await next.click();
    await expect(card(page)).toHaveAttribute('data-phase', 'backward');
    for (const id of edgeIds) {
      const label = page.getByTestId(`edge-grad-${id}`);
      await expect(label).toHaveText(/^∇ \d/);
      expect(await numberIn(label), `δ on ${id}`).toBeGreaterThan(0);
    }
    await expect(page.locator('.bp-canvas-area')).toHaveAttribute('data-phase', 'backward');
    await page.screenshot({ path: join(shots, 'walk-backward.png') });
    await next.click();
    await expect(card(page)).toHaveAttribute('data-phase', 'update');
    await expect(card(page).getByTestId('walk-layer-dense1')).toBeVisible();
    await expect(card(page).getByTestId('walk-layer-dense2')).toBeVisible();
    await page.screenshot({ path: join(shots, 'walk-update.png') });
  });

  // The document holds the weights after update 1: save them and ask the command line.
  await page.keyboard.press('Control+S');
  await expect
    .poll(async () => {
      const saved = parseModel(await readFile(file, 'utf8'));
      return saved.ok ? Object.keys(saved.model.weights ?? {}).length : 0;
    })
    .toBe(2);
  const saved = parseModel(await readFile(file, 'utf8'));
  if (!saved.ok) throw new Error('the saved file does not parse');
  const weights = Object.fromEntries(
    Object.entries(saved.model.weights ?? {}).map(([id, w]) => [id, denseWeights(w)!]),
  );
  const lr = saved.model.training.learningRate;
  expect(saved.model.training.optimizer).toBe('sgd');
  const grad = await cli<{
    loss: number;
    samples: number;
    gradients: Record<string, { W: number[][]; b: number[] }>;
  }>('grad', file, '--json');

  await test.step('the second update equals W − λ·∂L/∂W of `grad` on the saved file', async () => {
    await next.click();
    await expect(card(page)).toContainText('Update 2');
    await expect(card(page)).toHaveAttribute('data-phase', 'forward');
    // The forward pass's loss is `grad`'s loss at these weights.
    await expect(card(page).getByTestId('walk-loss')).toHaveText(formatNumber(grad.loss));
    await next.click();
    await next.click();
    await expect(card(page)).toHaveAttribute('data-phase', 'update');
    for (const id of ['dense1', 'dense2']) {
      const { W, b } = weights[id];
      const g = grad.gradients[id];
      for (let r = 0; r < W.length; r++) {
        for (let c = 0; c < W[r].length; c++) {
          expect(await cell(page, `walk-${id}-W-${r}-${c}`), `${id} W[${r}][${c}]`).toEqual([
            formatNumber(W[r][c]),
            formatNumber(W[r][c] - lr * g.W[r][c]),
          ]);
        }
        expect(await cell(page, `walk-${id}-b-${r}`), `${id} b[${r}]`).toEqual([
          formatNumber(b[r]),
          formatNumber(b[r] - lr * g.b[r]),
        ]);
      }
    }
  });

  await test.step('the weights fold away to show the canvas', async () => {
    const summary = card(page).getByText('The weights, before and after');
    await summary.click();
    await expect(card(page).getByTestId('walk-layer-dense1')).toBeHidden();
    await page.screenshot({ path: join(shots, 'walk-update-folded.png') });
    await summary.click();
    await expect(card(page).getByTestId('walk-layer-dense1')).toBeVisible();
  });

  await test.step('screenshots at two sizes, light and dark', async () => {
    await eachLook(page, async ({ width, height }, scheme) => {
      await page.screenshot({ path: join(shots, `walk-${width}x${height}-${scheme}.png`) });
    });
  });

  await test.step('Full speed leaves the walk and trains on', async () => {
    await training(page).getByRole('button', { name: 'Full speed' }).click();
    await expect(card(page)).toBeHidden();
    await expect(speed(page).locator('option:checked')).toHaveText('Full speed');
    // 1,000 epochs of 64 samples, full batch: done in seconds.
    await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 30_000 });
    await expect(page.getByRole('status')).toContainText('Trained 1000 epochs.');
  });
  expect(app.pageErrors).toEqual([]);
});

test('a run whose loss ends above its start ends with a warning (learning rate 100)', async ({
  page,
  app,
}) => {
  await openArticle(page);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Training settings' });
  for (const [label, value] of [
    ['Learning rate', '100'],
    ['Epochs', '500'],
  ]) {
    const field = form.getByLabel(label);
    await field.fill(value);
    await field.press('Enter');
    await expect(field).toHaveValue(value);
  }
  await training(page).getByRole('button', { name: 'Full speed' }).click();
  await training(page).getByRole('button', { name: 'Train' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('The loss rose.');
  await expect(alert).toContainText(
    'Trained 500 epochs, but the loss ended above where it started',
  );
  await expect(alert).toContainText('The learning rate (100) is probably too high: try 10.');
  await expect(page.getByTestId('training-state')).toHaveText('Done');
  await page.screenshot({ path: join(shots, 'warning-rose.png') });
  // It stays until dismissed (a good run's note fades after a few seconds).
  await page.waitForTimeout(7000);
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
  expect(app.pageErrors).toEqual([]);
});
