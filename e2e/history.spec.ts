/**
 * The article's plots, reproduced: every weight of its single neuron over a
 * run, read by hovering; and full-batch, stochastic and mini-batch gradient
 * descent overlaid on one loss plot, each run labelled in the run list.
 */
import type { Locator, Page } from '@playwright/test';
import {
  openExampleFromMenu,
  openFile,
  saveAs,
  toolbar,
  trainAtFullSpeed,
  typeSetting,
} from './actions';
import { expect, test } from './fixtures';

const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });
const control = (page: Page, name: string) =>
  training(page).getByRole('button', { name, exact: true });
const settings = (page: Page) => page.getByRole('form', { name: 'Training settings' });

/** The legend of a chart: label → the value it shows now. */
async function legend(chart: Locator): Promise<Map<string, string>> {
  const rows = await chart
    .locator('.u-legend .u-series')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('.u-label')?.textContent ?? '',
        tr.querySelector('.u-value')?.textContent ?? '',
      ]),
    );
  return new Map(rows as [string, string][]);
}

/** Hovers a chart's plot area at `fx` of its width (0 left edge, 1 right edge), halfway down. */
async function hover(page: Page, chart: Locator, fx: number) {
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + Math.min(box.width - 1, box.width * fx), box.y + box.height / 2);
}

/** Trains at full speed until the run is done. */
async function trainToEnd(page: Page) {
  await trainAtFullSpeed(page);
  await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 30_000 });
}

test('the article’s single neuron: every weight’s history, hovered, converges to (1, 0, 0) and 0', async ({
  page,
  app,
}) => {
  await openExampleFromMenu(page, 'Article: one neuron');
  await page.getByRole('tab', { name: 'Weights' }).click();
  await trainToEnd(page);

  const chart = page.getByRole('img', { name: 'Weights and biases of dense1 over time' });
  await expect(chart).toBeVisible();
  // One sample per update of the 1000-epoch full-batch run, not one per frame.
  await expect(chart).toHaveAttribute('data-points', /\d+/);
  const points = Number(await chart.getAttribute('data-points'));
  expect(points).toBeGreaterThanOrEqual(500);

  const before = await legend(chart);
  expect([...before.keys()]).toEqual(['update', 'w₁', 'w₂', 'w₃', 'b']);

  // Hovering the start of the run shows the values at an early update.
  await hover(page, chart, 0.02);
  const early = await legend(chart);
  expect(Number(early.get('update'))).toBeGreaterThan(0);
  expect(Number(early.get('update'))).toBeLessThan(100);
  for (const name of ['w₁', 'w₂', 'w₃', 'b']) expect(early.get(name)).toMatch(/^-?\d/);

  // The last update: w ≈ (1, 0, 0), b ≈ 0.
  await hover(page, chart, 1);
  const last = await legend(chart);
  expect(Number(last.get('update'))).toBe(1000);
  expect(Math.abs(Number(last.get('w₁')) - 1)).toBeLessThan(0.05);
  for (const name of ['w₂', 'w₃', 'b']) expect(Math.abs(Number(last.get(name)))).toBeLessThan(0.05);
  expect(Number(early.get('w₁'))).not.toBeCloseTo(Number(last.get('w₁')), 2);

  // Pointing at w₁ in the legend lights up its line in the expanded neuron on the canvas.
  await page
    .locator('.react-flow__node[data-id="dense1"]')
    .getByRole('button', { name: 'Expand neurons' })
    .click();
  const neuron = page.locator('.react-flow__node[data-id="dense1"] .bp-neurons svg');
  await expect(neuron.locator('line')).toHaveCount(3);
  const entry = (name: string) => chart.locator('.u-legend .u-label', { hasText: name });
  await entry('w₁').hover();
  await expect(neuron.locator('line.is-focused')).toHaveCount(1);
  await expect(neuron.locator('line').first()).toHaveClass('is-focused');
  await page.screenshot({ path: 'e2e/artifacts/history-weight-focus-1280.png' });
  await entry('b').hover();
  await expect(neuron.locator('line.is-focused')).toHaveCount(0);
  await expect(neuron.locator('circle.is-focused')).toHaveCount(1);

  // The same history, as gradients: they vanish as the neuron converges.
  await page.getByLabel('Plot').selectOption('gradients');
  const grads = page.getByRole('img', { name: 'Gradients of the weights of dense1 over time' });
  await expect(grads).toBeVisible();
  await hover(page, grads, 1);
  const g = await legend(grads);
  expect([...g.keys()]).toEqual(['update', '∂L/∂w₁', '∂L/∂w₂', '∂L/∂w₃', '∂L/∂b']);
  expect(Math.abs(Number(g.get('∂L/∂w₁')))).toBeLessThan(1e-3);

  await page.getByLabel('Plot').selectOption('values');
  await hover(page, chart, 0.3);
  await page.screenshot({ path: 'e2e/artifacts/history-weights-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await hover(page, chart, 0.3);
  await page.screenshot({ path: 'e2e/artifacts/history-weights-1920-dark.png' });
  expect(app.pageErrors).toEqual([]);
});

test('full-batch, stochastic and mini-batch runs overlaid on one loss plot, each labelled', async ({
  page,
  app,
}) => {
  await openExampleFromMenu(page, 'Article: one neuron');
  await typeSetting(page, 'Epochs', '40');
  await trainToEnd(page);

  const reset = async () => {
    await control(page, 'Reset weights').click();
    const dialog = page.getByRole('dialog', { name: 'Reset weights?' });
    await dialog.getByRole('button', { name: 'Reset weights' }).click();
    await expect(dialog).toBeHidden();
  };
  await reset();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await settings(page).getByLabel('Gradient descent').selectOption('stochastic');
  await trainToEnd(page);
  // Each run counts its own epochs: the counter and the plot's last epoch agree.
  await expect(page.getByTestId('progress-epoch')).toHaveText('40/40');

  await reset();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await settings(page).getByLabel('Gradient descent').selectOption('mini');
  const size = settings(page).getByLabel('Mini-batch size');
  await size.fill('8');
  await size.press('Enter');
  await trainToEnd(page);
  await expect(page.getByTestId('progress-epoch')).toHaveText('40/40');

  await page.getByRole('tab', { name: 'Loss' }).click();
  const runs = page.getByRole('region', { name: 'Runs' });
  await expect(runs.getByRole('listitem')).toHaveCount(3);
  await expect(runs).toContainText('Run 1');
  await expect(runs.getByRole('listitem').filter({ hasText: 'Run 1' })).toContainText(
    'SGD, λ 0.05, full batch',
  );
  await expect(runs.getByRole('listitem').filter({ hasText: 'Run 2' })).toContainText(
    'SGD, λ 0.05, stochastic',
  );
  await expect(runs.getByRole('listitem').filter({ hasText: 'Run 3' })).toContainText(
    'SGD, λ 0.05, mini-batch 8',
  );
  for (const item of await runs.getByRole('listitem').all())
    await expect(item).toContainText('40 epochs · loss ');

  const chart = page.getByRole('img', { name: 'Loss per epoch' });
  await expect(chart).toHaveAttribute('data-points', '40');
  const labels = [...(await legend(chart)).keys()];
  expect(labels).toEqual(['epoch', 'Run 1 loss', 'Run 2 loss', 'Run 3 loss']);
  // At the last epoch every run has a loss, and stochastic descent (64 updates an epoch) is ahead of full batch (1).
  await hover(page, chart, 1);
  const last = await legend(chart);
  expect(last.get('epoch')).toBe('40');
  const full = Number(last.get('Run 1 loss'));
  const stochastic = Number(last.get('Run 2 loss'));
  const mini = Number(last.get('Run 3 loss'));
  for (const v of [full, stochastic, mini]) expect(v).toBeGreaterThan(0);
  expect(stochastic).toBeLessThan(full);
  expect(mini).toBeLessThan(full);
  await page.screenshot({ path: 'e2e/artifacts/history-runs-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await hover(page, chart, 0.5);
  await page.screenshot({ path: 'e2e/artifacts/history-runs-1920-dark.png' });

  // Unticking a run takes its curve off the plot.
  await runs.getByRole('checkbox', { name: /Show Run 2/ }).uncheck();
  await expect
    .poll(async () => [...(await legend(chart)).keys()])
    .toEqual(['epoch', 'Run 1 loss', 'Run 3 loss']);

  // The run list is part of the document: saved, and back when the file opens.
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveAs(page, app, 'three-runs.bpmodel');
  await expect(page.locator('.bp-doc-title__name')).toHaveText('three-runs.bpmodel');
  await toolbar(page).getByRole('button', { name: 'New' }).click();
  await expect(page.getByText('Press Train to watch the loss fall')).toBeVisible();
  await openFile(page, app, 'three-runs.bpmodel');
  await expect(runs.getByRole('listitem')).toHaveCount(3);
  await expect(runs.getByRole('listitem').first()).toContainText('mini-batch 8');
  await expect
    .poll(async () => [...(await legend(chart)).keys()])
    .toEqual(['epoch', 'Run 1 loss', 'Run 2 loss', 'Run 3 loss']);

  // Clear forgets them (after asking).
  await runs.getByRole('button', { name: 'Clear' }).click();
  const ask = page.getByRole('dialog', { name: 'Clear the run list?' });
  await ask.getByRole('button', { name: 'Clear runs' }).click();
  await expect(page.getByText('Press Train to watch the loss fall')).toBeVisible();
  expect(app.pageErrors).toEqual([]);
});
