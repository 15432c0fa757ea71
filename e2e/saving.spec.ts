/**
 * Saving on the web host, end to end over its HTTP API as the page calls it:
 * `document:save` refuses a path that is not a `.bpmodel` file (the page
 * cannot overwrite other files) and a model that would not open, each with a
 * message naming why; Save As from the window saves; and the file picker
 * never lists the hidden temporary file a killed save left.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { saveAs } from './actions';
import { expect, test } from './fixtures';
import { newDocument } from '../src/model/examples';

/** Calls the web host's `document:save` with the page's token; returns its result. */
function saveThroughHost(page: Page, path: string, model: unknown) {
  return page.evaluate(
    async ([path, model]) => {
      const token = sessionStorage.getItem('backprop-studio.token') ?? '';
      const response = await fetch('/api/invoke/document:save', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bps-token': token },
        body: JSON.stringify([path, model]),
      });
      return ((await response.json()) as { result: { ok: boolean; message?: string } }).result;
    },
    [path, model] as const,
  );
}

test('the web host saves only valid models to .bpmodel files, and hides save temporaries', async ({
  page,
  app,
}) => {
  test.skip(app.kind !== 'web', 'the desktop saves where its native dialog says');
  await expect(page.locator('.react-flow')).toBeVisible();
  await writeFile(join(app.workDir, 'notes.txt'), 'my notes');
  await writeFile(join(app.workDir, '.model.bpmodel.0123456789abcdef.tmp'), '{"format": "backp');

  const notes = await saveThroughHost(page, join(app.workDir, 'notes.txt'), newDocument());
  expect(notes.ok).toBe(false);
  expect(notes.message).toContain('only .bpmodel files can be saved here');
  expect(await readFile(join(app.workDir, 'notes.txt'), 'utf8')).toBe('my notes');

  const broken = { ...newDocument(), graph: { nodes: [], edges: [{ id: 'e', source: 'a' }] } };
  const invalid = await saveThroughHost(page, join(app.workDir, 'broken.bpmodel'), broken);
  expect(invalid.ok).toBe(false);
  expect(invalid.message).toMatch(/Not saved: .*broken\.bpmodel would not open as a model file/);
  expect((await readdir(app.workDir)).sort()).toEqual([
    '.model.bpmodel.0123456789abcdef.tmp',
    'notes.txt',
  ]);

  await saveAs(page, app, 'model.bpmodel');
  await expect(page).toHaveTitle(/model\.bpmodel/);
  expect(JSON.parse(await readFile(join(app.workDir, 'model.bpmodel'), 'utf8')).format).toBe(
    'backprop-studio.model',
  );

  // The picker lists the model, never the hidden temporary of a killed save.
  await page.keyboard.press('Control+o');
  const picker = page.getByRole('dialog', { name: 'Open a model' });
  await expect(picker.getByRole('list', { name: 'Files' }).getByRole('button')).toHaveText([
    /model\.bpmodel/,
  ]);
  await picker.getByRole('button', { name: 'Cancel' }).click();
});
