/**
 * Probing a trained network as the article does: train its [3, 5, 1] network,
 * type its unseen sample [1, 0, 0] and read what the neuron answers, then
 * follow that one sample's forward pass on the canvas. Also the fit of iris:
 * its confusion matrix counts every validation flower once.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { openExample, setSetting, trainAtFullSpeed } from './actions';
import { expect, test } from './fixtures';

const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });
const probeForm = (page: Page) => page.getByRole('form', { name: 'Sample to probe' });

async function typeSample(page: Page, values: string[]) {
  for (const [i, v] of values.entries()) {
    await probeForm(page)
      .getByLabel(`x${i + 1}`, { exact: true })
      .fill(v);
  }
}

const probed = async (page: Page) => Number(await page.getByTestId('probe-output').textContent());

test('the article’s unseen sample: the trained network answers 1 for [1, 0, 0] and 0 for [0, 1, 1]', async ({
  page,
  app,
}) => {
  // The app opens on the article's network.
  await expect(page.locator('.react-flow__node[data-id="dense1"]')).toBeVisible();
  const edgeIds = await page
    .locator('.react-flow__edge')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  expect(edgeIds).toHaveLength(5);

  await page.getByRole('tab', { name: 'Probe' }).click();
  await expect(probeForm(page).getByLabel('x1', { exact: true })).toBeVisible();
  await expect(page.getByText(/untrained weights/)).toBeVisible();

  await trainAtFullSpeed(page);
  await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByText('With the trained weights.')).toBeVisible();

  await typeSample(page, ['1', '0', '0']);
  await expect.poll(() => probed(page)).toBeGreaterThan(0.9);
  await expect(page.getByTestId('probe-class')).toHaveText('1');

  await typeSample(page, ['0', '1', '1']);
  await expect.poll(() => probed(page)).toBeLessThan(0.1);
  await expect(page.getByTestId('probe-class')).toHaveText('0');

  await test.step('a field that is not a number is named, and nothing is predicted', async () => {
    await probeForm(page).getByLabel('x2', { exact: true }).fill('one');
    await expect(page.getByText('x2: “one” is not a number.')).toBeVisible();
    await expect(page.getByTestId('probe-output')).toHaveCount(0);
    await probeForm(page).getByLabel('x2', { exact: true }).fill('0');
  });

  await test.step('show on the canvas: a value on every edge, each unit on small layers', async () => {
    await typeSample(page, ['1', '0', '0']);
    await page.getByRole('button', { name: 'Show on the canvas' }).click();
    for (const id of edgeIds) {
      await expect(page.getByTestId(`edge-probe-${id}`), `value on ${id}`).toHaveText(/\d/);
    }
    // The input edge carries the sample itself; the last edge the prediction.
    await expect(page.getByTestId('edge-probe-e1')).toHaveText('[1, 0, 0]');
    const last = Number(await page.getByTestId('edge-probe-e5').textContent());
    expect(last).toBeCloseTo(await probed(page), 3);
    // Five hidden units, five values on their nodes.
    await expect(page.getByTestId('node-probe-act1').locator('span')).toHaveCount(5);
    await page.screenshot({ path: 'e2e/artifacts/probe-canvas-1280.png' });
  });

  await test.step('a new sample follows on the canvas; closing clears it', async () => {
    await typeSample(page, ['0', '1', '1']);
    await expect(page.getByTestId('edge-probe-e1')).toHaveText('[0, 1, 1]');
    await page.getByRole('button', { name: 'Hide from the canvas' }).click();
    await expect(page.locator('[data-testid^="edge-probe-"]')).toHaveCount(0);
  });

  await test.step('training again clears the canvas values', async () => {
    await page.getByRole('button', { name: 'Show on the canvas' }).click();
    await expect(page.locator('[data-testid^="edge-probe-"]')).toHaveCount(5);
    await training(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.locator('[data-testid^="edge-probe-"]')).toHaveCount(0);
  });
  expect(app.pageErrors).toEqual([]);
});

test('iris: the probe names species in centimetres; the confusion matrix counts every validation flower', async ({
  page,
  app,
}) => {
  await openExample(page, /iris/i);
  await expect(page.locator('.react-flow__node[data-id="dense1"]')).toBeVisible();
  // Long enough to watch the probe follow the run.
  await setSetting(page, 'Epochs', '1000000');

  await page.getByRole('tab', { name: 'Probe' }).click();
  // A typical setosa: short, narrow petals (centimetres, as in the data).
  const form = probeForm(page);
  await form.getByLabel('sepal_length').fill('5.0');
  await form.getByLabel('sepal_width').fill('3.4');
  await form.getByLabel('petal_length').fill('1.5');
  await form.getByLabel('petal_width').fill('0.2');
  await expect(
    page.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem'),
  ).toHaveCount(3);
  const setosa = page.getByTestId('probe-p-0');
  const untrained = await setosa.textContent();

  await training(page).getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText(/^With the live weights \(step [\d,]+\)\.$/)).toBeVisible();
  // The answer moves with the weights while the run goes on, and settles on setosa.
  await expect.poll(() => setosa.textContent()).not.toBe(untrained);
  await expect(page.getByTestId('probe-class')).toHaveText('setosa', { timeout: 30_000 });
  await expect.poll(async () => parseFloat((await setosa.textContent()) ?? '')).toBeGreaterThan(90);
  await training(page).getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('training-state')).toHaveText('Stopped');
  await page.screenshot({ path: 'e2e/artifacts/probe-iris-1280.png' });

  await page.getByRole('tab', { name: 'Fit' }).click();
  const matrix = page.getByRole('table', { name: 'Confusion matrix, validation' });
  await expect(matrix).toBeVisible();
  const countsOf = async (table: typeof matrix) =>
    (await table.locator('tbody td:not(.bp-confusion__score)').allTextContents()).map(Number);
  const counts = await countsOf(matrix);
  expect(counts).toHaveLength(9);
  // The iris example holds out 20% of 150 flowers.
  expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
  const train = page.getByRole('table', { name: 'Confusion matrix, training' });
  expect((await countsOf(train)).reduce((a, b) => a + b, 0)).toBe(120);
  // Right answers are the diagonal; accuracy says the same share.
  const right = counts[0] + counts[4] + counts[8];
  await expect(page.getByTestId('fit-accuracy-validation')).toHaveText(
    `${((right / 30) * 100).toFixed(1)}%`,
  );
  // Recall beside each row (setosa: its diagonal over its row), precision under each column.
  await expect(matrix.getByRole('columnheader', { name: 'recall' })).toBeVisible();
  const recall = matrix.locator('tbody tr').first().locator('td.bp-confusion__score');
  const setosaRow = counts[0] + counts[1] + counts[2];
  await expect(recall).toHaveText(`${((counts[0] / setosaRow) * 100).toFixed(1)}%`);
  const precision = matrix.locator('tfoot td.bp-confusion__score').first();
  const setosaColumn = counts[0] + counts[3] + counts[6];
  await expect(precision).toHaveText(`${((counts[0] / setosaColumn) * 100).toFixed(1)}%`);
  await page.screenshot({ path: 'e2e/artifacts/fit-iris-1280.png' });

  await test.step('the numbers save as CSV, the matrix as PNG', async () => {
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save CSV' }).click();
    const file = await csv;
    expect(file.suggestedFilename()).toMatch(/-fit\.csv$/);
    const text = await readFile(await file.path(), 'utf8');
    expect(text.split('\n')[0]).toBe(
      'part,true class,predicted setosa,predicted versicolor,predicted virginica',
    );
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save PNG' }).last().click();
    const picture = await png;
    expect(picture.suggestedFilename()).toMatch(/confusion-validation\.png$/);
    await picture.saveAs('e2e/artifacts/confusion-validation.png');
  });
  expect(app.pageErrors).toEqual([]);
});

test('sine regression: the fit shows R² and MAE, predicted against true and the residuals', async ({
  page,
  app,
}) => {
  await openExample(page, /^Sine regression/);
  await expect(page.locator('.bp-doc-title__name')).toHaveText('Sine');
  await page.getByRole('tab', { name: 'Fit' }).click();
  await expect(page.getByRole('img', { name: /^Predicted y against true y/ })).toBeVisible();
  const r2 = async () => Number(await page.getByTestId('fit-r2-training').textContent());
  const before = await r2();

  await training(page).getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 60_000 });
  await expect.poll(r2).toBeGreaterThan(0.9);
  expect(before).toBeLessThan(0.9);
  const mae = Number(await page.getByTestId('fit-mae-training').textContent());
  expect(mae).toBeGreaterThan(0);
  expect(mae).toBeLessThan(0.2);
  await expect(page.getByRole('img', { name: /^Residuals/ })).toBeVisible();

  await test.step('the scatter saves as a PNG picture', async () => {
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save PNG' }).first().click();
    const file = await png;
    expect(file.suggestedFilename()).toBe('sine-predicted-vs-true.png');
    const bytes = await readFile(await file.path());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  await test.step('one feature: the Data tab has the curve, and the table a switch away', async () => {
    await page.getByRole('tab', { name: 'Data' }).click();
    await expect(page.getByRole('img', { name: 'Fitted curve over the data' })).toBeVisible();
    await page.getByRole('radio', { name: 'Table' }).click();
    const table = page.getByRole('table', { name: 'Data' });
    await expect(table).toHaveAttribute('aria-rowcount', String(200 + 1));
    await expect(table.getByRole('columnheader', { name: /^predicted y/ })).toBeVisible();
    await page.getByRole('tab', { name: 'Fit' }).click();
  });

  // How it looks, light and dark, at the two sizes people use.
  await page.screenshot({ path: 'e2e/artifacts/fit-sine-1280.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/fit-sine-1280-dark.png' });
  await page.getByRole('tab', { name: 'Probe' }).click();
  await page.screenshot({ path: 'e2e/artifacts/probe-sine-1280-dark.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: 'e2e/artifacts/probe-sine-1920.png' });
  await page.getByRole('tab', { name: 'Fit' }).click();
  await page.screenshot({ path: 'e2e/artifacts/fit-sine-1920.png' });
  expect(app.pageErrors).toEqual([]);
});
