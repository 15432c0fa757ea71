/**
 * Room for the canvas: a new user opens the app on a laptop-sized window
 * (1280×800) and on a large one (1920×1080), trains the default network, and
 * can read every text on the canvas. Measured as a person sees it: computed
 * font size × the canvas zoom, for every text on nodes and edge labels. Also:
 * nothing spills out of its node, the minimap covers no node, and the first
 * frame is already fitted. Screenshots go to e2e/artifacts/shots/ to be looked at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import { openFile, trainAtFullSpeed } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

/** The smallest text a person reads without effort on a desktop screen, in CSS px. */
const READABLE_PX = 11;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

interface TextSize {
  where: string;
  text: string;
  px: number;
}

/** Every visible text on nodes and edge labels with its on-screen size (font size × zoom). */
function measureTexts(page: Page): Promise<{ zoom: number; texts: TextSize[] }> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport');
    if (!viewport) throw new Error('no .react-flow__viewport');
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const roots = document.querySelectorAll('.react-flow__node, .bp-edge-label');
    const texts: TextSize[] = [];
    for (const root of roots) {
      const where =
        root.getAttribute('data-id') ?? `edge label ${root.getAttribute('data-edge-id')}`;
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const own = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (!own || !el.checkVisibility({ visibilityProperty: true })) continue;
        const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
        texts.push({ where, text: own, px: Math.round(px * 100) / 100 });
      }
    }
    return { zoom, texts };
  });
}

/** Node titles, ids and face lines whose text is wider than their box. */
function spills(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.react-flow__node .bp-node__label, .react-flow__node .bp-node__id, .react-flow__node .bp-face-main, .react-flow__node .bp-face-sub',
      ),
    ]
      .filter((el) => el.scrollWidth > el.clientWidth + 0.5)
      .map(
        (el) => `${el.closest('.react-flow__node')?.getAttribute('data-id')}: ${el.textContent}`,
      ),
  );
}

/** Nodes whose box meets the minimap's box (when the minimap shows). */
function nodesUnderMinimap(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = document.querySelector('.react-flow__minimap');
    if (!map) return [];
    const m = map.getBoundingClientRect();
    return [...document.querySelectorAll('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect();
        return r.left < m.right && r.right > m.left && r.top < m.bottom && r.bottom > m.top;
      })
      .map((n) => n.getAttribute('data-id') ?? '?');
  });
}

/** Nodes (all, or those of `ids`) not wholly inside the canvas's box. */
function nodesOutOfView(page: Page, ids?: string[]): Promise<string[]> {
  return page.evaluate((ids) => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    return [...document.querySelectorAll('.react-flow__node')]
      .filter((n) => !ids || ids.includes(n.getAttribute('data-id') ?? ''))
      .filter((n) => {
        const r = n.getBoundingClientRect();
        return (
          r.left < pane.left || r.right > pane.right || r.top < pane.top || r.bottom > pane.bottom
        );
      })
      .map((n) => n.getAttribute('data-id') ?? '?');
  }, ids);
}

/** Edge labels whose box meets a node's box. */
function labelsOnNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('.react-flow__node')].map((n) => ({
      id: n.getAttribute('data-id'),
      r: n.getBoundingClientRect(),
    }));
    const hits: string[] = [];
    for (const label of document.querySelectorAll('.bp-edge-label')) {
      const l = label.getBoundingClientRect();
      for (const { id, r } of nodes) {
        if (l.left < r.right && l.right > r.left && l.top < r.bottom && l.bottom > r.top)
          hits.push(`${label.getAttribute('data-edge-id')} on ${id}`);
      }
    }
    return hits;
  });
}

async function shot(page: Page, name: string) {
  const dir = join(repoRoot, 'e2e/artifacts/shots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;

  test(`at ${tag}, every text on the trained default network reads at ≥ ${READABLE_PX} px`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.reload();
    await expect(page.locator('.react-flow__node')).toHaveCount(6);

    await trainAtFullSpeed(page);
    // The run ends on its own (the default network trains for a fixed number of epochs).
    await expect(page.getByTestId('training-state')).not.toHaveText(/Starting|Training|Paused/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('edge-grad-e1')).toHaveText(/^∇ /);

    const { zoom, texts } = await measureTexts(page);
    const smallest = texts.reduce((a, b) => (b.px < a.px ? b : a));
    console.log(
      `${tag}: zoom ${zoom.toFixed(3)}, ${texts.length} texts, smallest ${smallest.px} px ` +
        `(${smallest.where}: "${smallest.text}"), under ${READABLE_PX} px: ` +
        `${texts.filter((t) => t.px < READABLE_PX).length}`,
    );
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.filter((t) => t.px < READABLE_PX)).toEqual([]);
    expect(await spills(page)).toEqual([]);
    expect(await nodesOutOfView(page)).toEqual([]);
    expect(await nodesUnderMinimap(page)).toEqual([]);
    // The top bar fits the window (no sideways scrolling) and leaves the title room to be read.
    const bar = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      title: document.querySelector('.bp-doc-title')!.getBoundingClientRect().width,
    }));
    expect(bar.overflow).toBeLessThanOrEqual(0);
    // Its training figures stay within the bar's height (two rows at most).
    const facts = (await page.getByRole('definition').filter({ visible: true }).all()).length;
    expect(facts).toBeLessThanOrEqual(size.width < 1440 ? 4 : 5);
    expect(bar.title).toBeGreaterThanOrEqual(90);
    await expect(page.getByRole('button', { name: 'Full speed', exact: true })).toBeInViewport();
    // Whichever number the edges show, their labels sit between the nodes.
    const overlay = page.getByRole('radiogroup', { name: 'Edge overlay' });
    for (const stat of ['Weight updates', 'Activations', 'Gradients']) {
      await overlay.getByRole('radio', { name: stat }).click();
      expect(await labelsOnNodes(page), stat).toEqual([]);
    }

    await shot(page, `room-${tag}-light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `room-${tag}-dark`);
  });
}

test('the first screen is already fitted: no frame shows the graph elsewhere', async ({ page }) => {
  // Every animation frame, note where the viewport is while it shows nodes.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { viewportFrames: string[] }).viewportFrames = seen;
    const sample = () => {
      const vp = document.querySelector('.react-flow__viewport');
      if (vp && document.querySelector('.react-flow__node')) {
        const style = getComputedStyle(vp);
        if (style.visibility === 'visible') seen.push(style.transform);
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  const sampled = () =>
    page.evaluate(() => (window as unknown as { viewportFrames: string[] }).viewportFrames);
  // A dozen frames after the nodes first show (a slow machine paints few frames a second).
  await expect.poll(async () => (await sampled()).length).toBeGreaterThan(12);
  const frames = await sampled();
  const final = await page
    .locator('.react-flow__viewport')
    .evaluate((vp) => getComputedStyle(vp).transform);
  expect(new Set(frames)).toEqual(new Set([final]));
  expect(final).not.toBe('matrix(1, 0, 0, 1, 0, 0)');

  // A view nobody has moved since its fit follows the window's size.
  const zoom = () =>
    page
      .locator('.react-flow__viewport')
      .evaluate((vp) => new DOMMatrix(getComputedStyle(vp).transform).a);
  const before = await zoom();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(zoom).toBeGreaterThan(before + 0.2);
  expect(await nodesOutOfView(page)).toEqual([]);
});

test('panels collapse, resize and stay as the user left them', async ({ page }) => {
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const showDetails = page.getByRole('button', { name: 'Show details panel' });
  const resize = page.getByRole('separator', { name: 'Resize training panel' });
  const bottom = page.getByRole('region', { name: 'Training' });
  const height = async () => (await bottom.boundingBox())!.height;
  await expect(page.locator('.react-flow__node')).toHaveCount(6);

  await test.step('on a 1280 px window, details and minimap wait to be asked for', async () => {
    await expect(inspector).toBeHidden();
    await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
    // Selecting a node brings the inspector, and the node stays in view.
    await page.locator('.react-flow__node[data-id="loss"] .bp-node__header').click();
    await expect(inspector.getByText('loss', { exact: true })).toBeVisible();
    expect(await nodesOutOfView(page, ['loss'])).toEqual([]);
    await shot(page, 'room-1280x800-selected-light');
    await page.keyboard.press('Escape');
    await expect(inspector).toBeHidden();
  });

  await test.step('the minimap, shown, covers no node after a fit', async () => {
    await page.getByRole('button', { name: 'Show minimap' }).click();
    await expect(page.locator('.react-flow__minimap')).toBeVisible();
    await page.locator('.react-flow__controls').getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(400);
    expect(await nodesUnderMinimap(page)).toEqual([]);
    expect(await nodesOutOfView(page)).toEqual([]);
    await shot(page, 'room-1280x800-minimap-light');
  });

  await test.step('details shown by the user stay shown; the training panel resizes', async () => {
    await showDetails.click();
    await expect(inspector).toBeVisible();
    const before = await height();
    await resize.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await height()).toBeCloseTo(before + 48, 0);
    const box = (await resize.boundingBox())!;
    // Drag the edge 60 px up: the panel grows by as much.
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 200, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, y - 30, { steps: 4 });
    await page.mouse.move(box.x + 200, y - 60, { steps: 4 });
    await page.mouse.up();
    expect(await height()).toBeCloseTo(before + 48 + 60, 0);
  });

  await test.step('after a reload everything is as it was left', async () => {
    const before = await height();
    await page.reload();
    await expect(page.locator('.react-flow__node')).toHaveCount(6);
    await expect(inspector).toBeVisible();
    await expect(page.locator('.react-flow__minimap')).toBeVisible();
    expect(await height()).toBeCloseTo(before, 0);
  });

  await test.step('hidden by the user, the details stay hidden, even with a selection', async () => {
    await page.getByRole('button', { name: 'Hide details panel' }).click();
    await expect(inspector).toBeHidden();
    await page.locator('.react-flow__node[data-id="dense1"] .bp-node__header').click();
    await expect(page.locator('.react-flow__node[data-id="dense1"]')).toHaveClass(/selected/);
    await expect(inspector).toBeHidden();
    await page.keyboard.press('Control+Alt+I');
    await expect(inspector).toBeVisible();
  });

  await test.step('the training panel collapses, and stays collapsed', async () => {
    await page.getByRole('button', { name: 'Collapse panel' }).click();
    await expect(resize).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Expand panel' })).toBeVisible();
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 200 } });
    await page.keyboard.press('Control+J');
    await expect(resize).toBeVisible();
  });
});

test('long node names end in an ellipsis inside their node, the full name in the tooltip', async ({
  page,
  app,
}) => {
  const model = exampleById('article')!.model();
  const rename = (id: string) => `${id}_with_a_rather_long_descriptive_name`;
  for (const n of model.graph.nodes) n.id = rename(n.id);
  for (const e of model.graph.edges) {
    e.source = rename(e.source);
    e.target = rename(e.target);
  }
  await writeFile(join(app.workDir, 'long-names.bpmodel'), serializeModel(model));
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await openFile(page, app, 'long-names.bpmodel');
  await expect(
    page.locator('.react-flow__node[data-id="act1_with_a_rather_long_descriptive_name"]'),
  ).toBeVisible();

  const texts = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.react-flow__node .bp-node__label, .react-flow__node .bp-node__id',
      ),
    ].map((el) => {
      const node = el.closest('.bp-node')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        text: el.textContent ?? '',
        title: el.getAttribute('title'),
        inside: box.left >= node.left - 0.5 && box.right <= node.right + 0.5,
        cut: el.scrollWidth > el.clientWidth,
        ellipsis: getComputedStyle(el).textOverflow === 'ellipsis',
      };
    }),
  );
  expect(texts).toHaveLength(12);
  expect(texts.filter((t) => !t.inside)).toEqual([]);
  // The long ids are cut, with an ellipsis, and say themselves in full on hover.
  const ids = texts.filter((t) => t.text.endsWith('_name'));
  expect(ids).toHaveLength(6);
  for (const t of ids) expect(t).toMatchObject({ cut: true, ellipsis: true, title: t.text });
  await shot(page, 'room-long-names-1280x800-light');
});
