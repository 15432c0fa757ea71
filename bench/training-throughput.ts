/**
 * Training throughput with a window watching, against the command line, on
 * the same file (issue 5's target: the session at least 80% of the CLI).
 *
 *   npm run bench:training [-- --example spiral --seconds 10 --rounds 2 --no-browser]
 *
 * Rows, each training the same .bpmodel (the example with its epochs raised
 * so that a run takes about `--seconds`):
 *   cli      `node bin/backprop-studio.mjs train FILE --json`: its samplesPerSecond
 *            (the training loop alone; no startup, data loading or validation).
 *   session  a session in the web host (worker thread), started over HTTP, with a
 *            WebSocket subscriber that receives and decodes every frame, as the
 *            window does before drawing it.
 *   browser  the same, with Chromium showing the web host's page: the renderer's
 *            own Train button starts the run and the page draws every frame.
 *            Skipped when Chromium or the page's Train button is missing.
 * Session rows count samples from the first frame to the `done` frame over the
 * wall-clock time between them; they include per-epoch validation, which the
 * CLI's figure leaves out, so the comparison does not favour the session.
 * Rows run round-robin, `--rounds` times, and the best of each is shown.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket, type RawData } from 'ws';
import { createServices, type Services } from '../app/services';
import { decodeWebFrame, EVENTS, type HostEvents } from '../app/shared/ipc';
import { createWebServer, type WebServer } from '../app/web/app-server';
import { invokeRequest } from '../app/web/testing/site';
import { exampleById } from '../src/model/examples';
import { serializeModel } from '../src/model/serialize';
import type { ModelFile } from '../src/model/types';
import { decodeFrame, type FrameHeader } from '../src/training/frame';
import { buildWebRenderer, CHROMIUM_ARGS } from '../e2e/paths';
import { ChromiumMissingError, ensureChromium } from '../scripts/chromium';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(repoRoot, 'bin/backprop-studio.mjs');
const TOKEN = 'bench-token-0123456789abcdef';
const CLIENT = 'bench-client-0001';
const CLI_ROW = 'cli train --json';
const SESSION_ROW = 'session + subscriber decoding every frame';

interface Row {
  name: string;
  samplesPerSecond: number;
  framesPerSecond?: number;
  pageFps?: number;
  seconds: number;
  note?: string;
}

const { values: opts } = parseArgs({
  options: {
    example: { type: 'string', default: 'spiral' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    'no-browser': { type: 'boolean', default: false },
  },
});
const targetSeconds = Number(opts.seconds);

interface CliSummary {
  samplesPerSecond: number;
  /** Training samples (one epoch). */
  samples: number;
  ms: number;
}

function cliTrain(file: string, out: string): Promise<CliSummary> {
  const t0 = performance.now();
  return new Promise((resolvePromise, reject) =>
    execFile(
      process.execPath,
      [BIN, 'train', file, '--json', '--out', out],
      { maxBuffer: 1 << 20 },
      (error, stdout) => {
        if (error) return reject(error);
        const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as CliSummary;
        resolvePromise({ ...summary, ms: performance.now() - t0 });
      },
    ),
  );
}

/** CPU seconds used so far by a process and its descendants (Linux /proc; 0 elsewhere). */
function treeCpuSeconds(root: number): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of entries) {
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (in parentheses): state ppid … utime(14) stime(15).
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), {
        ppid: Number(rest[1]),
        ticks: Number(rest[11]) + Number(rest[12]),
      });
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
  }
  return ticks / 100; // USER_HZ
}

/** Samples trained from the first frame to the `done` frame, over the time between their arrival. */
function meter() {
  let first: { t: number; samples: number } | null = null;
  let frames = 0;
  let resolveDone: (row: { samplesPerSecond: number; framesPerSecond: number; ms: number }) => void;
  let rejectDone: (error: Error) => void;
  const done = new Promise<{ samplesPerSecond: number; framesPerSecond: number; ms: number }>(
    (res, rej) => ((resolveDone = res), (rejectDone = rej)),
  );
  const samplesOf = (h: FrameHeader) => h.epoch * h.samplesPerEpoch + h.position;
  return {
    done,
    header(h: FrameHeader) {
      const t = performance.now();
      frames++;
      if (!first) {
        first = { t, samples: samplesOf(h) };
        return;
      }
      if (h.state === 'done') {
        const ms = t - first.t;
        resolveDone({
          samplesPerSecond: ((h.epochs * h.samplesPerEpoch - first.samples) / ms) * 1000,
          framesPerSecond: ((frames - 1) / ms) * 1000,
          ms,
        });
      } else if (h.state !== 'running') {
        rejectDone(new Error(`the run ended ${h.state}: ${h.message ?? ''}`));
      }
    },
  };
}

async function post(server: WebServer, channel: string, args: unknown[]): Promise<void> {
  const res = await invokeRequest(server.port, channel, args, {
    'x-bps-token': TOKEN,
    'x-bps-client': CLIENT,
  });
  if (res.status !== 200) throw new Error(`${channel}: ${res.body}`);
}

async function withServer<T>(
  workDir: string,
  staticDir: string,
  run: (server: WebServer, services: Services) => Promise<T>,
): Promise<T> {
  const services = createServices({ configDir: join(workDir, 'config'), workDir });
  const server = await createWebServer({ services, staticDir, token: TOKEN });
  try {
    return await run(server, services);
  } finally {
    await server.close();
    await services.dispose();
  }
}

/** (b) A session in the web host; a WebSocket subscriber decodes every frame. */
async function sessionRow(workDir: string, model: ModelFile, file: string): Promise<Row> {
  const staticDir = join(workDir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  return withServer(workDir, staticDir, async (server) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}&client=${CLIENT}`,
    );
    await new Promise((res, rej) => (ws.on('open', res), ws.on('error', rej)));
    const m = meter();
    let checksum = 0;
    ws.on('message', (data: RawData, isBinary) => {
      if (!isBinary) return;
      const bytes = data as Buffer;
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const frame = decodeFrame(decodeWebFrame(copy as ArrayBuffer)!.buffer);
      // Read every number, as drawing would (NaN marks a statistic an edge does not have).
      for (const v of frame.edgeStats) if (v === v) checksum += Math.abs(v);
      for (const node of Object.values(frame.params))
        for (const t of Object.values(node)) for (const v of t.grad ?? []) checksum += Math.abs(v);
      m.header(frame.header);
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await post(server, 'training:start', ['bench', model, file, 'run']);
    const result = await m.done;
    const used = process.cpuUsage(cpu0);
    const hostCores = (used.user + used.system) / 1000 / (performance.now() - t0);
    ws.close();
    return {
      name: SESSION_ROW,
      samplesPerSecond: result.samplesPerSecond,
      framesPerSecond: result.framesPerSecond,
      seconds: result.ms / 1000,
      note:
        checksum === 0
          ? 'frames carried no values'
          : `CPU: host process (worker + server + subscriber) ${hostCores.toFixed(2)} cores`,
    };
  });
}

/** (c) Chromium on the web host's page: the page's Train button, the page drawing every frame. */
async function browserRow(workDir: string, file: string): Promise<Row | string> {
  let executablePath: string;
  try {
    executablePath = ensureChromium().path;
  } catch (error) {
    if (error instanceof ChromiumMissingError) return error.message;
    throw error;
  }
  const staticDir = join(workDir, 'web');
  try {
    buildWebRenderer(staticDir, 'error');
  } catch (error) {
    return (error as Error).message;
  }
  const { chromium } = await import('@playwright/test');
  return withServer(dirname(file), staticDir, async (server, services) => {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(server.url);
      // Open the bench file the way the OS would, through the host's menu-command event.
      const deadline = Date.now() + 20_000;
      while (!(await page.title()).includes('bench')) {
        if (Date.now() > deadline) {
          const why = pageErrors.length ? ` (page error: ${pageErrors[0]})` : '';
          return `the page did not open the bench file${why}`;
        }
        services.events.emit(EVENTS.menuCommand, { command: 'document.openPath', arg: file });
        await page.waitForTimeout(500);
      }
      const train = page.getByRole('button', { name: 'Train', exact: true });
      if (!(await train.count())) return 'the page has no "Train" button yet';
      const m = meter();
      services.events.subscribe((channel, payload) => {
        if (channel !== EVENTS.trainingEvent) return;
        const { event } = payload as HostEvents['training:event'];
        if (event.type === 'frame') m.header(decodeFrame(event.buffer).header);
      });
      // The page's display rate while it trains: animation frames counted in the page (no DOM
      // types here, so the page code goes as a string).
      await page.evaluate(
        'window.benchRaf = 0; (function loop() { window.benchRaf++; requestAnimationFrame(loop); })()',
      );
      const rafCount = () => page.evaluate('window.benchRaf') as Promise<number>;
      const raf0 = await rafCount();
      // Chromium is a child of this process: its CPU is the tree's less this process's own.
      const seconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
      const cpu0 = { tree: treeCpuSeconds(process.pid), host: process.cpuUsage() };
      const t0 = performance.now();
      await train.click();
      const result = await m.done;
      const raf1 = await rafCount();
      const wall = (performance.now() - t0) / 1000;
      const pageFps = (raf1 - raf0) / wall;
      const hostSeconds = seconds(process.cpuUsage(cpu0.host));
      const chromiumCores = (treeCpuSeconds(process.pid) - cpu0.tree - hostSeconds) / wall;
      const hostCores = hostSeconds / wall;
      return {
        name: 'session + Chromium page drawing',
        samplesPerSecond: result.samplesPerSecond,
        framesPerSecond: result.framesPerSecond,
        pageFps,
        seconds: result.ms / 1000,
        note: `CPU: host process ${hostCores.toFixed(2)} cores, Chromium ${chromiumCores.toFixed(2)}`,
      };
    } finally {
      await browser.close();
    }
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (s: string, n: number) => s.padEnd(n);
const padl = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const example = exampleById(opts.example!);
  if (!example) throw new Error(`Unknown example "${opts.example}".`);
  const dir = mkdtempSync(join(tmpdir(), 'bps-bench-training-'));
  try {
    const base = example.model();
    // Calibrate: the CLI on the example as it is, to size a run of about `--seconds`.
    const calibrateFile = join(dir, 'calibrate.bpmodel');
    writeFileSync(calibrateFile, serializeModel(base));
    const calibration = await cliTrain(calibrateFile, join(dir, 'calibrate-out.bpmodel'));
    const trainSamples = calibration.samples;
    const epochsFor = (seconds: number, samplesPerSecond: number) =>
      Math.max(base.training.epochs, Math.round((seconds * samplesPerSecond) / trainSamples));
    // A short run is slower per sample (warm-up): measure again on about a tenth of the run.
    const tenth = {
      ...base,
      training: {
        ...base.training,
        epochs: epochsFor(targetSeconds / 10, calibration.samplesPerSecond),
      },
    };
    writeFileSync(calibrateFile, serializeModel(tenth));
    const second = await cliTrain(calibrateFile, join(dir, 'calibrate-out.bpmodel'));
    const epochs = epochsFor(targetSeconds, second.samplesPerSecond);
    const model: ModelFile = {
      ...base,
      name: `bench ${example.id}`,
      training: { ...base.training, epochs },
    };
    const file = join(dir, 'bench.bpmodel');
    writeFileSync(file, serializeModel(model));
    console.log(
      `Training throughput: ${example.id}, ${epochs} epochs of ${trainSamples} samples ` +
        `(${model.training.optimizer}, batch ${JSON.stringify(model.training.batch)}), ${process.arch}, Node ${process.version}`,
    );

    // Round-robin, best of `--rounds` per row: other work on the machine only ever slows a run.
    const best = new Map<string, Row>();
    const keep = (row: Row) => {
      const seen = best.get(row.name);
      if (!seen || row.samplesPerSecond > seen.samplesPerSecond) best.set(row.name, row);
    };
    const skipped = new Set<string>();
    const rounds = Math.max(1, Number(opts.rounds));
    for (let round = 1; round <= rounds; round++) {
      const cli = await cliTrain(file, join(dir, 'out.bpmodel'));
      keep({ name: CLI_ROW, samplesPerSecond: cli.samplesPerSecond, seconds: cli.ms / 1000 });
      keep(await sessionRow(dir, model, file));
      if (opts['no-browser']) skipped.add('browser row: --no-browser');
      else if (!skipped.size) {
        const browser = await browserRow(dir, file);
        if (typeof browser === 'string') skipped.add(`browser row skipped: ${browser}`);
        else keep(browser);
      }
      process.stdout.write(`round ${round}/${rounds} done\n`);
    }
    const rows = [...best.values()];

    console.log();
    console.log(
      `${pad('run', 44)}${padl('samples/s', 12)}${padl('vs CLI', 9)}${padl('frames/s', 10)}${padl('page fps', 10)}${padl('wall s', 8)}`,
    );
    for (const row of rows) {
      const ratio = row.samplesPerSecond / best.get(CLI_ROW)!.samplesPerSecond;
      console.log(
        `${pad(row.name, 44)}${padl(fmt(row.samplesPerSecond), 12)}${padl(`${(ratio * 100).toFixed(0)}%`, 9)}` +
          `${padl(row.framesPerSecond === undefined ? '–' : row.framesPerSecond.toFixed(1), 10)}` +
          `${padl(row.pageFps === undefined ? '–' : row.pageFps.toFixed(1), 10)}${padl(row.seconds.toFixed(1), 8)}` +
          (row.note ? `  (${row.note})` : ''),
      );
    }
    for (const line of skipped) console.log(line);
    const session = best.get(SESSION_ROW)!.samplesPerSecond / best.get(CLI_ROW)!.samplesPerSecond;
    console.log(
      `\nsession / CLI = ${(session * 100).toFixed(0)}% (target ≥ 80%): ${session >= 0.8 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
