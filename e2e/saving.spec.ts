/**
 * Saving on the web host as a user meets it: a model opened from a `.json`
 * file is not written back over that file (the browser host writes only
 * `.bpmodel` files) and the message says why; Save As then saves it; and the
 * file picker never lists the hidden temporary file a killed save left.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveAs, openFile } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';
import { newDocument } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';

test('the web host refuses to save over a non-.bpmodel file, and Save As saves it', async ({
  page,
  app,
}) => {
  test.skip(app.kind !== 'web', 'the desktop saves where its native dialog says');
  const text = serializeModel({ ...newDocument(), name: 'from json' });
  await writeFile(join(app.workDir, 'model.json'), text);
  await writeFile(join(app.workDir, '.model.bpmodel.0123456789abcdef.tmp'), text.slice(0, 40));

  await openFile(page, app, 'model.json');
  await expect(page).toHaveTitle(/model\.json/);
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+s');
  const message = page.getByRole('dialog', { name: 'Could not save model.json' });
  await expect(message).toContainText('only .bpmodel files can be saved here');
  await page.screenshot({ path: join(repoRoot, 'e2e/artifacts/save-refused.png') });
  await message.getByRole('button', { name: 'OK' }).click();
  expect(await readFile(join(app.workDir, 'model.json'), 'utf8')).toBe(text);

  await saveAs(page, app, 'model.bpmodel');
  await expect(page).toHaveTitle(/model\.bpmodel/);
  expect(JSON.parse(await readFile(join(app.workDir, 'model.bpmodel'), 'utf8')).name).toBe(
    'from json',
  );

  // The picker lists the files, never the hidden temporary of a killed save.
  await page.keyboard.press('Control+o');
  const picker = page.getByRole('dialog', { name: 'Open a model' });
  const files = picker.getByRole('list', { name: 'Files' }).getByRole('button');
  await expect(files).toHaveText([/model\.bpmodel/, /model\.json/]);
  await picker.getByRole('button', { name: 'Cancel' }).click();
});
