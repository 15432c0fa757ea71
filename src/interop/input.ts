/** What an export needs, from a model prepared as the command line and training sessions prepare it. */
import type { Prepared } from '../model/prepare';
import type { ExportInput } from './types';

export function exportInput(
  prepared: Prepared,
  appVersion: string,
  modelPath?: string,
): ExportInput {
  return {
    model: prepared.model,
    compiled: prepared.compiled,
    // The file's weights where it has them, else those its seed draws (as `predict` uses).
    weights: prepared.net.getWeights(),
    standardization: prepared.data.standardization,
    featureNames: prepared.data.featureNames,
    targetNames: prepared.data.targetNames,
    appVersion,
    modelPath,
  };
}
