/**
 * Everything needed to run a model file: its data loaded, its graph compiled
 * against the data's widths, its network built. `check`, `train`, `predict`
 * and `grad` on the command line, and the app's training sessions, start here.
 */
import type { CompiledGraph } from '../engine/compile';
import type { Network, NetworkOptions } from '../engine/network';
import { formatNumber, t } from '../i18n';
import { DataError } from './csv';
import { loadDataset, staticWidths, type LoadedData, type ReadText } from './data';
import { buildNetwork } from './network';
import type { FileProblem, ModelFile } from './types';

export interface Prepared {
  model: ModelFile;
  data: LoadedData;
  net: Network;
  compiled: CompiledGraph;
}

export type PrepareResult = ({ ok: true } & Prepared) | { ok: false; problems: FileProblem[] };

export async function prepareModel(
  model: ModelFile,
  options: { readText?: ReadText; seed?: number; backend?: NetworkOptions['backend'] } = {},
): Promise<PrepareResult> {
  let data: LoadedData;
  try {
    data = await loadDataset(model.data, options.readText);
  } catch (error) {
    if (error instanceof DataError) {
      return { ok: false, problems: error.problems.map((message) => ({ path: 'data', message })) };
    }
    throw error;
  }
  const built = buildNetwork(model, {
    widths: {
      features: data.all.features,
      targets: data.all.targets,
      ...(staticWidths(model.data)?.shape ? { shape: staticWidths(model.data)!.shape } : {}),
    },
    seed: options.seed,
    backend: options.backend,
  });
  if (!built.ok) return built;
  return { ok: true, model, data, net: built.net, compiled: built.compiled };
}

/** "6 nodes, 26 parameters; data: article: 64 samples, 3 features → 1 target" */
export function describeModel(prepared: Prepared): string {
  const { model, compiled, data } = prepared;
  const nodes = model.graph.nodes.length;
  return t('data.describe', {
    nodes: t('data.nodes', { count: nodes }),
    parameters: t('data.parameters', {
      count: compiled.parameterCount,
      n: formatNumber(compiled.parameterCount),
    }),
    weights: t(model.weights ? 'data.trained' : 'data.untrained'),
    data: data.summary,
  });
}
