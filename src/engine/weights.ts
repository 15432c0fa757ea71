/**
 * Parameters in general: `{ [nodeId]: { [name]: tensor } }`, each tensor a
 * nested list of numbers in its declared shape (a dense layer's W is
 * units × inputs, its b has units values; a convolution's W is
 * kh × kw × in × filters). The model file, frames, checkpoints, the store and
 * step mode all use this form; `weightsFit` is the one check that a record
 * fits a compiled graph.
 */
import { t } from '../i18n';
import type { CompiledGraph, CompiledNode } from './compile';
import type { Graph, GraphNode, NodeKind } from './graph';
import { OPS, type ParamDecl, type Shape, sizeOf } from './ops';
import { isNodeKind, kindLabel, withDefaults } from './registry';
import { idTable } from './table';

/** A nested list of numbers: a vector, a matrix, or deeper. */
export type Tensor = number[] | Tensor[];

export type WeightsRecord = Record<string, Record<string, Tensor>>;

/** A dense layer's weights as the teaching views read them: b is zeros when the layer has none. */
export interface DenseWeights {
  W: number[][];
  b: number[];
}

/** A dense layer's W and b from a general record (b zeros when absent), or undefined. */
export function denseWeights(w: Record<string, Tensor> | undefined): DenseWeights | undefined {
  const W = w?.W as number[][] | undefined;
  if (!W || !Array.isArray(W[0])) return undefined;
  return { W, b: (w!.b as number[] | undefined) ?? new Array<number>(W.length).fill(0) };
}

/** The tensors each node of a compiled graph keeps, by node id. */
export function parameterDecls(graph: CompiledGraph): Record<string, ParamDecl[]> {
  const dims = new Map(graph.nodes.map((n) => [n.id, n.shape]));
  const out = idTable<ParamDecl[]>();
  for (const node of graph.nodes) {
    const decls = declsOf(node, (id) => dims.get(id)!);
    if (decls.length > 0) out[node.id] = decls;
  }
  return out;
}

/** One node's tensors, given the shapes of its sources. */
export function declsOf(node: CompiledNode, shapeOf: (id: string) => Shape): ParamDecl[] {
  return (
    OPS[node.kind].parameters?.(
      node,
      node.inputs.map((i) => shapeOf(i.source)),
    ) ?? []
  );
}

/**
 * A node's tensors from the shapes a (possibly failed) compile found for it and its
 * sources (`sources` in slot order), before any CompiledNode exists: its parameters
 * must be valid (the compiler found its shape).
 */
export function declsFromShapes(
  node: GraphNode & { kind: NodeKind },
  sources: readonly string[],
  dims: Record<string, Shape>,
): ParamDecl[] {
  const shape = dims[node.id];
  const compiled: CompiledNode = {
    id: node.id,
    kind: node.kind,
    params: withDefaults(node.kind, node.params),
    inputs: sources.map((source) => ({ edgeId: '', source })),
    outputs: [],
    width: sizeOf(shape),
    shape,
  };
  return declsOf(compiled, (id) => dims[id]);
}

/** A flat array in row-major order as a nested list of the given shape. */
export function toNested(flat: ArrayLike<number>, shape: readonly number[], offset = 0): Tensor {
  if (shape.length === 1) return Array.from({ length: shape[0] }, (_, i) => flat[offset + i]);
  const inner = sizeOf(shape.slice(1));
  return Array.from({ length: shape[0] }, (_, i) =>
    toNested(flat, shape.slice(1), offset + i * inner),
  ) as Tensor;
}

/** The shape of a nested list, or null when its lists are ragged or hold something other than numbers. */
export function shapeOfTensor(tensor: unknown): number[] | null {
  if (!Array.isArray(tensor)) return null;
  if (tensor.length === 0 || !Array.isArray(tensor[0])) {
    return tensor.every((v) => typeof v === 'number') ? [tensor.length] : null;
  }
  const inner = shapeOfTensor(tensor[0]);
  if (!inner) return null;
  for (const row of tensor) {
    const s = shapeOfTensor(row);
    if (!s || s.length !== inner.length || s.some((v, i) => v !== inner[i])) return null;
  }
  return [tensor.length, ...inner];
}

/** Copies a nested list (already checked by `weightsFit`) into `out` in row-major order. */
export function flattenInto(tensor: Tensor, out: { [i: number]: number }, offset = 0): number {
  for (const v of tensor) {
    if (typeof v === 'number') out[offset++] = v;
    else offset = flattenInto(v, out, offset);
  }
  return offset;
}

const dimsText = (shape: readonly number[]): string => shape.join(' × ');

/**
 * Whether a weights record fits a compiled graph: every node it names exists
 * and keeps tensors, every tensor it names is one the node keeps, in its
 * shape. Tensors it leaves out are initialised. Each problem has a path in
 * the record (`[nodeId]` or `[nodeId, name]`) and a sentence.
 */
export function weightsFit(
  graph: CompiledGraph,
  weights: Record<string, Record<string, unknown>>,
): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const decls = parameterDecls(graph);
  for (const [id, tensors] of Object.entries(weights)) {
    const own = Object.prototype.hasOwnProperty.call(decls, id) ? decls[id] : undefined;
    if (!own) {
      problems.push({ path: [id], message: t('problems.weights.noNode', { id }) });
      continue;
    }
    for (const [name, tensor] of Object.entries(tensors ?? {})) {
      const decl = own.find((d) => d.name === name);
      if (!decl) {
        const node = graph.nodes.find((n) => n.id === id)!;
        problems.push({
          path: [id, name],
          message: t('problems.weights.noParam', {
            node: t('problems.graph.named', { kind: kindLabel(node.kind), id }),
            name,
            names: own.map((d) => d.name).join(', '),
          }),
        });
        continue;
      }
      const shape = shapeOfTensor(tensor);
      const fits =
        shape !== null &&
        shape.length === decl.shape.length &&
        shape.every((v, i) => v === decl.shape[i]);
      if (!fits) {
        problems.push({
          path: [id, name],
          message: t(
            decl.axes ? 'problems.weights.tensorShapeAxes' : 'problems.weights.tensorShape',
            {
              expected: dimsText(decl.shape),
              axes: decl.axes ? t(decl.axes) : '',
              got: shape ? dimsText(shape) : t('problems.weights.ragged'),
            },
          ),
        });
      }
    }
  }
  return problems;
}

/**
 * The tensors of `weights` that still fit `graph` after an edit, by the
 * shapes a (possibly failed) compile found: a layer whose units or inputs
 * changed loses its weights, the others keep theirs.
 */
export function fittingWeights(
  weights: WeightsRecord,
  graph: Graph,
  dims: Record<string, Shape>,
): WeightsRecord {
  const out: WeightsRecord = idTable();
  const has = (id: string): boolean => Object.prototype.hasOwnProperty.call(dims, id);
  for (const [id, tensors] of Object.entries(weights)) {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node || !isNodeKind(node.kind) || !has(id)) continue;
    const sources = graph.edges.filter((e) => e.target === id).map((e) => e.source);
    if (!sources.every(has)) continue;
    const kept: Record<string, Tensor> = {};
    for (const decl of declsFromShapes(node as GraphNode & { kind: NodeKind }, sources, dims)) {
      const tensor = tensors[decl.name];
      const shape = tensor === undefined ? null : shapeOfTensor(tensor);
      if (shape && shape.length === decl.shape.length && shape.every((v, i) => v === decl.shape[i]))
        kept[decl.name] = tensor;
    }
    if (Object.keys(kept).length > 0) out[id] = kept;
  }
  return out;
}
