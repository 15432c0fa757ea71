/**
 * The renderer's side of a training session: starts and controls it through
 * the Host, feeds its frames to the live buffer, and keeps the document in
 * step (checkpoint weights, epoch history). It also stops the session when the
 * graph it trains is edited, and sends learning-rate changes to a live run.
 */
import type { Host, TrainingCommand, TrainingEvent } from '../../shared/host';
import type { EpochRecord, FileProblem, RunRecord } from '../../../src/model/types';
import { getActionContext } from '../actions/registry';
import { toModelFile, useDocument, type DocumentState } from '../store/document';
import { confirmAction, showMessage, showProblems } from '../store/ui';
import { decodeFrame } from '../../../src/training/frame';
import { newRun, weightsEpoch } from '../../../src/model/runs';
import { live } from './live';
import { isActive, useTraining } from './store';

export const GRAPH_CHANGED = 'Training stopped: the graph changed.';
export const HOST_RESTARTED =
  'Training stopped: the host restarted. The document keeps the weights of its last checkpoint.';
/** How often a running session's epoch records are written into the document. */
const HISTORY_FLUSH_MS = 1000;

const windowKey = Math.random().toString(36).slice(2, 10);
let pendingHistory: EpochRecord[] = [];
let lastFlush = 0;
/** The structure of the graph the running session trains. */
let runSignature: string | null = null;
/** Set when the renderer stopped the run itself: frames still in flight must not revive it. */
let stopping = false;
/**
 * The last epoch this window has a record of. A page whose socket reconnected gets the run's
 * records again (app/services/training.ts `replay`): only later ones are new.
 */
let lastEpoch = 0;

/** The run the session trains (its id tags the epoch records), and when it started. */
let currentRun: { run: RunRecord; startedAt: number; open: boolean; listed: boolean } | null = null;

function errorText(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}

/** What training depends on: nodes, their parameters and the connections (not positions). */
export function graphSignature(s: Pick<DocumentState, 'nodes' | 'edges'>): string {
  const nodes = s.nodes
    .map((n) => `${n.id}|${n.data.kind}|${JSON.stringify(n.data.params)}`)
    .sort()
    .join('\n');
  const edges = s.edges
    .map((e) => {
      const slot = (e.data as { targetSlot?: number } | undefined)?.targetSlot ?? '';
      return `${e.id}|${e.source}|${e.target}|${slot}`;
    })
    .sort()
    .join('\n');
  return `${nodes}\n--\n${edges}`;
}

/** Writes the current run's duration into its summary, and with `end` how it ended (it is then over). */
function endRun(end: RunRecord['end'] | null) {
  if (!currentRun?.open) return;
  const durationMs = Date.now() - currentRun.startedAt;
  useDocument.getState().updateRun(currentRun.run.id, end ? { durationMs, end } : { durationMs });
  if (end) currentRun.open = false;
}

/** A run that could not start: it leaves no curve. */
function dropRun() {
  runSignature = null;
  if (currentRun && !currentRun.listed) {
    live.reset(useDocument.getState().model);
  }
  currentRun = null;
}

/** Writes epoch records received so far into the document. */
export function flushHistory() {
  if (!pendingHistory.length) return;
  const records = pendingHistory;
  pendingHistory = [];
  lastFlush = Date.now();
  useDocument.getState().appendHistory(records);
}

function onEvent(event: TrainingEvent) {
  if (event.type === 'frame') {
    const frame = decodeFrame(event.buffer);
    const h = frame.header;
    h.history = h.history.filter((r) => r.epoch > lastEpoch);
    // The run joins the document's run list once its session answers.
    if (currentRun && !currentRun.listed) {
      currentRun.listed = true;
      useDocument.getState().startRun(currentRun.run);
    }
    const run = currentRun?.run.id;
    if (h.history.length) {
      lastEpoch = h.history[h.history.length - 1].epoch;
      pendingHistory.push(...h.history.map((r) => ({ ...r, run })));
    }
    live.push(frame);
    const t = useTraining.getState();
    const ended = h.state !== 'running' && h.state !== 'paused' && h.state !== 'idle';
    if (stopping && !ended) return;
    if (ended) stopping = false;
    const stateChanged = h.state !== t.state;
    if (stateChanged || Date.now() - lastFlush > HISTORY_FLUSH_MS) flushHistory();
    if (stateChanged && ended)
      endRun(h.state === 'done' || h.state === 'diverged' ? h.state : 'stopped');
    else if (stateChanged) endRun(null);
    if (stateChanged) {
      if (!ended) runSignature ??= graphSignature(useDocument.getState());
      else runSignature = null;
      useTraining.setState({
        state: h.state,
        message: ended ? (h.message ?? null) : null,
        divergedNode: h.state === 'diverged' ? (h.nodeId ?? null) : null,
      });
    }
    return;
  }
  if (event.type === 'checkpoint') {
    flushHistory();
    useDocument.getState().applyWeights(event.weights);
    return;
  }
  if (event.type === 'gone') {
    // 'starting': the session is being made (its socket may have just opened for it).
    const now = useTraining.getState().state;
    if (now !== 'running' && now !== 'paused') return;
    flushHistory();
    endRun('stopped');
    runSignature = null;
    useTraining.setState({ state: 'stopped', message: HOST_RESTARTED, divergedNode: null });
    return;
  }
  dropRun();
  useTraining.setState({ state: null });
  showProblems(
    'Training could not start',
    event.problems,
    event.problems.length === 1
      ? 'The model has 1 problem; nothing was trained:'
      : `The model has ${event.problems.length} problems; nothing was trained:`,
  );
}

/**
 * Connects the window to its document's session: a fresh document id on every
 * load (ending the previous document's session), the event subscription, and
 * watches for graph edits and learning-rate changes. Returns a disconnect.
 */
export function connectTraining(host: Host): () => void {
  let unsubscribe: (() => void) | null = null;
  let docId = '';

  const attach = () => {
    const doc = useDocument.getState();
    if (docId) {
      unsubscribe?.();
      void host.endTraining(docId).catch(() => undefined);
    }
    docId = `${windowKey}-${doc.loadCount}`;
    pendingHistory = [];
    runSignature = null;
    stopping = false;
    currentRun = null;
    lastEpoch = weightsEpoch(doc.model);
    live.reset(doc.model);
    live.flush();
    useTraining.setState({ docId, state: null, message: null, divergedNode: null, hiddenRuns: [] });
    unsubscribe = host.onTrainingEvent(docId, onEvent);
  };
  attach();

  const unwatch = useDocument.subscribe((s, prev) => {
    if (s.loadCount !== prev.loadCount) {
      attach();
      return;
    }
    const t = useTraining.getState();
    if (
      s.model.training?.learningRate !== prev.model.training?.learningRate &&
      prev.loadCount === s.loadCount &&
      isActive(t.state) &&
      t.state !== 'starting'
    ) {
      void send(host, { type: 'learningRate', value: s.model.training.learningRate });
    }
    if (s.stateId === prev.stateId || runSignature === null || !isActive(t.state)) return;
    if (s.nodes === prev.nodes && s.edges === prev.edges) return;
    if (graphSignature(s) === runSignature) return;
    runSignature = null;
    stopping = true;
    flushHistory();
    endRun('stopped');
    useTraining.setState({ state: 'stopped', message: GRAPH_CHANGED, divergedNode: null });
    void send(host, { type: 'stop', message: GRAPH_CHANGED });
  });

  return () => {
    unwatch();
    unsubscribe?.();
    if (docId) void host.endTraining(docId).catch(() => undefined);
  };
}

async function send(host: Host, command: TrainingCommand) {
  try {
    await host.controlTraining(useTraining.getState().docId, command);
  } catch (err) {
    showMessage('Training', errorText(err));
  }
}

async function start(host: Host, mode: 'run' | 'step') {
  const doc = useDocument.getState();
  if (doc.compiled.problems.length) {
    const problems: FileProblem[] = doc.compiled.problems.map((p) => ({
      path: p.nodeId ?? p.edgeId ?? '',
      message: p.message,
    }));
    showProblems(
      'The network cannot train yet',
      problems,
      'Fix these on the canvas first (the Problems list shows them too):',
    );
    return;
  }
  flushHistory();
  const run = newRun(doc.model, doc.model.training, new Date());
  currentRun = { run, startedAt: Date.now(), open: true, listed: false };
  const model = toModelFile(getActionContext()?.flow?.getViewport() ?? null);
  live.beginRun(run);
  // Epochs count on from the weights' epoch (from 0 after Reset weights, history kept).
  lastEpoch = run.fromEpoch;
  runSignature = graphSignature(doc);
  stopping = false;
  useTraining.setState({ state: 'starting', message: null, divergedNode: null });
  try {
    await host.startTraining(useTraining.getState().docId, model, doc.path, mode);
  } catch (err) {
    dropRun();
    useTraining.setState({ state: null });
    showMessage('Training could not start', errorText(err));
  }
}

const state = () => useTraining.getState().state;

export const canTrain = () => !isActive(state());
export const canPause = () => state() === 'running' || state() === 'starting';
export const canResume = () => state() === 'paused';
export const canStop = () => isActive(state());
export const canStep = () => state() !== 'running' && state() !== 'starting';
export const canReset = () => state() !== 'running' && state() !== 'starting';

export function train(host: Host) {
  if (canTrain()) return start(host, 'run');
}

export function pause(host: Host) {
  if (canPause()) return send(host, { type: 'pause' });
}

export function resume(host: Host) {
  if (canResume()) return send(host, { type: 'resume' });
}

export function stop(host: Host) {
  if (canStop()) return send(host, { type: 'stop' });
}

/** One update: of the paused session, or of a new one that then pauses. */
export function step(host: Host) {
  if (!canStep()) return;
  if (state() === 'paused') return send(host, { type: 'step' });
  return start(host, 'step');
}

/** Forgets the trained weights (after asking); the next run starts from the seed, beside the earlier runs' curves. */
export async function resetWeights(host: Host) {
  if (!canReset()) return;
  const { model } = useDocument.getState();
  if (!model.weights && !live.frame) return;
  const ok = await confirmAction(
    'Reset weights?',
    'The network forgets what it has learned: its weights are cleared, and the next run starts from weights drawn from the seed. The loss curves of earlier runs stay in the run list.',
    'Reset weights',
  );
  if (!ok) return;
  const docId = useTraining.getState().docId;
  if (state() === 'paused') await host.endTraining(docId).catch(() => undefined);
  flushHistory();
  endRun('stopped');
  lastEpoch = 0;
  runSignature = null;
  useDocument.getState().resetWeights();
  live.reset(useDocument.getState().model);
  useTraining.setState({ state: null, message: null, divergedNode: null });
}

/** Forgets every run and its loss curve (after asking); the weights stay. */
export async function clearRuns() {
  if (isActive(state())) return;
  const ok = await confirmAction(
    'Clear the run list?',
    'Every run and its loss curve are forgotten. The weights stay: the next run continues from them.',
    'Clear runs',
  );
  if (!ok) return;
  flushHistory();
  useDocument.getState().clearRuns();
  useTraining.setState({ hiddenRuns: [] });
  live.reset(useDocument.getState().model);
}
