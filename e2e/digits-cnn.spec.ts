/**
 * The Digits CNN built by hand: a user drags Input, Conv2D, Activation (ReLU),
 * MaxPool2D, Flatten, Dense (10), Activation (softmax) and Loss
 * (cross-entropy) from the palette, wires them, chooses the built-in 8 × 8
 * digits, trains, and watches accuracy rise; the convolution view shows a
 * sample beside ∂L/∂x, the layer's feature maps and its kernels, with numbers
 * that change from sample to sample and with training.
 */
import type { Locator, Page } from '@playwright/test';
import {
  chooseMenu,
  clearCanvas,
  connect,
  dragFromPalette,
  eachLook,
  inspector,
  node,
  selectNode,
  setField,
  trainAtFullSpeed,
} from './actions';
import { expect, test } from './fixtures';

const problemsList = (page: Page) => page.getByRole('list', { name: 'Problems', exact: true });
const view = (page: Page) => page.getByTestId('conv-view');

async function chooseOption(page: Page, nodeId: string, field: string, value: string) {
  await selectNode(page, nodeId);
  await inspector(page).getByLabel(field, { exact: true }).selectOption(value);
}

/** What the view draws now: each canvas's fingerprint, and the sample's facts. */
async function shown(page: Page) {
  const digest = (id: string) => view(page).getByTestId(id).getAttribute('data-digest');
  const all = (id: string) =>
    view(page)
      .getByTestId(id)
      .locator('canvas')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-digest')));
  return {
    image: await digest('conv-image'),
    gradient: await digest('conv-gradient'),
    maps: await all('conv-maps'),
    kernels: await all('conv-kernels'),
    label: await view(page).getAttribute('data-label'),
    predicted: await view(page).getAttribute('data-predicted'),
    loss: Number(await view(page).getAttribute('data-loss')),
  };
}

/** Whether a canvas has pixels of more than one colour (drawn, not blank). */
function varied(canvas: Locator) {
  return canvas.evaluate((c) => {
    const el = c as unknown as {
      width: number;
      height: number;
      getContext(t: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } } | null;
    };
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4)
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
}

async function validationAccuracy(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Fit' }).click();
  const cell = page.getByTestId('fit-accuracy-validation');
  await expect(cell).toHaveText(/%$/);
  return parseFloat((await cell.textContent()) ?? '');
}

test('a user builds the Digits CNN from the palette, trains it, and sees its feature maps and input gradients', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.locator('.react-flow__node').first()).toBeVisible();

  await test.step('an empty canvas and the built-in digits', async () => {
    await clearCanvas(page);
    await chooseMenu(page, 'Data', 'Built-in Data Sets…');
    const region = page.getByRole('region', { name: 'Built-in data' });
    await region.getByLabel('Data set').selectOption('digits');
    await region.getByRole('button', { name: 'Apply' }).click();
    await expect(region).toBeHidden();
  });

  const ids = [
    ['Input', 'input1'],
    ['Conv2D', 'conv2d1'],
    ['Activation', 'activation1'],
    ['MaxPool2D', 'maxpool2d1'],
    ['Flatten', 'flatten1'],
    ['Dense', 'dense1'],
    ['Activation', 'activation2'],
    ['Loss', 'loss1'],
  ] as const;

  await test.step('drag eight nodes from the palette and wire them', async () => {
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const dx = Math.min(230, (pane.width - 300) / 3);
    for (const [i, [label, id]] of ids.entries()) {
      await dragFromPalette(page, label, { x: 80 + (i % 4) * dx, y: i < 4 ? 130 : 330 });
      await expect(node(page, id)).toBeVisible();
    }
    for (let i = 1; i < ids.length; i++) await connect(page, ids[i - 1][1], ids[i][1]);
    await expect(page.locator('.react-flow__edge')).toHaveCount(7);
  });

  await test.step('parameters in the inspector; the edges show image shapes', async () => {
    await setField(page, 'input1', 'Features', '64');
    await setField(page, 'input1', 'Height', '8');
    await setField(page, 'input1', 'Width', '8');
    await setField(page, 'input1', 'Channels', '1');
    await setField(page, 'conv2d1', 'Filters', '8');
    await setField(page, 'conv2d1', 'Kernel size', '3');
    await chooseOption(page, 'conv2d1', 'Padding', 'same');
    await chooseOption(page, 'activation1', 'Function', 'relu');
    await setField(page, 'maxpool2d1', 'Pool size', '2');
    await setField(page, 'dense1', 'Units', '10');
    await chooseOption(page, 'activation2', 'Function', 'softmax');
    await chooseOption(page, 'loss1', 'Function', 'cross_entropy');
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(0);
    await expect(page.locator('.bp-edge-label[data-edge-id="e-input1-conv2d1-1"]')).toHaveText(
      'm × 8 × 8 × 1',
    );
    await expect(page.locator('.bp-edge-label[data-edge-id="e-maxpool2d1-flatten1-1"]')).toHaveText(
      'm × 4 × 4 × 8',
    );
    await expect(page.locator('.bp-edge-label[data-edge-id="e-flatten1-dense1-1"]')).toHaveText(
      'm × 128',
    );
  });

  await test.step('the minimap colours each node by its kind', async () => {
    const fills = await page
      .locator('.react-flow__minimap-node')
      .evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
    expect(fills).toHaveLength(8);
    // input, conv2d, activation (×2), maxpool2d, flatten, dense, loss: seven colours.
    expect(new Set(fills).size).toBe(7);
  });

  await test.step('training settings: Adam, mini-batches of 32, 150 epochs', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Training settings' });
    await form.getByLabel('Optimizer').selectOption('adam');
    await form.getByLabel('Gradient descent').selectOption('mini');
    for (const [label, value] of [
      ['Learning rate', '0.01'],
      ['Mini-batch size', '32'],
      ['Epochs', '150'],
      ['Validation share', '0.2'],
    ]) {
      const field = form.getByLabel(label, { exact: true });
      await field.fill(value);
      await field.press('Enter');
      await expect(field).toHaveValue(value);
    }
  });

  const before = await validationAccuracy(page);
  expect(before).toBeLessThan(40);

  let untrained: Awaited<ReturnType<typeof shown>>;
  await test.step('the convolution view, untrained: a sample, ∂L/∂x, 8 feature maps, 8 kernels', async () => {
    await node(page, 'conv2d1').getByRole('button', { name: 'Feature maps and kernels' }).click();
    await expect(view(page)).toBeVisible();
    await expect(view(page)).toContainText('Initial weights from the seed (untrained)');
    await expect(view(page).getByTestId('conv-maps').locator('canvas')).toHaveCount(8);
    await expect(view(page).getByTestId('conv-kernels').locator('canvas')).toHaveCount(8);
    await expect(view(page).getByTestId('conv-image')).toHaveAttribute('data-digest', /\d/);
    // Beside them, what ReLU keeps of each map (its negatives zeroed): other numbers.
    const after = view(page).getByTestId('conv-maps-after').locator('canvas');
    await expect(after).toHaveCount(8);
    untrained = await shown(page);
    const afterDigests = await after.evaluateAll((cs) =>
      cs.map((c) => c.getAttribute('data-digest')),
    );
    expect(afterDigests).not.toEqual(untrained.maps);
    expect(afterDigests.every((d) => d && /\d/.test(d))).toBe(true);
    // The file starts with a 0.
    expect(untrained.label).toBe('0');
    expect(untrained.loss).toBeGreaterThan(0);
    expect(await varied(view(page).getByTestId('conv-image'))).toBeGreaterThan(3);
    expect(await varied(view(page).getByTestId('conv-gradient'))).toBeGreaterThan(3);
    expect(
      await varied(view(page).getByTestId('conv-maps').locator('canvas').first()),
    ).toBeGreaterThan(2);
    // Another sample: another picture, gradient and maps; the kernels are the layer's, the same.
    await view(page).getByRole('button', { name: 'Next sample' }).click();
    await expect(view(page)).toHaveAttribute('data-sample', '1');
    await expect(view(page)).toHaveAttribute('data-label', '1');
    const next = await shown(page);
    expect(next.image).not.toBe(untrained.image);
    expect(next.gradient).not.toBe(untrained.gradient);
    expect(next.maps).not.toEqual(untrained.maps);
    expect(next.kernels).toEqual(untrained.kernels);
    await view(page).getByRole('button', { name: 'Previous sample' }).click();
    await expect(view(page)).toHaveAttribute('data-sample', '0');
    // The arrow keys step too (here from the Previous button, which keeps the focus).
    await page.keyboard.press('ArrowRight');
    await expect(view(page)).toHaveAttribute('data-sample', '1');
    await page.keyboard.press('ArrowLeft');
    await expect(view(page)).toHaveAttribute('data-sample', '0');
    // A pixel's number under the pointer: the top-left corner of the 0 is blank paper.
    const image = view(page).getByTestId('conv-image');
    await image.hover({ position: { x: 3, y: 3 } });
    await expect(image).toHaveAttribute('title', 'row 1, column 1: 0');
    const gradient = view(page).getByTestId('conv-gradient');
    await gradient.hover({ position: { x: 3, y: 3 } });
    await expect(gradient).toHaveAttribute('title', /^row 1, column 1: -?\d/);
    await page.screenshot({ path: 'e2e/artifacts/digits-cnn-view-untrained-1920-light.png' });
  });

  await test.step('train: accuracy rises, and the view follows the trained weights', async () => {
    await trainAtFullSpeed(page);
    const state = page.getByTestId('training-state');
    await expect(state).toHaveText('Training');
    await expect(view(page)).toContainText('Weights of the running training');
    // While the run goes on, its checkpoints reach the view: the kernels move before it ends.
    await expect
      .poll(async () => {
        const running = (await state.textContent()) === 'Training';
        const kernels = (await shown(page)).kernels;
        return running && JSON.stringify(kernels) !== JSON.stringify(untrained.kernels);
      })
      .toBe(true);
    await expect(state).toHaveText('Done', { timeout: 120_000 });
    await expect(view(page)).toContainText('Trained weights');
    const after = await validationAccuracy(page);
    expect(after).toBeGreaterThan(85);
    const trained = await shown(page);
    expect(trained.image).toBe(untrained.image);
    expect(trained.kernels).not.toEqual(untrained.kernels);
    expect(trained.maps).not.toEqual(untrained.maps);
    expect(trained.gradient).not.toBe(untrained.gradient);
    expect(trained.predicted).toBe('0');
    expect(trained.loss).toBeLessThan(untrained.loss);
  });

  await test.step('screenshots: 1280 × 800 and 1920 × 1080, light and dark', async () => {
    await eachLook(page, async ({ width }, scheme) => {
      await page.screenshot({ path: `e2e/artifacts/digits-cnn-view-${width}-${scheme}.png` });
    });
    // Nothing of the view clipped at 1280 × 800: it fits, or scrolls inside itself.
    const box = (await view(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  });

  await test.step('the Input opens the input gradient too', async () => {
    await view(page).getByRole('button', { name: 'Close the convolution view' }).click();
    await expect(view(page)).toBeHidden();
    await node(page, 'input1').getByRole('button', { name: 'Input gradient' }).click();
    await expect(view(page).getByTestId('conv-gradient')).toHaveAttribute('data-digest', /\d/);
  });

  await test.step('in Chinese, at 1280 × 800', async () => {
    await page.getByRole('menubar').getByRole('menuitem', { name: 'View', exact: true }).click();
    await page
      .getByRole('menu', { name: 'View' })
      .getByRole('menuitem', { name: /^Language/ })
      .click();
    await page.getByRole('menuitemradio', { name: '简体中文' }).click();
    await expect(view(page)).toContainText('卷积视图');
    await expect(view(page)).toContainText('训练后的权重');
    const box = (await view(page).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: 'e2e/artifacts/digits-cnn-view-zh-1280-light.png' });
  });
  expect(app.pageErrors).toEqual([]);
});
