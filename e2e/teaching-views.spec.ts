/**
 * The teaching views as a student meets them: train the spiral example and
 * watch the decision boundary change in the Data tab; open a Dense node's
 * neuron view and expand a small layer into its neurons; fit the sine curve;
 * and open a network built to saturate, which shows the warning on its node.
 * Screenshots of each view go to e2e/artifacts/teaching/.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { chooseMenu, node, openFile } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

const shots = join(repoRoot, 'e2e/artifacts/teaching');
const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });

/** Opens an example from the Examples menu; `name` is the document name it opens as. */
async function openExample(page: Page, title: string, name: string) {
  await chooseMenu(page, 'Examples', new RegExp(`^${title}`));
  await expect(page).toHaveTitle(new RegExp(`^${name} — `));
}

async function showDataTab(page: Page) {
  await page.getByRole('tab', { name: 'Data' }).click();
}

/** The canvas's pixels as a data URL. */
const pixels = (page: Page, label: string) =>
  page
    .getByRole('img', { name: label, exact: true })
    .evaluate((el) => (el as unknown as { toDataURL(): string }).toDataURL());

const drawnStep = async (page: Page, label: string) =>
  Number(await page.getByRole('img', { name: label, exact: true }).getAttribute('data-step'));

test('training the spiral changes its decision boundary; the neuron view shows W and ∂L/∂W', async ({
  page,
  app,
}) => {
  await openExample(page, 'Two spirals', 'Two spirals');
  // A run that cannot end during the test (it finishes 3,000 epochs in seconds on a quiet machine).
  await page.getByRole('tab', { name: 'Settings' }).click();
  const epochs = page.getByLabel('Epochs', { exact: true });
  await epochs.fill('1000000');
  await epochs.press('Enter');
  await showDataTab(page);
  const boundary = page.getByRole('img', { name: 'Decision boundary', exact: true });
  await expect(boundary).toBeVisible();
  await expect(page.getByRole('img', { name: 'act1 unit 1', exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: 'act2 unit 16' })).toBeVisible();
  const before = await pixels(page, 'Decision boundary');

  await training(page).getByRole('button', { name: 'Train' }).click();
  // The view follows the run: it draws the weights of later and later steps, and the boundary moves.
  await expect
    .poll(() => drawnStep(page, 'Decision boundary'), { timeout: 30_000 })
    .toBeGreaterThan(200);
  const early = await pixels(page, 'Decision boundary');
  expect(early).not.toBe(before);
  const earlyStep = await drawnStep(page, 'Decision boundary');
  await expect
    .poll(() => drawnStep(page, 'Decision boundary'), { timeout: 30_000 })
    .toBeGreaterThan(earlyStep + 2000);
  await expect.poll(() => pixels(page, 'Decision boundary')).not.toBe(early);
  // Still training: the boundary changed during the run, not only at its end.
  await training(page).getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await page.screenshot({ path: join(shots, 'data-spiral.png') });

  // The neuron view of the 16 × 16 hidden layer: heat maps with values on hover.
  await node(page, 'dense2').getByRole('button', { name: 'Neuron view' }).click();
  const view = page.getByRole('dialog', { name: /Neuron view/ });
  await expect(view).toBeVisible();
  await expect(
    view.getByRole('img', { name: 'W of dense2: 16 × 16 heat map', exact: true }),
  ).toBeVisible();
  await expect(
    view.getByRole('img', { name: '∂L/∂W of dense2: 16 × 16 heat map', exact: true }),
  ).toBeVisible();
  await expect(view.getByRole('img', { name: 'b of dense2: 16 bars', exact: true })).toBeVisible();
  await expect(view).toContainText(/Live from training|Trained weights/);
  const heat = view.getByRole('img', { name: 'W of dense2: 16 × 16 heat map', exact: true });
  const box = (await heat.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await expect(view.getByRole('tooltip')).toHaveText(/^W\[unit \d+, input \d+\] = -?\d/);
  await page.screenshot({ path: join(shots, 'neuron-view.png') });
  await view.getByRole('button', { name: 'Close neuron view' }).click();
  await expect(view).toBeHidden();

  // A small layer expands on the canvas into its neurons, coloured by weight or gradient.
  await node(page, 'dense2').getByRole('button', { name: 'Expand neurons' }).click();
  const neurons = node(page, 'dense2').getByRole('img', {
    name: /dense2 as 16 inputs connected to 16 units/,
  });
  await expect(neurons).toBeVisible();
  await expect(neurons.locator('line')).toHaveCount(256);
  await node(page, 'dense2').getByRole('button', { name: 'gradients' }).click();
  await expect(neurons).toHaveAccessibleName(/coloured by ∂L\/∂W/);
  // Zoom in on the node, as a student would to read it.
  const nb = (await node(page, 'dense2').boundingBox())!;
  await page.mouse.move(nb.x + nb.width / 2, nb.y + nb.height / 2);
  for (let i = 0; i < 2; i++) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(120);
  }
  await page.screenshot({ path: join(shots, 'expanded-neurons.png') });

  expect(app.pageErrors).toEqual([]);
});

test('the sine example shows its fitted curve', async ({ page, app }) => {
  await openExample(page, 'Sine regression', 'Sine');
  await showDataTab(page);
  const plot = page.getByRole('img', { name: 'Fitted curve over the data', exact: true });
  await expect(plot).toBeVisible();
  const before = await pixels(page, 'Fitted curve over the data');
  await training(page).getByRole('button', { name: 'Train' }).click();
  await expect
    .poll(() => drawnStep(page, 'Fitted curve over the data'), { timeout: 30_000 })
    .toBeGreaterThan(200);
  await expect.poll(() => pixels(page, 'Fitted curve over the data')).not.toBe(before);
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(shots, 'data-sine.png') });
  expect(app.pageErrors).toEqual([]);
});

test('a network built to saturate shows the saturation warning on its node', async ({
  page,
  app,
}) => {
  // XOR with huge, identical first-layer weights: every tanh unit sits in its flat tails
  // (and, all alike, they cannot separate XOR, so the run never fits its way out).
  const model = exampleById('xor')!.model();
  model.name = 'Saturated XOR';
  model.training = { ...model.training, optimizer: 'sgd', learningRate: 0.5, epochs: 300 };
  model.weights = {
    dense1: {
      W: [
        [20, 20],
        [20, 20],
        [20, 20],
        [20, 20],
      ],
      b: [5, 5, 5, 5],
    },
  };
  await writeFile(join(app.workDir, 'saturated.bpmodel'), serializeModel(model));
  await openFile(page, app, 'saturated.bpmodel');
  await expect(node(page, 'act1')).toBeVisible();
  await expect(node(page, 'act1').getByRole('img', { name: /^Warning/ })).toHaveCount(0);

  // Before training, the neuron view shows the file's weights (no gradient yet).
  await node(page, 'dense1').getByRole('button', { name: 'Neuron view' }).click();
  const view = page.getByRole('dialog', { name: /Neuron view/ });
  await expect(view).toContainText('Trained weights');
  const heat = view.getByRole('img', { name: 'W of dense1: 4 × 2 heat map', exact: true });
  const box = (await heat.boundingBox())!;
  await page.mouse.move(box.x + 3, box.y + 3);
  await expect(view.getByRole('tooltip')).toHaveText('W[unit 1, input 1] = 20');
  await view.getByRole('button', { name: 'Close neuron view' }).click();

  await training(page).getByRole('button', { name: 'Train' }).click();
  const badge = node(page, 'act1').getByRole('img', { name: 'Warning: Saturated tanh units' });
  await expect(badge).toBeVisible({ timeout: 20_000 });
  await expect(badge).toHaveAttribute('title', /too large[\s\S]*xavier init/);
  const list = page.getByRole('list', { name: 'Warnings' });
  await expect(list.getByRole('listitem')).toContainText(['Saturated tanh units']);
  // The output sigmoid of a confident classifier is not flagged.
  await expect(node(page, 'act2').getByRole('img', { name: /^Warning/ })).toHaveCount(0);
  await page.screenshot({ path: join(shots, 'warning-saturated.png') });
  expect(app.pageErrors).toEqual([]);
});
