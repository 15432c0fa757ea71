/**
 * A document's training runs (the model file's `runs`, and the `run` of each
 * history record): what each was asked to do, and its loss curve. A run's
 * curve is plotted against the epoch within the run, as the progress line
 * counts it; the history keeps the epoch numbering of the weights.
 */
import type { BatchMode, EpochRecord, ModelFile, RunRecord, TrainingSettings } from './types';
import { t } from '../i18n';

export interface RunCurve {
  /** The run's id, or 0 for records from before runs were kept. */
  id: number;
  run: RunRecord | null;
  /** Epoch within the run (1, 2, 3…) and that epoch's records. */
  epoch: number[];
  records: EpochRecord[];
}

/** The epoch the document's weights have reached: 0 without weights (the next run draws them from the seed). */
export function weightsEpoch(model: Pick<ModelFile, 'weights' | 'history' | 'runs'>): number {
  if (!model.weights) return 0;
  const history = model.history ?? [];
  const run = model.runs?.[model.runs.length - 1];
  if (!run) return history.length ? history[history.length - 1].epoch : 0;
  return run.fromEpoch + run.epochs;
}

/** A new run of `settings` that continues from the document's weights. */
export function newRun(
  model: Pick<ModelFile, 'weights' | 'history' | 'runs'>,
  settings: TrainingSettings,
  started: Date,
): RunRecord {
  const id = Math.max(0, ...(model.runs ?? []).map((r) => r.id)) + 1;
  return {
    id,
    started: started.toISOString(),
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    batch: settings.batch,
    fromEpoch: weightsEpoch(model),
    epochs: 0,
  };
}

/** The history split into one curve per run, in the order the runs started. */
export function runCurves(history: EpochRecord[], runs: RunRecord[] = []): RunCurve[] {
  const byId = new Map<number, RunCurve>();
  for (const run of runs) byId.set(run.id, { id: run.id, run, epoch: [], records: [] });
  for (const r of history) {
    const id = r.run ?? 0;
    let curve = byId.get(id);
    if (!curve) {
      curve = { id, run: null, epoch: [], records: [] };
      byId.set(id, curve);
    }
    curve.epoch.push(r.epoch - (curve.run?.fromEpoch ?? 0));
    curve.records.push(r);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

const OPTIMIZER_NAME = { sgd: 'SGD', momentum: 'Momentum', adam: 'Adam' } as const;

/** `full batch`, `stochastic`, `mini-batch 16`. */
export function batchLabel(batch: BatchMode): string {
  if (batch === 'full') return t('data.runs.full');
  if (batch === 'stochastic') return t('data.runs.stochastic');
  return t('data.runs.miniBatch', { size: batch.miniBatch });
}

/** A run's settings in a few words: `SGD, λ 0.05, full batch`. */
export function runSettings(run: RunRecord): string {
  return t('data.runs.settings', {
    optimizer: OPTIMIZER_NAME[run.optimizer],
    rate: run.learningRate,
    batch: batchLabel(run.batch),
  });
}

/** The name a run's curve goes by: `Run 2: SGD, λ 0.05, mini-batch 16`; `Earlier training` for records from before runs. */
export function runName(curve: Pick<RunCurve, 'id' | 'run'>): string {
  return curve.run
    ? t('data.runs.name', { id: curve.id, settings: runSettings(curve.run) })
    : t('data.runs.earlier');
}
