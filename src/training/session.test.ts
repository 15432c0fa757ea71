/**
 * A real session: a worker thread trains while this thread receives frames,
 * and the result equals the command line's `train` on the same file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeightsRecord } from '../engine/network';
import { exampleById } from '../model/examples';
import { exampleDocument } from '../model/testing/documents';
import { parseModel } from '../model/parse';
import { serializeModel } from '../model/serialize';
import type { FileProblem, ModelFile, OptimizerName, ResumeState } from '../model/types';
import { decodeFrame, type Frame } from './frame';
import { TrainingSession } from './session';
import { setLanguage, t } from '../i18n';

const BIN = fileURLToPath(new URL('../../bin/backprop-studio.mjs', import.meta.url));

function recorder() {
  const frames: Frame[] = [];
  const checkpoints: WeightsRecord[] = [];
  const resumes: (ResumeState | undefined)[] = [];
  const problems: FileProblem[][] = [];
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const until = async (ok: () => boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  const listener = {
    frame: (buffer: ArrayBuffer) => (frames.push(decodeFrame(buffer)), wake()),
    checkpoint: (w: WeightsRecord, resume?: ResumeState) => (
      checkpoints.push(w),
      resumes.push(resume),
      wake()
    ),
    problems: (p: FileProblem[]) => (problems.push(p), wake()),
  };
  return {
    frames,
    checkpoints,
    resumes,
    problems,
    until,
    listener,
    last: () => frames[frames.length - 1]?.header,
  };
}

let session: TrainingSession | null = null;
afterEach(() => session?.dispose());

/** Runs `model` in a session to its end; returns its epoch records and its last checkpoint. */
async function runToEnd(model: ModelFile) {
  const r = recorder();
  session?.dispose();
  session = new TrainingSession(r.listener);
  session.start(model, null);
  await r.until(() => r.last()?.state === 'done', 'the run to finish');
  await r.until(() => r.checkpoints.length > 0, 'the final weights');
  const history = r.frames.flatMap((f) => f.header.history);
  return { history, weights: r.checkpoints.at(-1)!, resume: r.resumes.at(-1) };
}

describe('TrainingSession: a run saved and run again continues bit for bit', () => {
  const spiral = (optimizer: OptimizerName, epochs: number): ModelFile => {
    const model = exampleById('spiral')!.model();
    model.data = { builtin: 'spiral', samples: 100, noise: 0.02, seed: 3, validation: 0.2 };
    model.training = { ...model.training, optimizer, epochs, learningRate: 0.01, l1: 0.0001 };
    return model;
  };
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer}: 100 epochs, then 100 more from the checkpoint = 200 in one run`, async () => {
      const once = await runToEnd(spiral(optimizer, 200));
      const first = await runToEnd(spiral(optimizer, 100));
      expect(first.resume?.optimizer.name).toBe(optimizer);
      // The document keeps what the checkpoint brought, and a save goes through the file.
      const saved = parseModel(
        serializeModel({
          ...spiral(optimizer, 100),
          weights: first.weights,
          resume: first.resume,
          history: first.history,
        }),
      );
      if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
      const second = await runToEnd(saved.model);
      expect(second.weights).toEqual(once.weights);
      expect(second.resume).toEqual(once.resume);
      expect([...first.history, ...second.history].map((h) => [h.epoch, h.loss])).toEqual(
        once.history.map((h) => [h.epoch, h.loss]),
      );
    }, 60_000);
  }
});

describe('TrainingSession', () => {
  it('trains in a worker, streams frames, and equals the command line for the same seed', async () => {
    const model = exampleById('xor')!.model();
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-'));
    const file = join(dir, 'xor.bpmodel');
    writeFileSync(file, serializeModel(model));

    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, file);
    await r.until(() => r.last()?.state === 'done', 'the run to finish');
    await r.until(() => r.checkpoints.length > 0, 'the final weights');
    const history = r.frames.flatMap((f) => f.header.history);
    expect(history.map((h) => h.epoch)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(r.frames.length).toBeGreaterThan(1);

    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [BIN, 'train', file, '--json'], (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    const trained = parseModel(readFileSync(file, 'utf8'));
    if (!trained.ok) throw new Error('the CLI wrote a bad file');
    expect(r.checkpoints[r.checkpoints.length - 1]).toEqual(trained.model.weights);
  });

  it('splits batches across the threads it is given, as the command line does with --threads', async () => {
    // Wide enough that a batch of 32 is worth two threads (engine/parallel.ts threadsFor).
    const model = exampleById('spiral')!.model();
    for (const node of model.graph.nodes)
      if (node.kind === 'dense' && (node.params.units as number) > 2) node.params.units = 200;
    model.data = { builtin: 'spiral', samples: 200, noise: 0.02, seed: 3, validation: 0 };
    model.training = { ...model.training, batch: { miniBatch: 32 }, epochs: 3 };
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-'));
    const file = join(dir, 'wide.bpmodel');
    writeFileSync(file, serializeModel(model));

    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, file, 'run', undefined, null, 2);
    await r.until(() => r.last()?.state === 'done', 'the run to finish');
    await r.until(() => r.checkpoints.length > 0, 'the final weights');
    const twoThreads = r.checkpoints.at(-1)!;

    const cli = (threads: number) =>
      new Promise<{ threads: number }>((resolve, reject) =>
        execFile(
          process.execPath,
          [
            BIN,
            'train',
            file,
            '--json',
            '--threads',
            String(threads),
            '--out',
            join(dir, `${threads}.bpmodel`),
          ],
          (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
        ),
      );
    const weightsOf = (threads: number) => {
      const trained = parseModel(readFileSync(join(dir, `${threads}.bpmodel`), 'utf8'));
      if (!trained.ok) throw new Error('the CLI wrote a bad file');
      return trained.model.weights;
    };
    expect((await cli(2)).threads).toBe(2);
    expect(weightsOf(2)).toEqual(twoThreads);
    // One thread: the same training up to rounding, not the same bits.
    expect((await cli(1)).threads).toBe(1);
    expect(weightsOf(1)).not.toEqual(twoThreads);
  });

  it('pauses with a checkpoint, steps, changes the learning rate, resumes and stops', async () => {
    const model = exampleDocument('spiral', { epochs: 100_000 });
    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, null);
    await r.until(() => (r.last()?.step ?? 0) > 20, 'some steps');
    // Checkpoints also come every CHECKPOINT_MS while running (a loaded machine may be slow).
    const running = r.checkpoints.length;
    session.pause();
    await r.until(
      () => r.last()?.state === 'paused' && r.checkpoints.length > running,
      'the pause',
    );
    const paused = r.last()!.step;
    const atPause = r.checkpoints.length;
    session.step();
    await r.until(
      () => r.last()!.step === paused + 1 && r.checkpoints.length === atPause + 1,
      'one step',
    );
    session.setLearningRate(0.123);
    await r.until(() => r.last()!.learningRate === 0.123, 'the new learning rate');
    session.resume();
    await r.until(
      () => r.last()!.state === 'running' && r.last()!.step > paused + 5,
      'training again',
    );
    expect(r.last()!.learningRate).toBe(0.123);
    const beforeStop = r.checkpoints.length;
    session.stop('Stopped by a test.');
    await r.until(() => r.last()!.state === 'stopped', 'the stop');
    expect(r.last()!.message).toBe('Stopped by a test.');
    // A checkpoint at the stop too.
    await r.until(() => r.checkpoints.length > beforeStop, 'the last checkpoint');
  });

  it('sends a checkpoint every CHECKPOINT_MS while running, so a killed host loses little', async () => {
    const model = exampleDocument('spiral', { epochs: 1_000_000 });
    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, null);
    await r.until(() => r.checkpoints.length >= 2, 'two checkpoints while running');
    // Both came while running (never paused or stopped), and the weights moved between them.
    expect(r.frames.every((f) => f.header.state === 'running')).toBe(true);
    expect(r.checkpoints[1]).not.toEqual(r.checkpoints[0]);
  });

  it('reports a model it cannot prepare, training nothing', async () => {
    const model = exampleById('xor')!.model();
    model.graph.nodes[1].params = { units: 0 };
    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, null);
    await r.until(() => r.problems.length > 0, 'problems');
    expect(r.problems[0][0].message).toContain('Units must be a whole number');
    expect(r.frames).toHaveLength(0);
  });

  it('words the worker’s problems in the language the session runs in', async () => {
    const model = exampleById('xor')!.model();
    model.graph.nodes[1].params = { units: 0 };
    const english = t('kinds.dense.params.units.label');
    setLanguage('zh-CN');
    try {
      const expected = t('kinds.dense.params.units.label');
      const r = recorder();
      session = new TrainingSession(r.listener);
      session.start(model, null);
      await r.until(() => r.problems.length > 0, 'problems');
      expect(expected).not.toBe(english);
      expect(r.problems[0][0].message).not.toContain('Units must be a whole number');
      expect(r.problems[0][0].message).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      setLanguage('en');
    }
  });
});

describe('TrainingSession with CSV data', () => {
  it('reads an unsaved document’s relative CSV path from the base folder it is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-csv-'));
    writeFileSync(join(dir, 'xor.csv'), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const model = exampleById('xor')!.model();
    model.data = { csv: 'xor.csv', features: ['a', 'b'], targets: ['y'] };
    model.training = { ...model.training, epochs: 3 };

    const withBase = recorder();
    session = new TrainingSession(withBase.listener);
    session.start(model, null, 'run', dir);
    await withBase.until(() => withBase.last()?.state === 'done', 'the run to finish');
    expect(withBase.problems).toHaveLength(0);
    session.dispose();

    const without = recorder();
    session = new TrainingSession(without.listener);
    session.start(model, null, 'run');
    await without.until(() => without.problems.length > 0, 'problems');
    expect(without.problems[0][0].message).toMatch(/xor\.csv/);
  });

  it('trains at the pace it is given, and at full speed when told so', async () => {
    const model = exampleDocument('xor', { epochs: 1_000_000 });
    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, null, 'run', undefined, 10);
    await r.until(() => (r.last()?.step ?? 0) >= 3, 'three paced updates');
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const header = r.last()!;
    expect(header.updatesPerSecond).toBe(10);
    // 10 a second: about 5 more in half a second (a loaded machine may make it fewer, never many more).
    expect(header.step).toBeLessThanOrEqual(3 + 1 + Math.ceil((Date.now() - started) / 100));
    expect(header.samplesPerSecond).toBeLessThanOrEqual(10 * 4 * 1.5);
    session.setPace(null);
    await r.until(() => (r.last()?.step ?? 0) > 1000, 'full speed');
    expect(r.last()!.updatesPerSecond).toBeNull();
  });

  it('refuses a CSV path that is a pipe at once, instead of waiting on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-fifo-'));
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const model = exampleById('xor')!.model();
    model.data = { csv: 'pipe.csv', features: ['a', 'b'], targets: ['y'] };
    const r = recorder();
    session = new TrainingSession(r.listener);
    session.start(model, null, 'run', dir);
    await r.until(() => r.problems.length > 0, 'problems');
    expect(r.problems[0][0].message).toContain(`${fifo}: is a named pipe (FIFO)`);
  }, 10_000);

  it('leaves the process’s file operations free while runs on pipes start', async () => {
    // libuv has 4 threads for file operations, shared by every worker: a read waiting on a
    // pipe holds one, and four such runs once froze every file operation of the web host.
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-fifos-'));
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    writeFileSync(join(dir, 'plain.txt'), 'still readable');
    const model = exampleById('xor')!.model();
    model.data = { csv: 'pipe.csv', features: ['a', 'b'], targets: ['y'] };
    const runs = Array.from({ length: 5 }, () => {
      const r = recorder();
      return { r, session: new TrainingSession(r.listener) };
    });
    try {
      for (const { session } of runs) session.start(model, null, 'run', dir);
      for (const { r } of runs) await r.until(() => r.problems.length > 0, 'problems');
      const read = readFile(join(dir, 'plain.txt'), 'utf8');
      const late = new Promise((resolve) => setTimeout(resolve, 3000, 'no answer in 3 s'));
      expect(await Promise.race([read, late])).toBe('still readable');
    } finally {
      for (const { session } of runs) session.dispose();
    }
  }, 15_000);

  it('ends a run that outgrows its memory limit with a clear message, and the process lives on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpsession-oom-'));
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i % 7},${i % 3},${i % 2}`);
    writeFileSync(join(dir, 'big.csv'), `a,b,y\n${rows.join('\n')}\n`);
    const model = exampleById('xor')!.model();
    model.data = { csv: 'big.csv', features: ['a', 'b'], targets: ['y'] };
    // The same limit is plenty for a small run: the data is what outgrows it.
    const small = recorder();
    session = new TrainingSession(small.listener, { maxHeapMb: 16 });
    session.start(exampleById('xor')!.model(), null);
    await small.until(() => small.last()?.state === 'done', 'the small run to finish');
    session.dispose();

    const r = recorder();
    session = new TrainingSession(r.listener, { maxHeapMb: 16 });
    session.start(model, null, 'run', dir);
    await r.until(() => r.problems.length > 0, 'problems');
    expect(r.problems[0][0].message).toBe(
      'Training ran out of memory (its limit is 16 MB): use less data or a smaller network.',
    );
    expect(session.active).toBe(false);
  });
});
