/**
 * The renderer's side of a training session: starts and controls it through
 * the Host, feeds its frames to the live buffer, and keeps the document in
 * step (checkpoint weights, epoch history). It also stops the session when the
 * graph it trains is edited, and sends learning-rate changes to a live run.
 */
import type { Host, TrainingCommand, TrainingEvent } from '../../shared/host';
import type { EpochRecord, FileProblem, RunRecord } from '#src/model/types';
import { decodeFrame, type FrameHeader } from '#src/training/frame';
import { newRun, weightsEpoch } from '#src/model/runs';
import { i18n } from '#src/i18n';
import { getActionContext } from '../actions/registry';
import { t } from '../common/i18n';
import { toModelFile, useDocument, type DocumentState } from '../store/document';
import { confirmAction, showMessage, showProblems } from '../store/ui';
import { live, type OverlayStat, type Phase } from '../common/live';
import { currentPace, FULL_SPEED, ONE_AT_A_TIME, sessionPace, WATCHABLE_PACE } from './pace';
import { isActive, useTraining, type WalkPhase } from '../store/training';
import { useThreads } from './threads';

/**
 * Why the window ended a run: worded in the window's language when it happens (the session
 * echoes the graph's stop in its last frame). The constants are the English wording, which the
 * tests compare with.
 */
const graphChanged = () => t('training.status.graphChanged');
const hostRestarted = () => t('training.status.hostRestarted');
const english = i18n.getFixedT('en');
export const GRAPH_CHANGED = english('training.status.graphChanged');
export const HOST_RESTARTED = english('training.status.hostRestarted');
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
/** The step of the last frame: one update at a time walks each new one. */
let lastStep = -1;
/** The host of the connected window (a speed chosen while a run starts is sent once it has). */
let connected: Host | null = null;

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
    // One update at a time: a new update, paused, is shown from its forward pass.
    const stepped = h.step === lastStep + 1;
    lastStep = h.step;
    if (stepped && h.state === 'paused' && currentPace() === ONE_AT_A_TIME) {
      useTraining.setState({ walk: 'forward' });
    } else if (stateChanged && h.state !== 'paused') useTraining.setState({ walk: null });
    if (stateChanged && t.state === 'starting' && connected) followPace(connected, h);
    if (stateChanged) {
      if (!ended) runSignature ??= graphSignature(useDocument.getState());
      else runSignature = null;
      useTraining.setState({
        state: h.state,
        message: ended ? (h.ending ?? h.message ?? null) : null,
        warning: ended && h.warning === true,
        divergedNode: h.state === 'diverged' ? (h.nodeId ?? null) : null,
      });
    }
    return;
  }
  if (event.type === 'checkpoint') {
    flushHistory();
    useDocument.getState().applyWeights(event.weights, event.resume);
    return;
  }
  if (event.type === 'gone') {
    // 'starting': the session is being made (its socket may have just opened for it).
    const now = useTraining.getState().state;
    if (now !== 'running' && now !== 'paused') return;
    flushHistory();
    endRun('stopped');
    runSignature = null;
    useTraining.setState({ state: 'stopped', message: hostRestarted(), divergedNode: null });
    return;
  }
  dropRun();
  useTraining.setState({ state: null });
  showProblems(
    t('training.status.couldNotStart'),
    event.problems,
    t('training.status.modelProblems', { count: event.problems.length }),
  );
}

/**
 * Connects the window to its document's session: a fresh document id on every
 * load (ending the previous document's session), the event subscription, and
 * watches for graph edits and learning-rate changes. Returns a disconnect.
 */
export function connectTraining(host: Host): () => void {
  connected = host;
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
    lastStep = -1;
    // Each document starts at its own default pace until the user chooses one.
    useTraining.setState({
      docId,
      state: null,
      message: null,
      divergedNode: null,
      hiddenRuns: [],
      pace: null,
      walk: null,
    });
    unsubscribe = host.onTrainingEvent(docId, onEvent);
  };
  attach();

  // One update at a time: each part of the update shows its number on the edges.
  let overlayBefore: OverlayStat | null = null;
  const unwalk = useTraining.subscribe((s, prev) => {
    if (s.walk === prev.walk) return;
    if (s.walk && !prev.walk) overlayBefore = s.overlay;
    const overlay = s.walk ? WALK_OVERLAY[s.walk] : (overlayBefore ?? s.overlay);
    if (!s.walk) overlayBefore = null;
    if (overlay !== s.overlay) useTraining.setState({ overlay });
    live.holdPhase(s.walk ? WALK_PHASE[s.walk] : undefined);
    live.flush();
  });

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
    const message = graphChanged();
    useTraining.setState({ state: 'stopped', message, divergedNode: null });
    void send(host, { type: 'stop', message });
  });

  return () => {
    if (connected === host) connected = null;
    unwalk();
    unwatch();
    unsubscribe?.();
    if (docId) void host.endTraining(docId).catch(() => undefined);
  };
}

async function send(host: Host, command: TrainingCommand) {
  try {
    await host.controlTraining(useTraining.getState().docId, command);
  } catch (err) {
    showMessage(t('training.status.messageTitle'), errorText(err));
  }
}

async function start(host: Host, mode: 'run' | 'step') {
  const doc = useDocument.getState();
  if (doc.compiled.problems.length) {
    const problems: FileProblem[] = doc.compiled.problems.map((p) => ({
      path: p.nodeId ?? p.edgeId ?? '',
      message: p.message,
    }));
    showProblems(t('training.status.cannotTrain'), problems, t('training.status.fixFirst'));
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
  // A run counts its updates from 0: its first single step is update 1.
  lastStep = 0;
  useTraining.setState({ state: 'starting', message: null, divergedNode: null, walk: null });
  const pace = currentPace();
  try {
    await host.startTraining(
      useTraining.getState().docId,
      model,
      doc.path,
      pace === ONE_AT_A_TIME ? 'step' : mode,
      sessionPace(pace),
      useThreads.getState().threads,
    );
  } catch (err) {
    dropRun();
    useTraining.setState({ state: null });
    showMessage(t('training.status.couldNotStart'), errorText(err));
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
  if (!canResume()) return;
  // One update at a time has no speed to resume at: go on at a watchable one.
  if (currentPace() === ONE_AT_A_TIME) return setPace(host, WATCHABLE_PACE);
  return send(host, { type: 'resume' });
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

const WALK_OVERLAY: Record<WalkPhase, OverlayStat> = {
  forward: 'activation',
  backward: 'gradient',
  update: 'update',
};
const WALK_PHASE: Record<WalkPhase, Phase> = {
  forward: 'forward',
  backward: 'backward',
  update: null,
};

const NEXT_PHASE: Record<WalkPhase, WalkPhase | null> = {
  forward: 'backward',
  backward: 'update',
  update: null,
};

/** One update at a time: shows the next part of the update, or takes the next update. */
export function next(host: Host) {
  const walk = useTraining.getState().walk;
  const following = walk ? NEXT_PHASE[walk] : null;
  if (following) {
    useTraining.setState({ walk: following });
    return;
  }
  if (state() === 'running') return send(host, { type: 'pause' });
  return step(host);
}

/**
 * Chooses the speed. A run going on follows at once: one update at a time pauses it; a
 * speed paused in one update at a time resumes at the new speed.
 */
export async function setPace(host: Host, pace: number) {
  const before = currentPace();
  useTraining.setState({ pace });
  const s = state();
  if (!isActive(s) || s === 'starting' || pace === before) return;
  if (pace === ONE_AT_A_TIME) {
    if (s === 'running') await send(host, { type: 'pause' });
    return;
  }
  await send(host, { type: 'pace', updatesPerSecond: sessionPace(pace) });
  if (s === 'paused' && before === ONE_AT_A_TIME) {
    useTraining.setState({ walk: null });
    await send(host, { type: 'resume' });
  }
}

/** A run's first frame: a speed chosen while it was starting reaches it now. */
function followPace(host: Host, h: FrameHeader) {
  const pace = currentPace();
  if (pace === ONE_AT_A_TIME) {
    if (h.state === 'running') void send(host, { type: 'pause' });
  } else if ((h.updatesPerSecond ?? null) !== sessionPace(pace)) {
    void send(host, { type: 'pace', updatesPerSecond: sessionPace(pace) });
  }
}

/** The speed Full speed switches back from. */
let slower = WATCHABLE_PACE;

/** The Full speed switch: on, or back to the speed it was switched on from. */
export function fullSpeed(host: Host) {
  const pace = currentPace();
  if (pace === FULL_SPEED) return setPace(host, slower);
  slower = pace;
  return setPace(host, FULL_SPEED);
}

/** Forgets the trained weights (after asking); the next run starts from the seed, beside the earlier runs' curves. */
export async function resetWeights(host: Host) {
  if (!canReset()) return;
  const { model } = useDocument.getState();
  if (!model.weights && !live.frame) return;
  const ok = await confirmAction(
    t('training.status.resetTitle'),
    t('training.status.resetBody'),
    t('training.status.resetConfirm'),
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
  useTraining.setState({ state: null, message: null, divergedNode: null, walk: null });
}

/** Forgets every run and its loss curve (after asking); the weights stay. */
export async function clearRuns() {
  if (isActive(state())) return;
  const ok = await confirmAction(
    t('training.status.clearTitle'),
    t('training.status.clearBody'),
    t('training.status.clearConfirm'),
  );
  if (!ok) return;
  flushHistory();
  useDocument.getState().clearRuns();
  useTraining.setState({ hiddenRuns: [] });
  live.reset(useDocument.getState().model);
}
