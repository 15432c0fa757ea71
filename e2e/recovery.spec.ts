/**
 * Nothing lost: the web host is killed (SIGKILL, no clean-up) in the middle of an edit and in
 * the middle of a training run; started again with the same config folder, it offers each
 * document back with its unsaved changes and the weights of the last checkpoint. A tab whose
 * host restarted keeps its document and goes on working with it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  eachLook,
  node,
  openExampleFromMenu as openExample,
  saveAs,
  startTraining,
  toolbar,
  typeSetting,
} from './actions';
import { expect, test, type AppUnderTest } from './fixtures';

const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });
const offer = (page: Page) => page.getByRole('dialog', { name: 'Recover unsaved work?' });
const title = (page: Page) => page.locator('.bp-doc-title__name');

/** What the page logs while its host is down (its socket reconnecting) is expected here. */
const hostDown = (message: string) => message.includes('ERR_CONNECTION_REFUSED');

test.beforeEach(({ app }, testInfo) => {
  // Each test starts the host twice (about 5 s each on a loaded machine).
  testInfo.setTimeout(120_000);
  testInfo.skip(
    app.kind !== 'web',
    'kills and restarts the web host process; the desktop host is one process with its window',
  );
});

async function setUnits(page: Page, nodeId: string, units: string) {
  await node(page, nodeId).click();
  const field = page.getByRole('region', { name: 'Inspector' }).getByLabel('Units');
  await field.fill(units);
  await field.press('Enter');
}

/** The recovery copies on disk: `{ id: model }`. */
async function copies(app: AppUnderTest): Promise<Record<string, Record<string, unknown>>> {
  const folder = join(app.configDir, 'recovery');
  const names = await readdir(folder).catch(() => [] as string[]);
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of names.filter((n) => n.endsWith('.bpmodel'))) {
    out[name.replace(/\.bpmodel$/, '')] = JSON.parse(await readFile(join(folder, name), 'utf8'));
  }
  return out;
}

async function unitsInCopy(app: AppUnderTest, nodeId: string) {
  const [model] = Object.values(await copies(app));
  const graph = model?.graph as { nodes: { id: string; params: { units?: number } }[] } | undefined;
  return graph?.nodes.find((n) => n.id === nodeId)?.params.units;
}

test('an edit survives the host being killed: restored unsaved, with its name and path', async ({
  page,
  app,
}) => {
  await openExample(page, 'XOR');
  await saveAs(page, app, 'mine.bpmodel');
  await expect(title(page)).toHaveText('mine.bpmodel');
  expect(await copies(app)).toEqual({}); // a saved document has no copy

  await setUnits(page, 'dense1', '6');
  await expect(page).toHaveTitle(/^● mine\.bpmodel/);
  // The autosave writes within a few seconds of the change.
  await expect.poll(() => unitsInCopy(app, 'dense1'), { timeout: 10_000 }).toBe(6);

  const url = await app.restartWebHost('SIGKILL');
  await page.goto(url);

  const dialog = offer(page);
  await expect(dialog).toBeVisible();
  const item = dialog.getByRole('listitem').filter({ hasText: 'mine.bpmodel' });
  await expect(item).toContainText(join(app.workDir, 'mine.bpmodel'));
  await eachLook(page, async ({ width }, scheme) => {
    await page.screenshot({ path: `e2e/artifacts/recovery-offer-${width}-${scheme}.png` });
  });
  await item.getByRole('button', { name: 'Restore mine.bpmodel' }).click();
  await expect(dialog).toBeHidden();

  // Back with its unsaved change, its name and its file: Save writes to the same file.
  await expect(title(page)).toHaveText('mine.bpmodel');
  await expect(page).toHaveTitle(/^● mine\.bpmodel/);
  await node(page, 'dense1').click();
  await expect(page.getByRole('region', { name: 'Inspector' }).getByLabel('Units')).toHaveValue(
    '6',
  );
  await page.keyboard.press('Control+s');
  await expect(page).toHaveTitle(/^mine\.bpmodel/);
  const saved = JSON.parse(await readFile(join(app.workDir, 'mine.bpmodel'), 'utf8'));
  expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'dense1').params.units).toBe(6);
  // Saved: no copy is left to offer.
  await expect.poll(() => copies(app)).toEqual({});
  expect(app.pageErrors.filter((m) => !hostDown(m))).toEqual([]);
});

test('a run survives the host being killed: restored with the last checkpoint’s weights and its history', async ({
  page,
  app,
}) => {
  // Two spirals: 400 samples an epoch, so a few seconds of training make a modest history.
  await openExample(page, 'Two spirals');
  await typeSetting(page, 'Epochs', '1000000');
  await startTraining(page);

  // Checkpoints every 2 s while running reach the copy: wait for one with weights and history.
  await expect
    .poll(
      async () => {
        const [model] = Object.values(await copies(app));
        return Boolean(model?.weights) && ((model?.history as unknown[]) ?? []).length > 10;
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  const url = await app.restartWebHost('SIGKILL');
  await page.goto(url);
  const dialog = offer(page);
  await expect(dialog).toBeVisible();
  // What the killed run left on disk, now that no page writes it any more.
  const [[oldId, copy]] = Object.entries(await copies(app));
  const history = copy.history as { epoch: number; loss: number }[];
  test.info().annotations.push({
    type: 'history',
    description: `${history.length} epochs in the copy`,
  });
  await dialog.getByRole('button', { name: 'Restore Two spirals' }).click();
  await expect(dialog).toBeHidden();

  await expect(title(page)).toHaveText('Two spirals');
  await expect(page.getByTestId('training-state')).toHaveText('Trained');
  // The loss shown is the last epoch of the restored history.
  const shown = Number(await page.getByTestId('progress-loss').textContent());
  expect(shown).toBeCloseTo(history[history.length - 1].loss, 4);
  // The restored copy is now this tab's own; the old entry is gone.
  await expect.poll(async () => Object.keys(await copies(app))).not.toContain(oldId);

  // Saved, the document holds exactly the checkpoint's weights and the run's history.
  await saveAs(page, app, 'run.bpmodel');
  await expect(title(page)).toHaveText('run.bpmodel');
  const saved = JSON.parse(await readFile(join(app.workDir, 'run.bpmodel'), 'utf8'));
  expect(saved.weights).toEqual(copy.weights);
  expect(saved.history).toEqual(history);
  expect(Object.keys(saved.weights).sort()).toEqual(['dense1', 'dense2', 'dense3']);
});

test('a tab whose host restarted keeps its document and goes on saving and training', async ({
  page,
  app,
}) => {
  await openExample(page, 'XOR');
  await setUnits(page, 'dense1', '7');
  await app.restartWebHost('SIGKILL');

  // The same page, not reloaded: its calls reach the new host with the token it kept.
  await saveAs(page, app, 'kept.bpmodel');
  await expect(title(page)).toHaveText('kept.bpmodel');
  const saved = JSON.parse(await readFile(join(app.workDir, 'kept.bpmodel'), 'utf8'));
  expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'dense1').params.units).toBe(7);
  // And its event socket reconnects: a run streams frames again.
  await training(page).getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('progress-step')).not.toHaveText('0', { timeout: 30_000 });
  await expect(toolbar(page)).toBeVisible();
});
