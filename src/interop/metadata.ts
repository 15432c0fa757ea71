/**
 * What our exporters record beside the graph (ONNX metadata_props, TF.js
 * userDefinedMetadata) so that importing the file gives the document back
 * with its name, loss, data, training settings and layout.
 */
import type { ExportInput, StudioMetadata } from './types';

export function studioMetadata(
  input: ExportInput,
  extra: Pick<StudioMetadata, 'ids' | 'standardization'> = {},
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
