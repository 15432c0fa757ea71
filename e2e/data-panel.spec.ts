/**
 * The Data panel, as a new user meets it: a CSV dropped on the window is
 * previewed with its columns' types and bad cells, applied as one undoable
 * edit with the output-width fix, trained, read in the Fit tab, saved and
 * reopened with the same data and matrix.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { windowTitle } from '../app/shared/ipc';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { chooseMenu, dropFile, openFile, saveAs, toolbar, trainAtFullSpeed } from './actions';
import { expect, test } from './fixtures';

const SPECIES = ['alpha', 'beta', 'gamma'];

/**
 * 90 rows: three features a, b, c around one centre per species, the species as text, and a
 * fourth column `d` that is a number except on two lines (the bad cells).
 */
function fixture(): string {
  const lines = ['a,b,c,d,species'];
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    const jitter = ((i * 37) % 11) / 20 - 0.25;
    const a = (k * 2 + jitter).toFixed(2);
    const b = (4 - k * 2 - jitter).toFixed(2);
    const c = (k + ((i * 13) % 7) / 10).toFixed(2);
    const d = i === 14 ? 'n/a' : i === 51 ? '' : String(i % 5);
    lines.push(`${a},${b},${c},${d},${SPECIES[k]}`);
  }
  return lines.join('\n') + '\n';
}

async function validationCounts(page: Page): Promise<number[]> {
  await page.getByRole('tab', { name: 'Fit' }).click();
  const matrix = page.getByRole('table', { name: 'Confusion matrix, validation' });
  await expect(matrix).toBeVisible();
  // The counts: recall and precision sit beside and under them in cells of their own.
  return (await matrix.locator('tbody td:not(.bp-confusion__score)').allTextContents()).map(Number);
}

test('a dropped CSV: bad cells named, columns chosen, applied with the width fix, trained, saved and reopened', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await dropFile(page, 'species.csv', fixture(), 'text/csv');

  const panel = page.getByRole('dialog', { name: 'Data' });
  await expect(panel).toBeVisible();
  const preview = panel.getByLabel('Preview');
  await expect(preview.getByRole('columnheader', { name: /^species/ })).toContainText(
    'category (3): alpha, beta, gamma',
  );
  await expect(preview.getByRole('columnheader', { name: /^a/ })).toContainText('number');
  await expect(preview.getByRole('columnheader', { name: /^d/ })).toContainText('2 bad cells');

  // Every number column but the target is a feature at first, so d's bad cells are named.
  const bad = panel.getByRole('list', { name: 'Bad cells' });
  await expect(bad.getByRole('button')).toHaveText([
    'line 16, column "d": "n/a" is not a number',
    'line 53, column "d": the cell is empty',
  ]);
  const apply = panel.getByRole('button', { name: 'Apply', exact: true });
  await expect(apply).toBeDisabled();
  // A bad cell scrolls the preview to its row (beyond the first rows shown).
  await bad.getByRole('button').nth(1).click();
  const row53 = preview.locator('tr[data-line="53"]');
  await expect(row53).toHaveClass(/is-focused/);
  await expect(row53).toBeInViewport();
  await expect(row53.locator('td.is-bad')).toHaveCount(1);
  await page.screenshot({ path: 'e2e/artifacts/data-panel-bad-cells-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/data-panel-bad-cells-1920-dark.png' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Leaving d out leaves nothing to refuse.
  await panel.getByRole('checkbox', { name: 'Feature d' }).uncheck();
  await expect(bad).toBeHidden();
  await expect(panel.getByRole('checkbox', { name: /Target is categories/ })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Embed data in the file' })).toBeChecked();
  await apply.click();

  // The network predicted one number; the data has three classes.
  await expect(panel.getByRole('status')).toContainText('has 1 unit for 3 targets');
  await page.screenshot({ path: 'e2e/artifacts/data-panel-fix-1280.png' });
  await panel.getByRole('button', { name: /^Give dense2 3 units/ }).click();
  await expect(panel).toBeHidden();
  await expect(page.locator('.react-flow__node[data-id="dense2"] .bp-face-main')).toHaveText(
    '3 units',
  );
  await expect(page.locator('.react-flow__node[data-id="input"] .bp-face-main')).toHaveText(
    '3 features',
  );
  await expect(page.locator('.react-flow__node[data-id="act2"]')).toContainText(/softmax/i);

  await test.step('applying is undoable: one undo takes back the fix, another the data', async () => {
    await toolbar(page).getByRole('button', { name: 'Undo' }).click();
    await expect(page.locator('.react-flow__node[data-id="dense2"] .bp-face-main')).toHaveText(
      '1 unit',
    );
    await toolbar(page).getByRole('button', { name: 'Redo' }).click();
    await expect(page.locator('.react-flow__node[data-id="dense2"] .bp-face-main')).toHaveText(
      '3 units',
    );
  });

  await trainAtFullSpeed(page);
  await expect(page.getByTestId('training-state')).toHaveText('Done', { timeout: 60_000 });
  const counts = await validationCounts(page);
  expect(counts).toHaveLength(9);
  // 20% of 90 rows are held out for validation.
  expect(counts.reduce((a, b) => a + b, 0)).toBe(18);
  await page.screenshot({ path: 'e2e/artifacts/data-panel-fit-1280.png' });

  await saveAs(page, app, 'species.bpmodel');
  await expect(page).toHaveTitle(windowTitle('species.bpmodel', false));
  await openFile(page, app, 'species.bpmodel');
  await expect(page.locator('.react-flow__node[data-id="dense2"] .bp-face-main')).toHaveText(
    '3 units',
  );
  expect(await validationCounts(page)).toEqual(counts);
  expect(app.pageErrors).toEqual([]);
});

test('a model whose CSV has moved says so on open, and Locate… finds it and keeps the new path', async ({
  page,
  app,
}) => {
  test.skip(app.kind === 'electron', 'the native file dialog is not scripted here yet');
  await mkdir(join(app.workDir, 'sub'));
  await writeFile(join(app.workDir, 'moved.csv'), 'a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
  const model = exampleById('xor')!.model();
  model.data = { csv: 'gone/xor.csv', features: ['a', 'b'], targets: ['label'] };
  await writeFile(join(app.workDir, 'moved.bpmodel'), serializeModel(model));

  await openFile(page, app, 'moved.bpmodel');
  const panel = page.getByRole('dialog', { name: 'Data' });
  await expect(panel.getByRole('alert')).toContainText(
    'The data file “gone/xor.csv” cannot be read',
  );
  await panel.getByRole('button', { name: 'Locate…' }).click();
  const picker = page.getByRole('dialog', { name: 'Open a CSV data file' });
  const files = picker.getByRole('list', { name: 'Files' });
  // Only CSV files (and folders) are offered.
  await expect(files.getByRole('button', { name: 'moved.bpmodel' })).toHaveCount(0);
  await files.getByRole('button', { name: 'moved.csv' }).click();
  await picker.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByRole('table', { name: 'Predictions' }).getByRole('row')).toHaveCount(
    1 + 4,
  );
  await page.keyboard.press('Control+S');
  await expect
    .poll(
      async () => JSON.parse(await readFile(join(app.workDir, 'moved.bpmodel'), 'utf8')).data.csv,
    )
    .toBe('moved.csv');

  // Save As into another folder keeps the path pointing at the same file.
  await chooseMenu(page, 'File', /^Save As…/);
  const save = page.getByRole('dialog', { name: 'Save as' });
  await save.getByRole('list', { name: 'Files' }).getByRole('button', { name: 'sub' }).click();
  await expect(save.getByRole('textbox', { name: 'Path' })).toHaveValue(/sub$/);
  await save.getByRole('textbox', { name: 'File name' }).fill('moved.bpmodel');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect
    .poll(
      async () =>
        // Not there until the save lands.
        JSON.parse(
          await readFile(join(app.workDir, 'sub', 'moved.bpmodel'), 'utf8').catch(() => '{}'),
        ).data?.csv,
    )
    .toBe('../moved.csv');
  expect(app.pageErrors).toEqual([]);
});

test('the built-in options refuse a value outside their limits, step with the arrows and reach the document', async ({
  page,
  app,
}) => {
  await expect(page.locator('.react-flow')).toBeVisible();
  await chooseMenu(page, 'Data', 'Built-in Data Sets…');
  const region = page.getByRole('region', { name: 'Built-in data' });
  await region.getByLabel('Data set').selectOption('spiral');
  const validation = region.getByLabel('Validation share');
  await validation.fill('0.95');
  await validation.press('Enter');
  await expect(region.getByRole('alert')).toHaveText('Validation share must be at most 0.9');
  await expect(validation).toHaveAttribute('aria-invalid', 'true');
  // (Escape would close the dialog: a good value clears the message.)
  await validation.fill('0.2');
  await validation.press('Enter');
  await expect(region.getByRole('alert')).toHaveCount(0);
  const samples = region.getByLabel('Samples');
  await samples.fill('150');
  await samples.press('ArrowUp');
  await expect(samples).toHaveValue('160');
  await expect(page.getByTestId('builtin-summary')).toContainText('160');
  await region.screenshot({ path: 'e2e/artifacts/builtin-options.png' });
  await region.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'Leave as is' }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(
    page.getByRole('form', { name: 'Training settings' }).getByLabel('Validation share'),
  ).toHaveValue('0.2');
  expect(app.pageErrors).toEqual([]);
});
