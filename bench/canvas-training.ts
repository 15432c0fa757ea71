/**
 * `npm run bench:canvas-training`: frames per second of the canvas while a
 * 100-node network trains, in Chromium on the web host. The page draws what a
 * person sees (edge overlays with the flow animation, the loss node, the
 * progress line, the loss chart); we count its requestAnimationFrame callbacks
 * over about 5 s. Target: at least 50.
 *
 *   tsx bench/canvas-training.ts [--seconds 5] [--no-animate] [--zoom 0.6 | fit]
 *
 * The view is wheel-zoomed about the canvas's centre to --zoom (default 0.6,
 * full detail: every label and node face shows; most of the graph in view).
 *
 * BPS_BENCH_WEB=folder reuses a built renderer instead of building one;
 * BPS_BENCH_TRACE=1 also prints where the main thread's time goes (a Chrome trace,
 * including its CPU time per frame, which load on the machine inflates far less).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createServices } from '../app/services';
import { EVENTS, type HostEvents } from '../app/shared/ipc';
import { createWebServer } from '../app/web/app-server';
import type { GraphEdge, GraphNode } from '../src/engine/graph';
import { serializeModel } from '../src/model/serialize';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from '../src/model/types';
import { decodeFrame } from '../src/training/frame';
import { buildWebRenderer, CHROMIUM_ARGS } from '../e2e/paths';
import { ensureChromium } from '../scripts/chromium';
import { openPage, TRACE_CATEGORIES, traceSummary } from './web';

const TOKEN = 'bench-canvas-token-0123456789abcdef';
const TARGET_FPS = 50;

/** input → 49 × (dense → tanh) → loss: 100 nodes, 99 edges, laid out in rows of ten. */
export function hundredNodeModel(): ModelFile {
  const nodes: GraphNode[] = [{ id: 'input', kind: 'input', params: { features: 1 } }];
  for (let i = 1; i <= 49; i++) {
    nodes.push({ id: `dense${i}`, kind: 'dense', params: { units: i === 49 ? 1 : 8 } });
    if (i < 49) nodes.push({ id: `act${i}`, kind: 'activation', params: { fn: 'tanh' } });
  }
  nodes.push({ id: 'out', kind: 'activation', params: { fn: 'linear' } });
  nodes.push({ id: 'loss', kind: 'loss', params: { fn: 'mse' } });
  nodes.forEach((n, i) => {
    const row = Math.floor(i / 10);
    const col = row % 2 ? 9 - (i % 10) : i % 10;
    n.position = { x: col * 260, y: row * 160 };
  });
  const edges: GraphEdge[] = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i + 1}`, source: nodes[i].id, target: n.id }));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: 'bench-100',
    graph: { nodes, edges },
    data: { builtin: 'sine', samples: 256, noise: 0.05, seed: 1 },
    training: {
      optimizer: 'adam',
      learningRate: 0.001,
      batch: { miniBatch: 32 },
      epochs: 1_000_000,
      seed: 1,
      l2: 0,
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      'no-animate': { type: 'boolean', default: false },
      // Full detail (labels and node bodies show from canvas/detail.ts's FAR_ZOOM, 0.3, up).
      zoom: { type: 'string', default: '0.6' },
    },
  });
  const seconds = Number(values.seconds);
  const executablePath = ensureChromium().path;
  const model = hundredNodeModel();
  if (model.graph.nodes.length !== 100) throw new Error('the generated graph must have 100 nodes');

  const workDir = mkdtempSync(join(tmpdir(), 'bps-bench-canvas-'));
  const staticDir = join(workDir, 'web');
  mkdirSync(staticDir);
  const file = join(workDir, 'bench-100.bpmodel');
  writeFileSync(file, serializeModel(model));
  // BPS_BENCH_WEB=folder reuses a built renderer (to compare builds in one sitting).
  const prebuilt = process.env.BPS_BENCH_WEB;
  if (!prebuilt) buildWebRenderer(staticDir, 'error');

  const services = createServices({ configDir: join(workDir, 'config'), workDir });
  const server = await createWebServer({
    services,
    staticDir: prebuilt ?? staticDir,
    token: TOKEN,
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url);
    // Open the file as the OS would: the host's menu command.
    const deadline = Date.now() + 20_000;
    while (!(await page.title()).includes('bench-100')) {
      if (Date.now() > deadline)
        throw new Error(`the page did not open the file ${errors[0] ?? ''}`);
      services.events.emit(EVENTS.menuCommand, { command: 'document.openPath', arg: file });
      await page.waitForTimeout(500);
    }
    await page.waitForSelector('.react-flow__edge[data-id="e99"]', { state: 'attached' });
    await page.waitForTimeout(800);
    if (values['no-animate']) await page.getByLabel('Animate flow').uncheck();
    const zoomNow = async () =>
      (await page.evaluate(
        `(() => { const m = /scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform); return m ? Number(m[1]) : NaN; })()`,
      )) as number;
    if (values.zoom !== 'fit') {
      const target = Number(values.zoom);
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!pane) throw new Error('no pane');
      await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
      for (let i = 0; i < 200; i++) {
        const z = await zoomNow();
        if (Math.abs(Math.log(z / target)) < 0.04) break;
        await page.mouse.wheel(0, Math.max(-100, Math.min(100, Math.log(z / target) * 300)));
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(500);
    }

    let frames = 0;
    let lastStep = 0;
    services.events.subscribe((channel, payload) => {
      if (channel !== EVENTS.trainingEvent) return;
      const { event } = payload as HostEvents['training:event'];
      if (event.type !== 'frame') return;
      frames++;
      lastStep = decodeFrame(event.buffer).header.step;
    });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByTestId('training-state').filter({ hasText: 'Training' }).waitFor();
    await page.waitForTimeout(1000);

    // Main-thread busy time (ms per s) by kind: steadier than frame rates on a shared machine.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries(
        (
          (await cdp.send('Performance.getMetrics')) as {
            metrics: { name: string; value: number }[];
          }
        ).metrics.map((m) => [m.name, m.value]),
      ) as Record<string, number>;
    const trace = process.env.BPS_BENCH_TRACE === '1';
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const before = await metrics();
    const frames0 = frames;
    const step0 = lastStep;
    // Page code as a string: this file is type-checked without the DOM library.
    const counted = (await page.evaluate(`new Promise((done) => {
      let n = 0;
      let worst = 0;
      let last = 0;
      const t0 = performance.now();
      const tick = (t) => {
        n++;
        if (last) worst = Math.max(worst, t - last);
        last = t;
        if (t - t0 < ${seconds * 1000}) requestAnimationFrame(tick);
        else done({ n, ms: t - t0, worst });
      };
      requestAnimationFrame(tick);
    })`)) as { n: number; ms: number; worst: number };
    const fps = (counted.n / counted.ms) * 1000;
    const after = await metrics();
    const traced = trace
      ? traceSummary(await browser.stopTracing(), counted.ms / 1000, counted.n)
      : '';
    const per = (name: string) => ((after[name] - before[name]) * 1e6) / counted.ms;
    const script = per('ScriptDuration');
    const styleLayout = per('RecalcStyleDuration') + per('LayoutDuration');
    const other = per('TaskDuration') - script - styleLayout;
    const zoom = await zoomNow();
    const labels = await page.locator('.bp-edge-label').evaluateAll(
      (els) =>
        els.filter((e) =>
          (e as unknown as { checkVisibility(o: object): boolean }).checkVisibility({
            visibilityProperty: true,
          }),
        ).length,
    );
    const sessionFps = ((frames - frames0) / counted.ms) * 1000;
    const state = await page.getByTestId('training-state').textContent();
    const labelled = await page.locator('[data-testid^="edge-grad-"]:not(:empty)').count();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();

    console.log(
      `canvas while training a 100-node graph (${model.graph.edges.length} edges, flow animation ${values['no-animate'] ? 'off' : 'on'}), Chromium 1280×800 on the web host:`,
    );
    console.log(
      `  page frames per second: ${fps.toFixed(1)} (target ≥ ${TARGET_FPS}), worst frame ${counted.worst.toFixed(1)} ms, at zoom ${zoom.toFixed(2)} (${labels} edge labels shown)`,
    );
    console.log(
      `  main thread (ms per s): script ${script.toFixed(0)}, style+layout ${styleLayout.toFixed(0)}, other (paint, layers) ${other.toFixed(0)}`,
    );
    if (trace) console.log(`  trace (ms per s): ${traced}`);
    console.log(
      `  session frames received: ${sessionFps.toFixed(1)}/s, steps in the window: ${lastStep - step0}, state: ${state}, edges with a gradient label: ${labelled}`,
    );
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
    process.exitCode = fps >= TARGET_FPS ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
    await services.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
