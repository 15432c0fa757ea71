/**
 * What training produces, as changes to the model file: trained weights (kept
 * where they still fit the graph), the epoch history, the run list, and the file
 * to save. Pure functions of the model; the document store applies them (they
 * are results, not edits: no undo entry).
 */
import type { EpochRecord, ModelFile, ResumeState, RunRecord } from '#src/model/types';
import { fittingWeights, type Graph, type WeightsRecord } from '../common/engine';
import { idTable } from '#src/engine/table';
import { tensorCount, type Viewport } from './graph';

/** The per-sample shapes the compiler found, by node id (CompileResult's `dims`). */
type Dims = Parameters<typeof fittingWeights>[2];

/**
 * The model with a checkpoint's weights: those that no longer fit their node (the graph
 * changed under the run) are dropped; old weights of layers the checkpoint does not name stay.
 * `resume` is kept when every one of them fits, and forgotten otherwise.
 */
export function withWeights(
  model: ModelFile,
  graph: Graph,
  dims: Dims,
  weights: WeightsRecord,
  resume?: ResumeState,
): ModelFile {
  const fitting = fittingWeights(weights, graph, dims);
  const merged: WeightsRecord = idTable();
  for (const [id, w] of Object.entries(model.weights ?? {}))
    if (!Object.hasOwn(weights, id)) merged[id] = w;
  Object.assign(merged, fitting);
  const next = { ...model, weights: merged };
  // The optimizer's memory belongs to these weights: kept only with all of them.
  if (resume && tensorCount(fitting) === tensorCount(weights)) next.resume = resume;
  else delete next.resume;
  return next;
}

/** The model with epoch records appended; each run's summary follows its records (epochs, last loss). */
export function withHistory(model: ModelFile, records: EpochRecord[]): ModelFile {
  const history = [...(model.history ?? []), ...records];
  const runs = model.runs?.map((run) => {
    const own = records.filter((r) => r.run === run.id);
    if (!own.length) return run;
    return { ...run, epochs: run.epochs + own.length, finalLoss: own[own.length - 1].loss };
  });
  return { ...model, history, ...(runs ? { runs } : {}) };
}

/** The model with a run's summary changed, or null when it has no runs. */
export function withRunPatch(model: ModelFile, id: number, patch: Partial<RunRecord>) {
  const runs = model.runs?.map((r) => (r.id === id ? { ...r, ...patch } : r));
  return runs ? { ...model, runs } : null;
}

/** The model without its runs and history, or null when it has neither. */
export function withoutRuns(model: ModelFile): ModelFile | null {
  if (!model.runs && !model.history) return null;
  const next = { ...model };
  delete next.runs;
  delete next.history;
  return next;
}

/** The model without trained weights (and what training would resume), or null when it has none. */
export function withoutWeights(model: ModelFile): ModelFile | null {
  if (!model.weights) return null;
  const next = { ...model };
  delete next.weights;
  delete next.resume;
  return next;
}

/** The model file to save: the graph with positions, the viewport, and everything else kept. */
export function savedModel(
  model: ModelFile,
  graph: Graph,
  dims: Dims,
  viewport: Viewport | null,
): ModelFile {
  const saved: ModelFile = { ...model, graph };
  if (model.weights) saved.weights = fittingWeights(model.weights, graph, dims);
  // What training continues from belongs to the weights: not kept once some of them are dropped.
  if (!saved.weights || tensorCount(saved.weights) !== tensorCount(model.weights ?? {}))
    delete saved.resume;
  if (viewport) saved.view = { ...model.view, viewport };
  return saved;
}
