/**
 * The training service: real sessions (worker threads) per owner and document,
 * their events on the hub addressed to their owner, and the argument checks of
 * the training operations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocument } from '#src/model/testing/documents';
import type { ModelFile } from '#src/model/types';
import { decodeFrame, type FrameHeader } from '#src/training/frame';
import type { SessionListener } from '#src/training/session';
import type { TrainingEvent } from '../shared/host';
import { createEventHub } from './events';
import { BadRequestError } from './errors';
import { createTrainingHandlers } from './handlers';
import { createTrainingService, type SessionLike, type TrainingService } from './training';

interface Heard {
  to: string | undefined;
  documentId: string;
  event: TrainingEvent;
}

function setup(options: { maxSessions?: number; fake?: boolean } = {}) {
  const events = createEventHub();
  const heard: Heard[] = [];
  events.subscribe((channel, payload, to) => {
    if (channel === 'training:event') {
      const { documentId, event } = payload as { documentId: string; event: TrainingEvent };
      heard.push({ to, documentId, event });
    }
  });
  const fakes: FakeSession[] = [];
  const training = createTrainingService({
    events,
    workDir: '/work',
    maxSessions: options.maxSessions,
    createSession: options.fake
      ? (listener) => {
          const fake = new FakeSession(listener);
          fakes.push(fake);
          return fake;
        }
      : undefined,
  });
  service = training;
  const frames = (documentId: string): FrameHeader[] =>
    heard
      .filter((h) => h.documentId === documentId && h.event.type === 'frame')
      .map((h) => decodeFrame((h.event as { buffer: ArrayBuffer }).buffer).header);
  const until = async (ok: () => boolean, what: string) => {
    const deadline = Date.now() + 8000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { training, heard, fakes, frames, until };
}

/** Records what the service asks of a session, and lets the test speak for its worker. */
class FakeSession implements SessionLike {
  calls: unknown[][] = [];
  disposed = false;
  constructor(readonly listener: SessionListener) {}
  start(
    model: ModelFile,
    path: string | null,
    mode: 'run' | 'step',
    _baseDir?: string,
    pace?: number | null,
    threads?: number | null,
  ) {
    const call: unknown[] = ['start', model.name, path, mode];
    if (pace !== null || (threads ?? null) !== null) call.push(pace);
    if ((threads ?? null) !== null) call.push(threads);
    this.calls.push(call);
  }
  pause() {
    this.calls.push(['pause']);
  }
  resume() {
    this.calls.push(['resume']);
  }
  step() {
    this.calls.push(['step']);
  }
  stop(message?: string) {
    this.calls.push(['stop', message]);
  }
  setLearningRate(value: number) {
    this.calls.push(['learningRate', value]);
  }
  setPace(updatesPerSecond: number | null) {
    this.calls.push(['pace', updatesPerSecond]);
  }
  dispose() {
    this.disposed = true;
  }
}

const xor = (epochs = 1_000_000): ModelFile => exampleDocument('xor', { epochs });

let service: TrainingService | undefined;
afterEach(() => service?.dispose());

describe('training service', () => {
  it('trains XOR in a worker: frames to the owner, a checkpoint at the pause, then stops', async () => {
    const { training, heard, frames, until } = setup();
    training.start('tab-1', 'doc-a', xor(), null, 'run');
    await until(() => frames('doc-a').some((f) => f.state === 'running' && f.step > 10), 'frames');
    expect(heard.every((h) => h.to === 'tab-1' && h.documentId === 'doc-a')).toBe(true);
    expect(frames('doc-a')[0].edgeIds).toHaveLength(xor().graph.edges.length);

    training.control('tab-1', 'doc-a', { type: 'pause' });
    await until(() => heard.some((h) => h.event.type === 'checkpoint'), 'the checkpoint');
    const checkpoint = heard.find((h) => h.event.type === 'checkpoint')!.event;
    expect(Object.keys((checkpoint as { weights: object }).weights).sort()).toEqual([
      'dense1',
      'dense2',
    ]);
    await until(() => frames('doc-a').at(-1)?.state === 'paused', 'the paused frame');

    training.control('tab-1', 'doc-a', { type: 'stop', message: 'Enough.' });
    await until(() => frames('doc-a').at(-1)?.state === 'stopped', 'the stop');
    expect(frames('doc-a').at(-1)!.message).toBe('Enough.');
    expect(training.documents('tab-1')).toEqual(['doc-a']);
    training.end('tab-1', 'doc-a');
    expect(training.documents('tab-1')).toEqual([]);
  });

  it('answers a model that is not valid with its problems, starting nothing', () => {
    const { training, heard, fakes } = setup({ fake: true });
    const bad = { ...xor(), training: { ...xor().training, learningRate: -1 } };
    training.start('w', 'd', bad, null, 'run');
    expect(fakes).toHaveLength(0);
    expect(heard).toHaveLength(1);
    expect(heard[0].event.type).toBe('problems');
    expect(training.documents('w')).toEqual([]);
  });

  it('keeps one session per document: a new start replaces it and silences the old one', () => {
    const { training, heard, fakes } = setup({ fake: true });
    training.start('w', 'd', xor(), 'data/x.bpmodel', 'step');
    expect(fakes[0].calls).toEqual([['start', 'XOR', '/work/data/x.bpmodel', 'step']]);
    training.start('w', 'd', xor(), null, 'run');
    expect(fakes[0].disposed).toBe(true);
    fakes[0].listener.frame(new ArrayBuffer(8)); // in flight from the old worker
    fakes[1].listener.checkpoint({});
    expect(heard.map((h) => h.event.type)).toEqual(['checkpoint']);
    expect(training.documents('w')).toEqual(['d']);
  });

  it('relays commands, ignores them without a session, and ends an owner’s sessions only', () => {
    const { training, fakes } = setup({ fake: true });
    training.start('w', 'd1', xor(), null, 'run');
    training.start('w', 'd2', xor(), null, 'run');
    training.start('other', 'd1', xor(), null, 'run');
    for (const command of [
      { type: 'pause' },
      { type: 'step' },
      { type: 'learningRate', value: 0.5 },
      { type: 'pace', updatesPerSecond: 5 },
      { type: 'resume' },
      { type: 'stop' },
    ] as const) {
      training.control('w', 'd1', command);
    }
    training.control('w', 'missing', { type: 'pause' });
    expect(fakes[0].calls.slice(1)).toEqual([
      ['pause'],
      ['step'],
      ['learningRate', 0.5],
      ['pace', 5],
      ['resume'],
      ['stop', undefined],
    ]);
    training.endOwner('w');
    expect(fakes.map((f) => f.disposed)).toEqual([true, true, false]);
    expect(training.documents('other')).toEqual(['d1']);
    training.dispose();
    expect(fakes[2].disposed).toBe(true);
  });

  it('limits the sessions open at once; replacing one does not count', () => {
    const { training } = setup({ fake: true, maxSessions: 2 });
    training.start('w', 'a', xor(), null, 'run');
    training.start('w', 'b', xor(), null, 'run');
    training.start('w', 'b', xor(), null, 'run');
    expect(() => training.start('w', 'c', xor(), null, 'run')).toThrow(BadRequestError);
  });
});

describe('training handlers', () => {
  it('check every argument before reaching the service', async () => {
    const { training, fakes } = setup({ fake: true });
    const handlers = createTrainingHandlers(training);
    const start = handlers['training:start'];
    const control = handlers['training:control'];
    const bad = [
      start([42, xor(), null, 'run'], 'w'),
      start(['d', 'model', null, 'run'], 'w'),
      start(['d', xor(), 7, 'run'], 'w'),
      start(['d', xor(), null, 'fast'], 'w'),
      start(['x'.repeat(201), xor(), null, 'run'], 'w'),
      start(['d', xor(), null, 'run', 0], 'w'),
      start(['d', xor(), null, 'run', 'fast'], 'w'),
      start(['d', xor(), null, 'run', null, 0], 'w'),
      start(['d', xor(), null, 'run', null, 1.5], 'w'),
      start(['d', xor(), null, 'run', null, '2'], 'w'),
      start(['d', xor(), null, 'run', null, 65], 'w'),
      control(['d', { type: 'pace', updatesPerSecond: -1 }], 'w'),
      control(['d', { type: 'pace', updatesPerSecond: Number.POSITIVE_INFINITY }], 'w'),
      control(['d', { type: 'explode' }], 'w'),
      control(['d', { type: 'learningRate', value: Number.NaN }], 'w'),
      control(['d', { type: 'learningRate', value: -1 }], 'w'),
      control(['d', { type: 'stop', message: 5 }], 'w'),
      control(['d', null], 'w'),
      handlers['training:end']([], 'w'),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(BadRequestError);
    expect(fakes).toHaveLength(0);

    await start(['d', xor(), null, 'step'], 'w');
    await start(['d', xor(), null, 'run', 20], 'w');
    await start(['e', xor(), null, 'run', null, 2], 'w');
    await control(['d', { type: 'learningRate', value: 0.01, extra: 'ignored' }], 'w');
    await control(['d', { type: 'pace', updatesPerSecond: null }], 'w');
    await control(['d', { type: 'stop', message: 'bye' }], 'w');
    expect(fakes[0].calls).toEqual([['start', 'XOR', null, 'step']]);
    expect(fakes[2].calls).toEqual([['start', 'XOR', null, 'run', null, 2]]);
    expect(fakes[1].calls).toEqual([
      ['start', 'XOR', null, 'run', 20],
      ['learningRate', 0.01],
      ['pace', null],
      ['stop', 'bye'],
    ]);
    await handlers['training:end'](['d'], 'w');
    expect(fakes[1].disposed).toBe(true);
  });
});
