/**
 * The built-in handwritten digits in the Data panel: chosen from the list,
 * previewed as pictures with their digit, and applied so that the Input takes
 * the 64 pixels and the output fix offers 10 classes.
 */
import { chooseMenu, node } from './actions';
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
  await expect(node(page, 'input').locator('.bp-face-main')).toHaveText(/64 features|8 × 8 × 1/);
  // The article's one-unit output does not fit ten digits: the panel offers the fix.
  await expect(page.getByRole('status')).toContainText('10 targets');
});
