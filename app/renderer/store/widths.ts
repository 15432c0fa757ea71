/**
 * New nodes fit the document's data: a new Input takes the data's feature
 * count, and a Dense layer that becomes the last one before the Loss (Dense →
 * Loss, or Dense → Activation → Loss) takes the target count, while it still
 * has the palette's default units. A Dense whose units the user chose is left
 * alone (the compiler then says what to set).
 */
import { NEW_NODE_PARAMS, type NodeKind } from '../common/engine';
import type { DataSpec } from '#src/model/types';
import { staticWidths } from '../common/model';

/** Features and targets the data declares, where known without reading a file. */
export function declaredWidths(data: DataSpec | undefined): {
  features?: number;
  targets?: number;
} {
  if (!data) return {};
  if ('csv' in data) {
    // Categorical targets become one column per class: unknown until the file is read.
    return {
      features: data.features.length || undefined,
      targets: data.categorical ? undefined : data.targets.length || undefined,
    };
  }
  try {
    return staticWidths(data) ?? {};
  } catch {
    return {};
  }
}

/** The Input parameters that give an image's shape (height × width × channels). */
const IMAGE_PARAMS = ['height', 'width', 'channels'] as const;

/**
 * An Input's parameters fitted to data of `features` columns: the feature count, and for image
 * data (digits) its height, width and channels, unless `flat` (the Input feeds a Dense layer,
 * which takes vectors: applying images to a working MLP keeps it working). An image shape the
 * user set stays while it still covers the features (a CSV of image rows), and goes when it no
 * longer does.
 */
export function fitInputParams(
  params: Record<string, unknown>,
  data: DataSpec | undefined,
  features: number,
  flat = false,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...params, features };
  const shape = data && 'builtin' in data ? staticWidths(data)?.shape : undefined;
  if (shape && !flat) {
    IMAGE_PARAMS.forEach((name, i) => (next[name] = shape[i]));
  } else if (typeof next.height === 'number' && typeof next.width === 'number') {
    const channels = typeof next.channels === 'number' ? next.channels : 1;
    if (next.height * next.width * channels !== features)
      for (const name of IMAGE_PARAMS) delete next[name];
  }
  return next;
}

/** A new node's parameters: the palette's defaults, and for an Input the data's features (and image shape). */
export function newNodeParams(kind: NodeKind, data: DataSpec | undefined): Record<string, unknown> {
  const params = { ...NEW_NODE_PARAMS[kind] };
  const { features } = declaredWidths(data);
  if (kind === 'input' && features) return fitInputParams(params, data, features);
  return params;
}

interface Wired {
  nodes: readonly { id: string; data: { kind: string; params: Record<string, unknown> } }[];
  edges: readonly { source: string; target: string }[];
}

/**
 * The Dense layers that are last before a Loss (through activations only), still have the
 * default units, and do not match the data's targets: the ids to give `targets` units.
 */
export function lastDenseToFit({ nodes, edges }: Wired, data: DataSpec | undefined): string[] {
  const { targets } = declaredWidths(data);
  if (!targets) return [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inputOf = (id: string) => edges.find((e) => e.target === id)?.source;
  const fit: string[] = [];
  for (const loss of nodes.filter((n) => n.data.kind === 'loss')) {
    let id = inputOf(loss.id);
    const seen = new Set<string>();
    while (id && !seen.has(id) && byId.get(id)?.data.kind === 'activation') {
      seen.add(id);
      id = inputOf(id);
    }
    const dense = id ? byId.get(id) : undefined;
    if (
      dense?.data.kind === 'dense' &&
      dense.data.params.units === NEW_NODE_PARAMS.dense.units &&
      dense.data.params.units !== targets
    ) {
      fit.push(dense.id);
    }
  }
  return fit;
}
