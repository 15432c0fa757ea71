/**
 * The worker thread a training session runs in: it prepares the model like
 * the command line does, then trains in short slices, answering messages
 * between them and posting a frame about 30 times a second.
 */
import { parentPort } from 'node:worker_threads';
import { setLanguage } from '../i18n';
import { dirname } from 'node:path';
import { createTrainingBackend } from '../engine/backends';
import { weightsFromNetwork } from '../model/network';
import { prepareModel } from '../model/prepare';
import { weightsEpoch } from '../model/runs';
import { readerFor } from '../node/model-files';
import { encodeFrame } from './frame';
import { CHECKPOINT_MS, FRAME_MS, SLICE_MS, type FromWorker, type ToWorker } from './protocol';
import { Runner } from './runner';
import type { ThreadGroup } from '../engine/parallel';
import { startThreadGroup, threadCount } from './threads';

const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

let runner: Runner | null = null;
/** The run's extra threads (ended with this worker: nested workers end with their parent). */
let group: ThreadGroup | null = null;
let lastFrame = 0;
let lastState = '';
let lastCheckpoint = 0;

/** Cancels the pending tick, if one is scheduled. */
let cancelTick: (() => void) | null = null;

function sendCheckpoint(): void {
  lastCheckpoint = performance.now();
  const resume = runner!.resumeState();
  const weights = weightsFromNetwork(runner!.net);
  post({ type: 'checkpoint', weights, ...(resume ? { resume } : {}) });
}

/** After a slice: weights when the run stopped running, and every CHECKPOINT_MS while it runs. */
function checkpointIfDue(changed: boolean): void {
  if (changed && runner!.state !== 'running') sendCheckpoint();
  else if (runner!.state === 'running' && performance.now() - lastCheckpoint >= CHECKPOINT_MS) {
    sendCheckpoint();
  }
}

function sendFrame(): void {
  const buffer = encodeFrame(runner!.frame());
  lastFrame = performance.now();
  post({ type: 'frame', buffer }, [buffer]);
}

function tick(): void {
  cancelTick = null;
  if (!runner) return;
  if (runner.updatesPerSecond !== Infinity) {
    tickPaced();
    if (runner.state === 'running') schedule();
    return;
  }
  // Slices end where a frame is due, so frames come every FRAME_MS (not FRAME_MS plus a slice).
  const untilFrame = lastFrame + FRAME_MS - performance.now();
  const due = untilFrame <= SLICE_MS;
  runner.runFor(due ? Math.max(0, untilFrame) : SLICE_MS, due);
  const changed = runner.state !== lastState;
  if (due || changed) sendFrame();
  checkpointIfDue(changed);
  lastState = runner.state;
  if (runner.state === 'running') schedule();
}

/** A paced run: the updates due, a frame after them, then sleep until the next is due. */
function tickPaced(): void {
  const r = runner!;
  const step = r.trainer.steps;
  r.runFor(SLICE_MS);
  const changed = r.state !== lastState;
  // Fast paces still draw at display rate, slow ones after every update.
  if (changed || (r.trainer.steps !== step && performance.now() - lastFrame >= FRAME_MS / 2)) {
    sendFrame();
  }
  checkpointIfDue(changed);
  lastState = r.state;
}

function schedule(): void {
  if (cancelTick || !runner) return;
  if (runner.updatesPerSecond === Infinity) {
    const immediate = setImmediate(tick);
    cancelTick = () => clearImmediate(immediate);
    return;
  }
  const wait = Math.max(runner.untilNextUpdate(), FRAME_MS - (performance.now() - lastFrame), 1);
  const timeout = setTimeout(tick, wait);
  cancelTick = () => clearTimeout(timeout);
}

/** After a control message: show the window where the run is now, keep training if running. */
function settle(weightsChanged: boolean): void {
  if (!runner) return;
  if (runner.state === 'running') return schedule();
  sendFrame();
  if (weightsChanged || runner.state !== lastState) sendCheckpoint();
  lastState = runner.state;
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  if (message.language) setLanguage(message.language);
  const dir = message.path ? dirname(message.path) : message.baseDir;
  const readText = dir ? readerFor(dir) : undefined;
  // The same kernels as `backprop-studio train`, so a seed gives the command line's weights.
  // Threads: the window's setting (every core but one unless chosen); one update at a time
  // (step mode) shows the whole batch, so it runs on one thread.
  group?.close();
  group =
    message.mode === 'step'
      ? null
      : startThreadGroup(threadCount(message.threads ?? 'auto', 'window'));
  const prepared = await prepareModel(message.model, {
    readText,
    backend: group?.backend() ?? createTrainingBackend(),
  });
  if (!prepared.ok) {
    post({ type: 'problems', problems: prepared.problems });
    return;
  }
  runner = new Runner({
    net: prepared.net,
    data: prepared.data,
    config: prepared.model.training,
    firstEpoch: weightsEpoch(message.model),
    resume: message.model.weights ? message.model.resume : undefined,
    pace: message.pace ?? Infinity,
    threads: group ?? undefined,
  });
  lastState = '';
  lastCheckpoint = performance.now();
  if (message.mode === 'step') {
    runner.stepOnce();
    settle(true);
  } else {
    runner.resume();
    schedule();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    start(message).catch((error: unknown) =>
      post({
        type: 'problems',
        problems: [{ path: '', message: String((error as Error)?.message ?? error) }],
      }),
    );
    return;
  }
  if (!runner) return;
  switch (message.type) {
    case 'pause':
      runner.pause();
      break;
    case 'resume':
      runner.resume();
      break;
    case 'step':
      runner.stepOnce();
      return settle(true);
    case 'stop':
      runner.stop(message.message);
      break;
    case 'learningRate':
      runner.setLearningRate(message.value);
      if (runner.state === 'running') sendFrame();
      break;
    case 'pace':
      runner.setPace(message.updatesPerSecond ?? Infinity);
      // A sleeping paced run wakes at the new pace's time.
      cancelTick?.();
      cancelTick = null;
      sendFrame();
      break;
  }
  settle(false);
});
