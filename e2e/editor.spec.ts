/**
 * The editor as a new user meets it: build a network from the palette, wire
 * it, fix what the app points out, undo and redo, save, close and reopen;
 * a file that fails to open; a model file dropped on the window (which must
 * validate under the page's strict Content-Security-Policy).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { windowTitle } from '../app/shared/ipc';
import { parseModel } from '../src/model/parse';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import type { ModelFile } from '../src/model/types';
import {
  chooseMenu,
  clearCanvas,
  connect,
  dragFromPalette,
  dropFile,
  inspector,
  node,
  openFile,
  saveAs,
  setField,
  toolbar,
} from './actions';
import { expect, test } from './fixtures';

const edgeLabel = (page: Page, id: string) => page.locator(`.bp-edge-label[data-edge-id="${id}"]`);
const problemsList = (page: Page) => page.getByRole('list', { name: 'Problems', exact: true });

/**
 * Clicks an empty spot of the canvas (bottom middle: the nodes sit higher, the zoom controls
 * and minimap are in the corners): clears the selection and takes focus out of the inspector.
 */
async function clickEmptyCanvas(page: Page) {
  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height - 15);
}

/** Answers the next Save As / Open: the desktop's native dialog, or the web host's in-app picker. */

/** The canvas's network, as the page shows it: node ids, the units on Dense faces, edge ids and shapes. */
async function shownNetwork(page: Page) {
  const nodes = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? '').sort());
  const edges = await page
    .locator('.bp-edge-label')
    .evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-edge-id')}: ${el.textContent ?? ''}`).sort(),
    );
  const faces: Record<string, string> = {};
  for (const id of nodes) {
    faces[id] = (await node(page, id).locator('.bp-face-main').textContent()) ?? '';
  }
  return { nodes, edges, faces };
}

const E = {
  in: 'e-input1-dense1-1',
  d1: 'e-dense1-activation1-1',
  a1: 'e-activation1-dense2-1',
  d2: 'e-dense2-activation2-1',
  a2: 'e-activation2-loss1-1',
};

test('a new user builds a network, fixes its shapes, undoes, saves, closes and reopens it', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page).toHaveTitle(windowTitle('Untitled', false));

  await test.step('clear the new document to an empty canvas', async () => {
    await clearCanvas(page);
    await expect(page).toHaveTitle(windowTitle('Untitled', true));
  });

  await test.step('drag six nodes from the palette', async () => {
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // Two rows of three, clear of the canvas's overlays (training view switch at the top left,
    // minimap at the bottom right), so every node can be grabbed where it lands.
    const dx = Math.min(220, (pane.width - 420) / 2);
    const row = [
      ['Input', 'input1'],
      ['Dense', 'dense1'],
      ['Activation', 'activation1'],
      ['Dense', 'dense2'],
      ['Activation', 'activation2'],
      ['Loss', 'loss1'],
    ] as const;
    for (const [i, [label, id]] of row.entries()) {
      const at = { x: 100 + (i % 3) * dx, y: i < 3 ? 150 : 290 };
      await dragFromPalette(page, label, at);
      await expect(node(page, id)).toBeVisible();
      // The new node is selected and lands where it was dropped.
      await expect(node(page, id)).toHaveClass(/selected/);
      const box = (await node(page, id).boundingBox())!;
      expect(Math.abs(box.x - pane.x - at.x)).toBeLessThan(box.width);
      expect(Math.abs(box.y - pane.y - at.y)).toBeLessThan(box.height * 1.5);
    }
    await expect(page.locator('.react-flow__node')).toHaveCount(6);
    // Unconnected: the compiler says so, on the nodes.
    await expect(node(page, 'dense1').locator('.bp-node')).toHaveAttribute('aria-invalid', 'true');
  });

  await test.step('wire them from output handles to input handles', async () => {
    await connect(page, 'input1', 'dense1');
    await connect(page, 'dense1', 'activation1');
    await connect(page, 'activation1', 'dense2');
    await connect(page, 'dense2', 'activation2');
    await connect(page, 'activation2', 'loss1');
    for (const id of Object.values(E)) {
      await expect(page.locator(`.react-flow__edge[data-id="${id}"]`)).toHaveCount(1);
    }
    await expect(page.locator('.react-flow__edge')).toHaveCount(5);
    // The new Input took the article data's 3 features; the Dense that became the last layer
    // (dense2 → activation2 → loss1) took its 1 target; the hidden one kept the default 4.
    await expect(node(page, 'input1').locator('.bp-face-main')).toHaveText('3 features');
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('1 unit');
    await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('4 units');
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(0);
  });

  await test.step('set units in the inspector; the edges show the shapes', async () => {
    await setField(page, 'dense1', 'Units', '5');
    await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('5 units');
    await expect(node(page, 'dense1').getByTestId('w-shape')).toHaveText('W: 5 × 3, b');
    await expect(edgeLabel(page, E.in)).toHaveText('m × 3');
    await expect(edgeLabel(page, E.d1)).toHaveText('m × 5');
    await expect(edgeLabel(page, E.a1)).toHaveText('m × 5');
    await expect(edgeLabel(page, E.d2)).toHaveText('m × 1');
    await expect(edgeLabel(page, E.a2)).toHaveText('m × 1');
    // A value the registry refuses is reported and never applied.
    await setField(page, 'dense1', 'Units', '0');
    await expect(inspector(page).getByRole('alert')).toBeVisible();
    await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('5 units');
  });

  const targetsProblem =
    'The network predicts m × 4 but the data has m × 1 targets: give the last layer 1 unit';

  await test.step('the last layer does not match the targets: listed, marked, fixed', async () => {
    await setField(page, 'dense2', 'Units', '4');
    await clickEmptyCanvas(page);
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(1);
    // Named as the canvas shows it, not by an id.
    await expect(problemsList(page).locator('.bp-problem__where')).toHaveText('Loss 1');
    await expect(problemsList(page)).toContainText(targetsProblem);
    const loss = node(page, 'loss1');
    await expect(loss.locator('.bp-node')).toHaveAttribute('aria-invalid', 'true');
    await expect(loss.locator('.bp-node')).toHaveAttribute('title', targetsProblem);
    await expect(loss.getByLabel('1 problem')).toBeVisible();
    await expect(edgeLabel(page, E.a2)).toHaveClass(/has-problem/);

    await setField(page, 'dense2', 'Units', '1');
    await expect(edgeLabel(page, E.a2)).toHaveText('m × 1');
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(0);
    await expect(page.getByText('No problems: the network compiles.')).toBeVisible();
    await expect(loss.locator('.bp-node')).not.toHaveAttribute('aria-invalid', 'true');
  });

  await test.step('undo and redo move the document back and forth', async () => {
    await clickEmptyCanvas(page);
    await page.keyboard.press('Control+Z');
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('4 units');
    await expect(edgeLabel(page, E.a2)).toHaveText('m × 4');
    await expect(problemsList(page)).toContainText(targetsProblem);
    // Clicking the problem selects its node (and centres it: no node is clicked after this).
    await problemsList(page).getByRole('button').click();
    await expect(node(page, 'loss1')).toHaveClass(/selected/);
    await page.keyboard.press('Control+Z');
    // Before the user's 4, dense2 had the 1 unit it took on becoming the last layer.
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('1 unit');
    await page.keyboard.press('Control+Z');
    // The refused 0 was never applied, so the step before is Units 4 → 5 on dense1.
    await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('4 units');
    await expect(edgeLabel(page, E.d1)).toHaveText('m × 4');
    await page.keyboard.press('Control+Shift+Z');
    await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('5 units');
    await page.keyboard.press('Control+Shift+Z');
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('4 units');
    await page.keyboard.press('Control+Shift+Z');
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('1 unit');
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(0);
    // The toolbar's buttons do the same.
    await toolbar(page).getByRole('button', { name: 'Undo' }).click();
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('4 units');
    await toolbar(page).getByRole('button', { name: 'Redo' }).click();
    await expect(node(page, 'dense2').locator('.bp-face-main')).toHaveText('1 unit');
    await expect(toolbar(page).getByRole('button', { name: 'Redo' })).toBeDisabled();
  });

  const built = await shownNetwork(page);
  expect(built.nodes).toEqual([
    'activation1',
    'activation2',
    'dense1',
    'dense2',
    'input1',
    'loss1',
  ]);
  expect(built.faces).toMatchObject({ input1: '3 features', dense1: '5 units', dense2: '1 unit' });

  await test.step('save as mlp.bpmodel', async () => {
    await saveAs(page, app, 'mlp.bpmodel');
    await expect(page).toHaveTitle(windowTitle('mlp.bpmodel', false));
    const saved = JSON.parse(await readFile(join(app.workDir, 'mlp.bpmodel'), 'utf8')) as ModelFile;
    expect(parseModel(JSON.stringify(saved)).ok).toBe(true);
    expect(saved.graph.nodes.map((n) => [n.id, n.kind, n.params])).toEqual([
      ['input1', 'input', { features: 3 }],
      ['dense1', 'dense', { units: 5 }],
      ['activation1', 'activation', { fn: 'tanh' }],
      ['dense2', 'dense', { units: 1 }],
      ['activation2', 'activation', { fn: 'tanh' }],
      ['loss1', 'loss', { fn: 'mse' }],
    ]);
    expect(saved.graph.edges.map((e) => e.id)).toEqual(Object.values(E));
  });

  await test.step('close it (New), with a question only while there are unsaved changes', async () => {
    // An unsaved change: duplicate everything.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+D');
    await expect(page.locator('.react-flow__node')).toHaveCount(12);
    await expect(page).toHaveTitle(windowTitle('mlp.bpmodel', true));

    await toolbar(page).getByRole('button', { name: 'New' }).click();
    const ask = page.getByRole('dialog', { name: 'Save changes?' });
    await expect(ask).toContainText('mlp.bpmodel');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(page).toHaveTitle(windowTitle('mlp.bpmodel', true));

    await toolbar(page).getByRole('button', { name: 'New' }).click();
    await ask.getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page).toHaveTitle(windowTitle('Untitled', false));
    await expect(node(page, 'input1')).toHaveCount(0);
    await expect(node(page, 'input')).toBeVisible();
  });

  await test.step('reopen it and find the same network', async () => {
    await openFile(page, app, 'mlp.bpmodel');
    await expect(page).toHaveTitle(windowTitle('mlp.bpmodel', false));
    await expect(page.locator('.react-flow__node')).toHaveCount(6);
    // Edges draw a frame after the nodes and the title: wait for the whole network.
    await expect.poll(() => shownNetwork(page)).toEqual(built);
    await expect(problemsList(page).getByRole('listitem')).toHaveCount(0);
  });

  await test.step('and again through Open Recent', async () => {
    await toolbar(page).getByRole('button', { name: 'New' }).click();
    await expect(page).toHaveTitle(windowTitle('Untitled', false));
    await chooseMenu(page, 'File', 'Open Recent', 'mlp.bpmodel');
    await expect(page).toHaveTitle(windowTitle('mlp.bpmodel', false));
    // Edges draw a frame after the nodes and the title: wait for the whole network.
    await expect.poll(() => shownNetwork(page)).toEqual(built);
  });

  expect(app.pageErrors).toEqual([]);
});

test('a file that fails to open lists every problem and leaves the document untouched', async ({
  page,
  app,
}) => {
  const model = exampleById('xor')!.model();
  const broken = JSON.parse(serializeModel(model)) as {
    graph: { nodes: { kind: string; params: Record<string, unknown> }[] };
    training: Record<string, unknown>;
  };
  broken.graph.nodes[1].params.units = -3;
  broken.graph.nodes[2].kind = 'convolution';
  broken.training.learningRate = 'fast';
  delete broken.training.epochs;
  const text = JSON.stringify(broken, null, 2);
  await writeFile(join(app.workDir, 'broken.bpmodel'), text);
  const expected = parseModel(text);
  if (expected.ok) throw new Error('the broken file parses');
  expect(expected.problems.length).toBeGreaterThanOrEqual(4);

  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page).toHaveTitle(windowTitle('Untitled', true));

  await openFile(page, app, 'broken.bpmodel');
  const dialog = page.getByRole('dialog', { name: 'broken.bpmodel could not be opened' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`The file has ${expected.problems.length} problems`);
  const items = dialog.getByRole('list', { name: 'File problems' }).getByRole('listitem');
  await expect(items).toHaveText(expected.problems.map((p) => `${p.path}: ${p.message}`));
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();

  // Untouched: still the emptied, unsaved Untitled; no question was asked.
  await expect(page).toHaveTitle(windowTitle('Untitled', true));
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await expect(page).toHaveTitle(windowTitle('Untitled', false));
});

test('a model file dropped on the window opens, validated under the strict CSP', async ({
  page,
  app,
}) => {
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  const text = serializeModel(exampleById('xor')!.model());
  await dropFile(page, 'xor-dropped.bpmodel', text, 'application/json');
  await expect(page).toHaveTitle(windowTitle('xor-dropped.bpmodel', false));
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await expect(node(page, 'dense1').locator('.bp-face-main')).toHaveText('4 units');
  await expect(edgeLabel(page, 'e1')).toHaveText('m × 2');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});
