/**
 * A large graph (300 nodes: only what is in view is in the page) as a user zooms and pans it:
 * zoomed out, every node and edge label follows the far level of detail (titled boxes, no
 * labels, and edges that come into view then have none); zoomed back in, every node shows its
 * face and every edge its label again. A node
 * that comes into view first shows its frame, at the size it has with its face, and its face
 * follows a few frames later, so no node changes size and no edge moves as faces appear.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generateNetwork } from '../bench/canvas';
import { serializeModel } from '../src/model/serialize';
import { openFile } from './actions';
import { expect, test } from './fixtures';

const NODES = 300;

const zoomNow = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

/** Wheel steps about `at` (the pane's centre) until the zoom passes `target` (either way). */
async function zoomPast(page: Page, target: number, at?: { x: number; y: number }) {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(at?.x ?? box.x + box.width / 2, at?.y ?? box.y + box.height / 2);
  const inward = (await zoomNow(page)) < target;
  for (let i = 0; i < 80; i++) {
    const zoom = await zoomNow(page);
    if (inward ? zoom >= target : zoom <= target) return;
    await page.mouse.wheel(0, inward ? -100 : 100);
    await page.waitForTimeout(30);
  }
  throw new Error(`the zoom did not reach ${target}`);
}

/**
 * Starts noting, for each node that shows its frame before its face, its height then; resolves
 * with a function that reads those heights back (node id → px, the zoom unchanged meanwhile).
 */
async function noteFrameHeights(page: Page): Promise<() => Promise<Record<string, number>>> {
  await page.evaluate(() => {
    const noted: Record<string, number> = {};
    (globalThis as { framesNoted?: Record<string, number> }).framesNoted = noted;
    const note = () => {
      for (const frame of document.querySelectorAll('.bp-node[style*="height"]')) {
        const node = frame.closest('.react-flow__node') as HTMLElement;
        const id = node.getAttribute('data-id')!;
        noted[id] ??= node.offsetHeight;
      }
    };
    new MutationObserver(note).observe(document.querySelector('.react-flow__viewport')!, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  });
  return () =>
    page.evaluate(() => (globalThis as { framesNoted?: Record<string, number> }).framesNoted!);
}

test('a large graph follows the zoom level of detail, and faces come into view without moving anything', async ({
  page,
  app,
}) => {
  await writeFile(join(app.workDir, 'large.bpmodel'), serializeModel(generateNetwork(NODES)));
  await openFile(page, app, 'large.bpmodel');
  await expect(page.locator('.bp-canvas.is-framing')).toHaveCount(0);
  await test.step('zoomed in, every node in view shows its face', async () => {
    await zoomPast(page, 1);
    // Culled: only the nodes in view are in the page.
    await expect.poll(() => page.locator('.react-flow__node').count()).toBeLessThan(NODES / 2);
    await expect(page.locator('.bp-node[data-lod]')).toHaveCount(0);
    await expect(page.locator('.bp-node[style*="height"]')).toHaveCount(0);
    await expect(page.locator('.react-flow__node-dense .bp-node__body').first()).toBeVisible();
    await expect(page.locator('.bp-edge-label').first()).toBeVisible();
  });

  await test.step('nodes panned into view keep their size as their faces appear', async () => {
    const box = (await page.locator('.react-flow__pane').boundingBox())!;
    const framesNoted = await noteFrameHeights(page);
    await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator('.bp-node[style*="height"]')).toHaveCount(0);
    const noted = await framesNoted();
    expect(Object.keys(noted).length).toBeGreaterThan(0);
    const now = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => [
          n.getAttribute('data-id')!,
          n.offsetHeight,
        ]),
      ),
    );
    for (const [id, height] of Object.entries(noted))
      if (now[id] !== undefined) expect(now[id], id).toBe(height);
  });

  await test.step('zoomed out, nodes are titled boxes and edges have no labels', async () => {
    await zoomPast(page, 0.25);
    await expect(page.locator('.bp-canvas[data-detail]')).toHaveCount(1);
    await expect(page.locator('.bp-node:not([data-lod])')).toHaveCount(0);
    await expect(page.locator('.bp-edge-label:visible')).toHaveCount(0);
    await expect(page.locator('.bp-node__label:visible').first()).toBeVisible();
    await expect(page.locator('.bp-node__body:visible')).toHaveCount(0);
  });

  await test.step('panned while zoomed out, edges come into view without labels', async () => {
    const box = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator('.bp-edge-label:visible')).toHaveCount(0);
  });

  await test.step('zoomed back in, faces and labels are back everywhere', async () => {
    // About a node in the middle of the window, so the view zooms in on the graph.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const middle = await page.evaluate(
      ({ x, y }) => {
        let best = { x, y, d: Infinity };
        for (const el of document.querySelectorAll('.react-flow__node')) {
          const r = el.getBoundingClientRect();
          const c = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          const d = Math.hypot(c.x - x, c.y - y);
          if (d < best.d) best = { ...c, d };
        }
        return best;
      },
      { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 },
    );
    await zoomPast(page, 0.8, middle);
    await expect(page.locator('.react-flow__edge').first()).toBeAttached();
    // Every edge in the page has its label again, those that came into view far out included.
    await expect
      .poll(
        async () =>
          (await page.locator('.react-flow__edge').count()) -
          (await page.locator('.bp-edge-label').count()),
      )
      .toBe(0);
    await expect(page.locator('.bp-canvas[data-detail]')).toHaveCount(0);
    await expect(page.locator('.bp-node[data-lod], .bp-edge-label[data-lod]')).toHaveCount(0);
    await expect(page.locator('.bp-node[style*="height"]')).toHaveCount(0);
    await expect(
      page.locator('.react-flow__node-dense .bp-node__body:visible').first(),
    ).toBeVisible();
    await expect(page.locator('.bp-edge-label:visible').first()).toBeVisible();
  });
});
