/**
 * Step mode's state: the traced update of the document's current network
 * (its weights, or the seed's initial weights when untrained) on one batch,
 * the steps, which one is shown, the neuron and sample shown for large
 * layers, and the last gradient check. The trace is computed here, in the
 * renderer, with the float64 engine: it is small and quick (one batch). The
 * data comes from the shared loader (a CSV file read through the host).
 *
 * The steps' words are made in the language current when they are described
 * (src/teaching/steps/ calls the catalogue); a language switch describes the
 * same trace again, so the open panel re-words in place without retracing and
 * keeps its step, focus and gradient check.
 */
import { create } from 'zustand';
import { gradientCheck } from '#src/engine/gradcheck';
import type { Network } from '#src/engine/network';
import { i18n, t } from '#src/i18n';
import type { ModelFile } from '#src/model/types';
import {
  chooseBatch,
  describeSteps,
  traceUpdate,
  type Batch,
  type Focus,
  type Step,
  type Trace,
} from '#src/teaching/steps';
import { loadDocumentData } from '../common/document-data';
import { toModelFile, useDocument } from './document';
import { networkForData } from './document-network';
import { clearHighlight, setHighlight } from './highlight';

/** Relative errors below this pass (the seed notes' bar for float64). */
export const GRADCHECK_TOLERANCE = 1e-6;
/** Entries checked per tensor at most, so a large network does not freeze the window. */
const GRADCHECK_MAX_PER_TENSOR = 200;

export interface GradientCheckRow {
  nodeId: string;
  W: number;
  b: number | null;
  checked: number;
}

export interface StepState {
  open: boolean;
  status: 'idle' | 'loading' | 'ready' | 'unavailable';
  /** Why step mode cannot run (data that cannot be read, graph problems). */
  message: string | null;
  trace: Trace | null;
  steps: Step[];
  index: number;
  focus: Focus;
  playing: boolean;
  check: { status: 'running' } | { status: 'done'; rows: GradientCheckRow[] } | null;
}

const initial: Omit<StepState, 'open'> = {
  status: 'idle',
  message: null,
  trace: null,
  steps: [],
  index: 0,
  focus: { neuron: 0, sample: 0 },
  playing: false,
  check: null,
};

export const useStepMode = create<StepState>()(() => ({ open: false, ...initial }));

/** Outside React state: the network and batch the trace came from (the gradient check reruns them). */
let source: { net: Network; batch: Batch; key: string } | null = null;
let computeId = 0;

const get = () => useStepMode.getState();

function highlightCurrent() {
  const s = get();
  const step = s.open ? s.steps[s.index] : undefined;
  if (step) setHighlight({ nodeId: step.nodeId, edgeId: step.edgeId });
  else clearHighlight();
}

/** What the trace depends on: the graph's structure and parameters, the weights, training settings and data. */
function documentKey(model: ModelFile, path: string | null): string {
  const graph = {
    nodes: model.graph.nodes.map((n) => [n.id, n.kind, n.params]),
    edges: model.graph.edges.map((e) => [e.id, e.source, e.target, e.targetSlot]),
  };
  return JSON.stringify([graph, model.weights ?? null, model.training, model.data, path]);
}

function unavailable(message: string) {
  source = null;
  useStepMode.setState({ ...initial, status: 'unavailable', message });
  highlightCurrent();
}

/** Traces the document's current network on its batch. */
export async function computeSteps(): Promise<void> {
  const id = ++computeId;
  const doc = useDocument.getState();
  const model = toModelFile(null);
  const key = documentKey(model, doc.path);
  if (!doc.compiled.ok) {
    return unavailable(t('steps.unavailable.problems'));
  }
  useStepMode.setState({ status: 'loading' });
  const loaded = await loadDocumentData(model.data, doc.path);
  if (id !== computeId) return;
  if (!loaded.ok) return unavailable(t('steps.unavailable.data', { message: loaded.message }));
  const { data } = loaded;
  const built = networkForData(model, data.all);
  if (!built.ok) {
    return unavailable(
      t('steps.unavailable.build', {
        problems: built.problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      }),
    );
  }
  const { net } = built;
  const batch = chooseBatch(data.all, model.training.batch);
  const trace = traceUpdate(net, batch, model.training);
  source = { net, batch, key };
  const s = get();
  const steps = describeSteps(trace, s.focus);
  // Keep the place when the document changed under an open panel (same step if it still exists).
  const current = s.steps[s.index]?.key;
  const again = current ? steps.findIndex((step) => step.key === current) : -1;
  useStepMode.setState({
    status: 'ready',
    message: null,
    trace,
    steps,
    index: again >= 0 ? again : Math.min(s.index, steps.length - 1),
    check: null,
  });
  highlightCurrent();
}

export function openStepMode(): Promise<void> {
  if (!get().open) useStepMode.setState({ open: true, ...initial });
  return computeSteps();
}

export function closeStepMode() {
  computeId++;
  source = null;
  useStepMode.setState({ open: false, ...initial });
  clearHighlight();
}

export function toggleStepMode(): Promise<void> | void {
  return get().open ? closeStepMode() : openStepMode();
}

export function goToStep(index: number) {
  const s = get();
  if (!s.steps.length) return;
  const i = Math.max(0, Math.min(index, s.steps.length - 1));
  if (i !== s.index) useStepMode.setState({ index: i });
  highlightCurrent();
}

export function nextStep() {
  const s = get();
  if (s.index >= s.steps.length - 1) useStepMode.setState({ playing: false });
  else goToStep(s.index + 1);
}

export function previousStep() {
  goToStep(get().index - 1);
}

export function setPlaying(playing: boolean) {
  const s = get();
  // Play from the last step starts over.
  if (playing && s.index >= s.steps.length - 1) goToStep(0);
  useStepMode.setState({ playing });
}

/** Shows another neuron j / sample i in layers too large to show whole. */
export function setFocus(patch: Partial<Focus>) {
  const s = get();
  const focus = { ...s.focus, ...patch };
  useStepMode.setState({ focus, steps: s.trace ? describeSteps(s.trace, focus) : s.steps });
}

/** Runs the engine's finite-difference check (float64) on step mode's batch. */
export async function checkGradients(): Promise<void> {
  if (!get().open) await openStepMode();
  if (!source) return;
  const { net, batch, key } = source;
  useStepMode.setState({ check: { status: 'running' } });
  // Let the panel say "Checking…" before the (synchronous) check takes the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (source?.key !== key) return;
  const result = gradientCheck(net, batch.data, { maxPerTensor: GRADCHECK_MAX_PER_TENSOR });
  const rows = new Map<string, GradientCheckRow>();
  for (const t of result.tensors) {
    const row = rows.get(t.nodeId) ?? { nodeId: t.nodeId, W: 0, b: null, checked: 0 };
    if (t.name === 'W') row.W = t.maxRelError;
    else row.b = t.maxRelError;
    row.checked += t.checked;
    rows.set(t.nodeId, row);
  }
  useStepMode.setState({ check: { status: 'done', rows: [...rows.values()] } });
}

// Follow the document while the panel is open: new weights (a training
// checkpoint), an edited graph, other settings or data, a move (a CSV path is relative to it).
let lastKey: string | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
useDocument.subscribe((s, prev) => {
  if (!get().open) return;
  if (
    s.model === prev.model &&
    s.nodes === prev.nodes &&
    s.edges === prev.edges &&
    s.path === prev.path
  ) {
    return;
  }
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    if (!get().open) return;
    const key = documentKey(toModelFile(null), useDocument.getState().path);
    if (key === lastKey || key === source?.key) return;
    lastKey = key;
    void computeSteps();
  }, 200);
});

// A language switch re-words the open panel: the same trace described again
// (its place, focus and gradient check kept), or the reason it is unavailable
// worked out again.
i18n.on('languageChanged', () => {
  const s = get();
  if (!s.open) return;
  if (s.status === 'unavailable') void computeSteps();
  else if (s.trace) useStepMode.setState({ steps: describeSteps(s.trace, s.focus) });
});
