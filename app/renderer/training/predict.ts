/**
 * Predictions for the Predictions panel, computed here in the window with the
 * engine (float64, the JS backend) from the document's weights and data (a CSV
 * file read through the host). No training happens: one forward pass over the
 * training and validation samples.
 */
import type { WeightsRecord } from '#src/engine/network';
import type { Task } from '#src/model/datasets';
import { removeStandardization } from '#src/model/data';
import type { ModelFile } from '#src/model/types';
import type { Frame } from '#src/training/frame';
import { toNested } from '#src/engine/weights';
import { loadDocumentData } from '../common/document-data';
import { networkForData } from '../store/document-network';
import { idTable, own } from '#src/engine/table';

/** Rows shown per part (training, validation); the rest are summarised. */
export const MAX_ROWS = 200;

export interface PredictionRow {
  /** Row number within its part, from 1. */
  index: number;
  validation: boolean;
  features: number[];
  predicted: number[];
  actual: number[];
}

export type Predictions =
  | {
      ok: true;
      task: Task;
      featureNames: string[];
      targetNames: string[];
      classes?: string[];
      rows: PredictionRow[];
      trainCount: number;
      validationCount: number;
      trained: boolean;
    }
  | { ok: false; message: string };

/** `path`: where the document is saved (null when unsaved), for a CSV data path relative to it. */
export async function computePredictions(
  model: ModelFile,
  weights: WeightsRecord | undefined,
  path: string | null,
): Promise<Predictions> {
  const loaded = await loadDocumentData(model.data, path);
  if (!loaded.ok) return loaded;
  const { data } = loaded;
  const built = networkForData({ ...model, weights }, data.all);
  if (!built.ok) {
    return { ok: false, message: built.problems.map((p) => p.message).join('; ') };
  }
  const rows: PredictionRow[] = [];
  const parts = [
    { set: data.train, validation: false },
    ...(data.validation ? [{ set: data.validation, validation: true }] : []),
  ];
  for (const { set, validation } of parts) {
    const m = Math.min(set.m, MAX_ROWS);
    const out = built.net.predict(set.x.subarray(0, m * set.features), m);
    const k = set.targets;
    for (let r = 0; r < m; r++) {
      rows.push({
        index: r + 1,
        validation,
        // In the data's own units (centimetres for iris), not the standardised numbers it trains on.
        features: Array.from(
          removeStandardization(
            set.x.subarray(r * set.features, (r + 1) * set.features),
            data.standardization,
          ),
        ),
        predicted: Array.from(out.subarray(r * k, (r + 1) * k)),
        actual: Array.from(set.y.subarray(r * k, (r + 1) * k)),
      });
    }
  }
  return {
    ok: true,
    task: data.task,
    featureNames: data.featureNames,
    targetNames: data.targetNames,
    classes: data.classes,
    rows,
    trainCount: data.train.m,
    validationCount: data.validation?.m ?? 0,
    trained: weights !== undefined && Object.keys(weights).length > 0,
  };
}

/**
 * The tensors a frame carries, in their shapes, when it carries every node it must (`ids`)
 * and none was too large to stream (small networks).
 */
export function frameWeights(
  frame: Pick<Frame, 'header' | 'params'>,
  ids: string[],
): WeightsRecord | undefined {
  const { params, header } = frame;
  if (!ids.length || header.unstreamed?.length || !ids.every((id) => own(params, id)))
    return undefined;
  const out: WeightsRecord = idTable();
  for (const { id, name, shape } of header.tensors) {
    const tensor = own(params, id)?.[name];
    if (tensor) (out[id] ??= {})[name] = toNested(tensor.value, shape);
  }
  return out;
}
