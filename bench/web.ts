/**
 * What the browser benchmarks share: the web host started as the e2e fixtures
 * start it, and a frame meter (requestAnimationFrame timestamps) read in the page.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWebRenderer, CHROMIUM_ARGS } from '../e2e/paths';
import { startWebServer } from '../e2e/web-host';
import { ensureChromium } from '../scripts/chromium';

/**
 * A temporary work folder (`dir`), config folder and built renderer for one run
 * (BPS_BENCH_WEB=folder reuses a built renderer).
 */
export async function benchFolders(prefix: string) {
  const tmp = await mkdtemp(join(tmpdir(), prefix));
  const dir = join(tmp, 'files');
  const configDir = join(tmp, 'config');
  await mkdir(dir);
  await mkdir(configDir);
  let webDist = process.env.BPS_BENCH_WEB;
  if (!webDist) {
    webDist = join(tmp, 'web');
    console.log('building the web renderer…');
    buildWebRenderer(webDist);
  }
  return { tmp, dir, configDir, webDist };
}

/** Chromium as scripts/chromium.ts finds (or installs) it, launched as the e2e specs launch it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium().path, args: CHROMIUM_ARGS });
}

/**
 * A page at the benches' window size (1280 × 800) whose uncaught errors, and with `console` its
 * console errors too, collect in `errors`.
 */
export async function openPage(
  browser: Browser,
  options: { console?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (options.console) page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors };
}

/** Starts app/web/server.ts as the e2e fixtures do and resolves with its tokened address. */
export function startServer(dir: string, configDir: string, webDist: string) {
  return startWebServer(dir, configDir, { staticDir: webDist });
}

export const METER_START = `() => {
  const meter = { times: [], on: true };
  const tick = (t) => { meter.times.push(t); if (meter.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  globalThis.__bpsMeter = meter;
}`;

export const METER_STOP = `() => { const m = globalThis.__bpsMeter; m.on = false; return m.times; }`;

export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  longFrames: number;
  worstMs: number;
  p95Ms: number;
}

export function frameStats(times: number[]): FrameStats {
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const seconds = (times[times.length - 1] - times[0]) / 1000;
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    frames: gaps.length,
    seconds,
    fps: gaps.length / seconds,
    longFrames: gaps.filter((g) => g > 25).length,
    worstMs: sorted[sorted.length - 1] ?? 0,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
  };
}

/** Chrome trace events that show where a frame's time goes. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
];

const TRACED = [
  'FunctionCall',
  'EventDispatch',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'RasterTask',
];

interface TraceEvent {
  name: string;
  ph: string;
  /** Start, µs. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs: unlike `dur`, it does not grow while other processes hold the cores. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    elementCount?: number;
    beginData?: { dirtyObjects?: number; totalObjects?: number };
  };
}

/**
 * ms per second of the scenario, by thread and event (top-level time only roughly: events nest);
 * then the renderer's main thread CPU time per frame (its tasks' thread time, which a loaded
 * machine inflates far less than wall time), in all and by event.
 */
export function traceSummary(buffer: Buffer, seconds: number, frames: number): string {
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
  const threadName = new Map<string, string>();
  for (const e of traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name')
      threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  }
  const sums = new Map<string, number>();
  const cpu = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph !== 'X') continue;
    const thread = (threadName.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '');
    if (thread === 'CrRendererMain' && e.tdur !== undefined) {
      const key = e.name === 'ThreadControllerImpl::RunTask' ? 'all tasks' : e.name;
      if (key === 'all tasks' || TRACED.includes(key))
        cpu.set(key, (cpu.get(key) ?? 0) + e.tdur / 1000);
    }
    if (!TRACED.includes(e.name)) continue;
    const key = `${thread} ${e.name}`;
    sums.set(key, (sums.get(key) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const wall = [...sums]
    .filter(([, ms]) => ms / seconds >= 5)
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => `${key} ${(ms / seconds).toFixed(0)}`)
    .join(', ');
  const perFrame = [...cpu]
    .filter(([, ms]) => ms / frames >= 0.1)
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => `${key} ${(ms / frames).toFixed(1)}`)
    .join(', ');
  return `${wall}\n  main thread CPU (ms per frame): ${perFrame}\n  longest main-thread tasks: ${longestTasks(traceEvents, threadName)}`;
}

/**
 * The longest tasks on the renderer's main thread (three, or BPS_BENCH_TASKS) in wall ms, each with the time of the
 * events inside it by name (nested events count in each), elements restyled and objects laid out:
 * what one slow frame spent its time on, which the per-second sums above average away.
 */
function longestTasks(events: TraceEvent[], threadName: Map<string, string>): string {
  const main = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.dur !== undefined &&
      threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  const tasks = main
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, Number(process.env.BPS_BENCH_TASKS ?? 3));
  return tasks
    .map((task) => {
      const end = task.ts + task.dur!;
      const inside = main.filter(
        (e) => e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts && e.ts < end,
      );
      const by = new Map<string, number>();
      let restyled = 0;
      let laidOut = 0;
      for (const e of inside) {
        if (!TRACED.includes(e.name)) continue;
        by.set(e.name, (by.get(e.name) ?? 0) + e.dur! / 1000);
        if (e.name === 'UpdateLayoutTree') restyled += e.args?.elementCount ?? 0;
        if (e.name === 'Layout') laidOut += e.args?.beginData?.dirtyObjects ?? 0;
      }
      const parts = [...by]
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
        .join(' ');
      return `${(task.dur! / 1000).toFixed(0)} ms (${parts}; ${restyled} restyled, ${laidOut} laid out)`;
    })
    .join('; ');
}
