/**
 * A model whose data is a CSV file beside it: the window reads the file
 * through the host, so the Predictions table and the Data tab show its rows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { openFile } from './actions';
import { expect, test } from './fixtures';

test('a model with CSV data shows predictions and plots from the file', async ({ page, app }) => {
  await mkdir(join(app.workDir, 'data'));
  await writeFile(
    join(app.workDir, 'data', 'xor.csv'),
    'a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.1,0.9,1\n',
  );
  const model = exampleById('xor')!.model();
  model.name = 'XOR from a file';
  model.data = { csv: 'data/xor.csv', features: ['a', 'b'], targets: ['label'] };
  await writeFile(join(app.workDir, 'xor-csv.bpmodel'), serializeModel(model));

  await openFile(page, app, 'xor-csv.bpmodel');
  await expect(page).toHaveTitle(/^xor-csv\.bpmodel — /);

  await page.getByRole('tab', { name: 'Predictions' }).click();
  const table = page.getByRole('table', { name: 'Predictions' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(1 + 5);
  await expect(table.getByRole('columnheader', { name: 'true label' })).toBeVisible();

  await page.getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByRole('img', { name: 'Decision boundary', exact: true })).toBeVisible();
  expect(app.pageErrors).toEqual([]);
});
