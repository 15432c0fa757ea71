/**
 * The built-in handwritten digits: in the Data panel, chosen from the list,
 * previewed as pictures with their digit, and applied so that the Input takes
 * the 64 pixels (flat, for the Dense layer it feeds) and the output fix offers
 * 10 classes; and the Digits CNN
 * example, trained at full speed to 97 % validation accuracy within a minute.
 */
import { chooseMenu, node, openExampleFromMenu, trainAtFullSpeed } from './actions';
import { expect, test } from './fixtures';

test('the digits preview as 8 × 8 pictures and fit the network when applied', async ({ page }) => {
  await expect(page.locator('.react-flow')).toBeVisible();
  await chooseMenu(page, 'Data', 'Built-in Data Sets…');
  const region = page.getByRole('region', { name: 'Built-in data' });
  await region.getByLabel('Data set').selectOption('digits');
  await expect(page.getByTestId('builtin-summary')).toContainText('1797');
  // Pictures instead of rows of 74 numbers: the file starts with the digits 0, 1, 2, …
  const pictures = region.getByRole('img', { name: /^Sample \d+: \d$/ });
  await expect(pictures).toHaveCount(10);
  await expect(region.getByRole('img', { name: 'Sample 1: 0' })).toBeVisible();
  await expect(region.getByRole('img', { name: 'Sample 10: 9' })).toBeVisible();
  // A picture has ink: pixels drawn, the background left empty.
  const drawn = await pictures.first().locator('rect').count();
  expect(drawn).toBeGreaterThan(20);
  expect(drawn).toBeLessThan(64);
  await region.screenshot({ path: 'e2e/artifacts/digits-data.png' });

  await region.getByRole('button', { name: 'Apply' }).click();
  // The article's Input feeds a Dense layer, so it takes the pixels as a vector of 64.
  await expect(node(page, 'input').locator('.bp-face-main')).toHaveText('64 features');
  await expect(node(page, 'input')).not.toContainText('8 × 8 × 1');
  // The article's one-unit output does not fit ten digits: the panel offers the fix.
  await expect(page.getByRole('status')).toContainText('10 targets');
});

test('the Digits CNN example trains to 97 % validation accuracy within a minute', async ({
  page,
}) => {
  await openExampleFromMenu(page, 'Digits CNN');
  await expect(node(page, 'conv1')).toBeVisible();
  const started = Date.now();
  await trainAtFullSpeed(page);
  await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  await page.getByRole('tab', { name: 'Fit' }).click();
  const accuracy = page.getByTestId('fit-accuracy-validation');
  await expect(accuracy).toHaveText(/%$/);
  const percent = parseFloat((await accuracy.textContent()) ?? '');
  console.log(`Digits CNN in the window: ${seconds.toFixed(1)} s, validation ${percent} %`);
  expect(percent).toBeGreaterThanOrEqual(97);
  await page.screenshot({ path: 'e2e/artifacts/digits-cnn-trained.png' });
});
