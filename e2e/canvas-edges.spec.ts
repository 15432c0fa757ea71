/**
 * Edges drawn by the edge layer (app/renderer/canvas/EdgeLayer.tsx): one SVG
 * under the nodes draws every line and the training overlay, while React
 * Flow's own edges, invisible, still take clicks. An edge is selected by a
 * click on its line, shows itself selected, and goes with the Delete key; the
 * overlay colours the lines while training. Screenshots of the canvas while
 * training, light and dark, at 1280×800 and 1920×1080, go to e2e/artifacts/canvas/.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chooseMenu, eachLook, setSetting, startTraining } from './actions';
import { expect, test } from './fixtures';
import { repoRoot } from './paths';

const shots = join(repoRoot, 'e2e/artifacts/canvas');
const training = (page: Page) => page.getByRole('toolbar', { name: 'Training' });

async function openExample(page: Page, title: string) {
  await expect(page.locator('.react-flow')).toBeVisible();
  await chooseMenu(page, 'Examples', title);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

/** A point on an edge's line a quarter of the way along, clear of its label, in page pixels. */
async function pointOnEdge(page: Page, id: string) {
  return page
    .locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-interaction`)
    .evaluate((el) => {
      const path = el as SVGPathElement;
      const p = path.getPointAtLength(path.getTotalLength() * 0.25);
      const m = path.getScreenCTM();
      if (!m) throw new Error('no screen matrix');
      return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
    });
}

test('edges are drawn by one layer, and still selected by a click and deleted by a key', async ({
  page,
}) => {
  await openExample(page, 'XOR');
  const edges = page.locator('.react-flow__edge');
  await expect(edges).toHaveCount(5);
  const ids = await edges.evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

  // Two paths draw every line (the edges that just moved, and the rest): five moves, one per edge.
  const lines = () =>
    page
      .locator('.bp-edge-layer__base')
      .evaluateAll((els) =>
        els.reduce((n, e) => n + ((e.getAttribute('d') ?? '').match(/M/g)?.length ?? 0), 0),
      );
  await expect.poll(lines).toBe(5);
  // React Flow's own lines are hidden while nothing singles them out.
  const ownLine = (id: string) =>
    page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`);
  await expect(ownLine(ids[1])).toBeHidden();

  const at = await pointOnEdge(page, ids[1]);
  await page.mouse.click(at.x, at.y);
  await expect(page.locator(`.react-flow__edge.selected[data-id="${ids[1]}"]`)).toHaveCount(1);
  await expect(ownLine(ids[1])).toBeVisible();
  await expect(page.locator(`.bp-edge-label.is-selected[data-edge-id="${ids[1]}"]`)).toHaveCount(1);

  await page.keyboard.press('Delete');
  await expect(edges).toHaveCount(4);
  await expect.poll(lines).toBe(4);
  // The edge's removal left a problem on the node it fed; undo brings the edge back.
  await page.keyboard.press('Control+z');
  await expect(edges).toHaveCount(5);
});

test('the training overlay colours the lines; screenshots light and dark, two window sizes', async ({
  page,
}) => {
  await openExample(page, 'XOR');
  await setSetting(page, 'Epochs', '1000000');
  await startTraining(page);
  await expect(page.locator('[data-testid^="edge-grad-"]:not(:empty)')).toHaveCount(5, {
    timeout: 30_000,
  });
  // Every edge has its overlay path, coloured from the ramp.
  await expect
    .poll(() =>
      page
        .locator('.bp-edge-layer__overlay[d]')
        .evaluateAll((els) =>
          els.reduce((n, e) => n + ((e.getAttribute('d') ?? '').match(/M/g)?.length ?? 0), 0),
        ),
    )
    .toBe(5);
  const colour = await page
    .locator('.bp-edge-layer__overlay[d]')
    .first()
    .evaluate((e) => getComputedStyle(e).stroke);
  expect(colour).toMatch(/^(rgb|color|oklch)/);

  await eachLook(page, async ({ width, height }, scheme) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, `training-${scheme}-${width}x${height}.png`) });
  });
  await training(page).getByRole('button', { name: 'Stop', exact: true }).click();
});
