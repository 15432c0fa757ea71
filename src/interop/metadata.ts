/**
 * What our exporters record beside the graph (ONNX metadata_props, TF.js
 * userDefinedMetadata) so that importing the file gives the document back
 * with its name, loss, data, training settings and layout.
 */
import type { ExportInput, StudioMetadata } from './types';

export function studioMetadata(
  input: ExportInput,
  extra: Pick<StudioMetadata, 'ids' | 'standardization' | 'foldedBias'> = {},
): StudioMetadata {
  const { model, compiled } = input;
  return {
    name: model.name,
    lossFn: compiled.lossFn,
    lossId: compiled.lossId,
    training: model.training,
    data: model.data,
    positions: Object.fromEntries(
      model.graph.nodes.filter((n) => n.position).map((n) => [n.id, n.position!]),
    ),
    ...extra,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Metadata read from a file, if it has the shape ours has (its values are checked again when
 * the imported document is validated); anything else is ignored, as for a foreign model.
 */
export function readMetadata(value: unknown): StudioMetadata | undefined {
  if (!isObject(value) || !isObject(value.data) || !isObject(value.training)) return undefined;
  if (typeof value.name !== 'string' || typeof value.lossFn !== 'string') return undefined;
  return value as unknown as StudioMetadata;
}
