/** The engine bench's timing (best of round-robin runs) and its Markdown tables. */
import type { Setup } from './peers';
import type { Workload } from './workloads';

export interface Row {
  engine: string;
  samplesPerSecond: number | null;
  loss: number;
  note: string;
}

export interface Entry {
  engine: string;
  setup: Setup | null;
  note?: string;
  /** Fewer timed runs for slow engines (default: the workload's repeats). */
  repeats?: number;
}

/**
 * Times every engine `repeats` times, round-robin (so a burst of load from
 * elsewhere on a shared machine hits all engines alike), keeping each one's
 * best run.
 */
export async function measureAll(w: Workload, entries: Entry[]): Promise<Row[]> {
  const best = entries.map(() => Infinity);
  const loss = entries.map(() => NaN);
  for (let r = 0; r < w.repeats; r++) {
    for (const [i, e] of entries.entries()) {
      if (!e.setup || r >= (e.repeats ?? w.repeats)) continue;
      const run = await e.setup();
      const t0 = performance.now();
      await run.train();
      const seconds = run.seconds?.() ?? (performance.now() - t0) / 1000;
      run.close?.();
      best[i] = Math.min(best[i], seconds);
      loss[i] = run.loss();
      const rate = Math.round((w.data.m * w.epochs) / seconds);
      process.stderr.write(`  ${w.name} run ${r + 1} ${e.engine}: ${rate} samples/s\n`);
    }
  }
  return entries.map((e, i) => ({
    engine: e.engine,
    samplesPerSecond: e.setup ? (w.data.m * w.epochs) / best[i] : null,
    loss: loss[i],
    note: e.note ?? '',
  }));
}

export function printTable(w: Workload, rows: Row[]): void {
  const ourBest = Math.max(
    0,
    ...rows.filter((r) => r.engine.startsWith('ours, wasm')).map((r) => r.samplesPerSecond ?? 0),
  );
  const peers = rows.filter((r) => !r.engine.startsWith('ours') && r.samplesPerSecond);
  const fastestPeer = Math.max(...peers.map((r) => r.samplesPerSecond ?? 0));
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const title = w.title ?? `${w.layers.join('-')} ${w.hidden}/${w.output}`;
  console.log(
    `\n${w.name}: ${title}, ${w.loss}, SGD, ` +
      `mini-batch ${w.miniBatch}, ${w.data.m.toLocaleString('en-US')} samples × ${w.epochs} epoch(s)`,
  );
  const header = ['engine / backend', 'samples/s', 'ours (wasm) ÷ this', 'final loss', 'note'];
  const body = rows.map((r) => [
    r.engine,
    r.samplesPerSecond ? fmt(r.samplesPerSecond) : 'n/a',
    r.samplesPerSecond && ourBest ? `${(ourBest / r.samplesPerSecond).toFixed(2)}×` : '',
    Number.isFinite(r.loss) ? r.loss.toFixed(4) : '',
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    '| ' +
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ') +
    ' |';
  console.log(line(header));
  console.log(
    '|' +
      widths
        .map((n, i) => (i === 1 || i === 2 ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2)))
        .join('|') +
      '|',
  );
  for (const b of body) console.log(line(b));
  const ratio = ourBest ? `${(ourBest / fastestPeer).toFixed(2)}×` : 'n/a (ours did not run)';
  console.log(`ours (wasm) ÷ fastest peer: ${ratio}`);
}
