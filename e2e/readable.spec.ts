/**
 * Room for the canvas: a new user opens the app on a laptop-sized window
 * (1280×800) and on a large one (1920×1080), trains the default network, and
 * can read every text on the canvas. Measured as a person sees it: computed
 * font size × the canvas zoom, for every text on nodes and edge labels. Also:
 * nothing spills out of its node, the minimap covers no node, and the first
 * frame is already fitted. Screenshots go to e2e/artifacts/shots/ to be looked at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
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

/** Nodes not wholly inside the canvas's box. */
function nodesOutOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    return [...document.querySelectorAll('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect();
        return (
          r.left < pane.left || r.right > pane.right || r.top < pane.top || r.bottom > pane.bottom
        );
      })
      .map((n) => n.getAttribute('data-id') ?? '?');
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

    const training = page.getByRole('toolbar', { name: 'Training' });
    await training.getByRole('button', { name: 'Train', exact: true }).click();
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

    await shot(page, `room-${tag}-light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `room-${tag}-dark`);
  });
}
