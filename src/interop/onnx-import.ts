/**
 * ONNX multilayer perceptrons as documents: those torch.onnx.export, the Keras
 * converters and our own exporter write.
 *
 *   Gemm(A, B, C) with alpha, beta, transB   → Dense  (W = alpha·op(B)ᵀ, b = beta·C)
 *   MatMul(A, B) [+ Add(·, c)]                → Dense  (W = Bᵀ, b = c, or no bias)
 *   Relu / LeakyRelu / Sigmoid / Tanh / Softmax / Identity → Activation
 *   Add, Sum → Add;  Concat(axis 1) → Concat;  Flatten(axis 1), Dropout → passed through
 *   Transpose of a weight matrix → the weight, transposed
 *   Sub / Div / Mul / Add by constants on the graph's input (standardisation, as our exporter
 *   writes it) → folded into the Dense layers that read it
 *
 * Gemm's transA = 1 reads the batch as columns, which no layer of the app does: refused by name.
 * Any other op, a second input, or a constant where the data should flow stops the import with
 * the node's name, position and op; nothing is half-imported.
 */
import { t, tKey } from '../i18n';
import { standardizes } from '../model/data';
import type { DenseWeights } from '../model/types';
import { GraphBuilder, nodePlace } from './build';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { DOUBLE, FLOAT, onnx } from './onnx-proto';
import { readMetadata } from './metadata';
import { ImportError, METADATA_KEY, type Imported, type StudioMetadata } from './types';

type Proto = InstanceType<typeof onnx.ModelProto>;
type NodeProto = OnnxTypes.INodeProto;
type TensorProto = OnnxTypes.ITensorProto;

interface Constant {
  dims: number[];
  values: Float64Array;
}

/** A tensor flowing through the graph: a document node's output, maybe scaled (input only). */
interface Flow {
  id: string;
  width: number;
  /** x′ = scale ⊙ x + shift, for the input before a Dense folds it in. */
  affine?: { scale: Float64Array; shift: Float64Array };
  /** Set when the Dense producing it came from a MatMul, so a following Add is its bias. */
  denseWithoutBias?: boolean;
}

type Long = { toNumber(): number };
/** int64 fields decode as Long objects (protobufjs with long.js) or numbers. */
const num = (v: number | Long | null | undefined): number =>
  v == null ? 0 : typeof v === 'object' ? v.toNumber() : Number(v);

function tensorValues(tensor: TensorProto): Float64Array | null {
  const count = (tensor.dims ?? []).reduce<number>((a, d) => a * num(d), 1);
  const raw = tensor.rawData;
  if (tensor.dataType === FLOAT) {
    if (raw && raw.length) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Float64Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
    }
    return Float64Array.from(tensor.floatData ?? []).subarray(0, count);
  }
  if (tensor.dataType === DOUBLE) {
    if (raw && raw.length) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Float64Array.from({ length: raw.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
    }
    return Float64Array.from(tensor.doubleData ?? []);
  }
  return null;
}

function attributes(node: NodeProto): Map<string, OnnxTypes.IAttributeProto> {
  return new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
}

/** "fc1" from torch's "/fc1/Gemm"; our own names come back unchanged. */
function cleanName(node: NodeProto, index: number): string {
  const name = node.name ?? '';
  const trimmed = name.replace(/^\//, '').replace(new RegExp(`/${node.opType}(_\\d+)?$`), '');
  return trimmed || `${(node.opType ?? 'node').toLowerCase()}${index + 1}`;
}

function decode(bytes: Uint8Array, source: string): Proto {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) throw new Error(t('interop.onnx.noGraph'));
    return model;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(t('interop.onnx.notOnnx', { source, why }));
  }
}

function studioMetadata(model: Proto): StudioMetadata | undefined {
  const entry = model.metadataProps?.find((p) => p.key === METADATA_KEY);
  if (!entry?.value) return undefined;
  try {
    return readMetadata(JSON.parse(entry.value));
  } catch {
    return undefined;
  }
}

function names(model: Proto, key: string): string[] | undefined {
  const entry = model.metadataProps?.find((p) => p.key === key);
  try {
    const value: unknown = entry?.value ? JSON.parse(entry.value) : undefined;
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The document an ONNX model describes. `source` names the file in messages. */
export async function importOnnx(bytes: Uint8Array, source: string): Promise<Imported> {
  const model = decode(bytes, source);
  const graph = model.graph!;
  const graphNodes = graph.node ?? [];
  const constants = new Map<string, Constant>();
  for (const init of graph.initializer ?? []) {
    const values = tensorValues(init);
    if (values) constants.set(init.name ?? '', { dims: (init.dims ?? []).map(num), values });
  }

  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name ?? ''));
  if (inputs.length !== 1) {
    throw new ImportError(
      t('interop.onnx.inputCount', {
        source,
        count: inputs.length,
        names: inputs.map((i) => i.name).join(', '),
      }),
    );
  }
  const input = inputs[0];
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const featureDims = dims.slice(1).map((d) => (d.dimValue == null ? NaN : num(d.dimValue)));
  const features = featureDims.reduce((a, d) => a * d, 1);
  if (dims.length < 2 || !Number.isInteger(features) || features < 1) {
    throw new ImportError(t('interop.onnx.inputShape', { source, name: input.name ?? '' }));
  }
  if (graph.output?.length !== 1) {
    throw new ImportError(
      t('interop.onnx.outputCount', { source, count: graph.output?.length ?? 0 }),
    );
  }

  const metadata = studioMetadata(model);
  // Our own export of a document whose data is standardised: its data spec standardises again
  // on import, so the Sub/Div nodes are dropped rather than folded and the weights stay as written.
  const keepScaling = metadata !== undefined && standardizes(metadata.data);
  const builder = new GraphBuilder();
  const inputId = builder.add('input', { features }, input.name ?? 'input');
  const flows = new Map<string, Flow>([[input.name ?? '', { id: inputId, width: features }]]);
  // How many nodes read each tensor: a MatMul's Add is its bias only when nothing else reads it.
  const readers = new Map<string, number>();
  for (const node of graphNodes)
    for (const name of node.input ?? []) readers.set(name, (readers.get(name) ?? 0) + 1);

  graphNodes.forEach((node, index) => {
    const op = node.opType ?? '';
    const place = nodePlace(index, graphNodes.length, node.name ?? '', op);
    const fail = (key: string, values: Record<string, unknown> = {}): never => {
      throw new ImportError(`${source}: ${place}: ${t(key, values)}`);
    };
    const attrs = attributes(node);
    const intAttr = (name: string, fallback: number) =>
      attrs.has(name) ? num(attrs.get(name)!.i) : fallback;
    const floatAttr = (name: string, fallback: number) =>
      attrs.has(name) ? (attrs.get(name)!.f ?? 0) : fallback;
    const ins = (node.input ?? []).filter((name) => name !== '');
    const out = node.output?.[0] ?? '';
    const name = cleanName(node, index);
    const flowIn = (i: number): Flow => {
      const flow = flows.get(ins[i]);
      if (!flow)
        fail(
          constants.has(ins[i])
            ? tKey('interop.onnx.constantWhereData')
            : tKey('interop.onnx.unknownTensor'),
          { tensor: ins[i] },
        );
      return flow!;
    };
    const plain = (flow: Flow): Flow => {
      if (flow.affine && !keepScaling) fail(tKey('interop.onnx.scaledInput'));
      return flow;
    };
    const constant = (i: number): Constant => {
      const c = constants.get(ins[i]);
      if (!c) fail(tKey('interop.onnx.needsConstant'), { position: i + 1, tensor: ins[i] ?? '' });
      return c!;
    };
    /** A constant of one value or `width` values, as a vector of `width`. */
    const vector = (c: Constant, width: number): Float64Array => {
      if (c.values.length === width) return c.values;
      if (c.values.length === 1) return new Float64Array(width).fill(c.values[0]);
      return fail(tKey('interop.onnx.badVector'), { width, got: c.dims.join(' × ') || '1' });
    };
    const dense = (a: Flow, W: number[][], b: number[], bias: boolean): void => {
      // x′ = s ⊙ x + c:  W x′ + b = (W diag s) x + (W c + b)
      if (a.affine && !keepScaling) {
        const { scale, shift } = a.affine;
        b = b.map((v, u) => v + W[u].reduce((sum, w, i) => sum + w * shift[i], 0));
        W = W.map((row) => row.map((w, i) => w * scale[i]));
        bias = bias || b.some((v) => v !== 0);
      }
      const id = builder.add('dense', { units: W.length, ...(bias ? {} : { bias: false }) }, name);
      builder.connect([a.id], id);
      builder.weights[id] = { W, b };
      flows.set(out, { id, width: W.length, denseWithoutBias: !bias });
    };
    const activation = (fn: string, extra: Record<string, unknown> = {}) => {
      const a = plain(flowIn(0));
      const id = builder.add('activation', { fn, ...extra }, name);
      builder.connect([a.id], id);
      flows.set(out, { id, width: a.width });
    };
    if (node.domain && node.domain !== 'ai.onnx')
      fail(tKey('interop.onnx.unsupportedDomain'), { domain: node.domain });

    switch (op) {
      case 'Constant': {
        const value = attrs.get('value')?.t;
        const values = value ? tensorValues(value) : null;
        if (!value || !values) fail(tKey('interop.onnx.unsupportedConstant'));
        constants.set(out, { dims: (value!.dims ?? []).map(num), values: values! });
        return;
      }
      case 'Transpose': {
        // Exporters that keep W as units × inputs transpose it for a MatMul: fold that in.
        const c = constant(0);
        const perm = attrs.get('perm')?.ints?.map(num) ?? [1, 0];
        if (c.dims.length !== 2 || perm[0] !== 1 || perm[1] !== 0)
          fail(tKey('interop.onnx.transpose'));
        const [rows, cols] = c.dims;
        const values = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < cols; k++) values[k * rows + r] = c.values[r * cols + k];
        constants.set(out, { dims: [cols, rows], values });
        return;
      }
      case 'Gemm': {
        if (intAttr('transA', 0) !== 0) fail(tKey('interop.onnx.transA'));
        const a = flowIn(0);
        const B = constant(1);
        const transB = intAttr('transB', 0) !== 0;
        const alpha = floatAttr('alpha', 1);
        const beta = floatAttr('beta', 1);
        if (B.dims.length !== 2)
          fail(tKey('interop.onnx.weightRank'), { dims: B.dims.join(' × ') });
        const [rows, cols] = B.dims;
        const [inputs, units] = transB ? [cols, rows] : [rows, cols];
        if (inputs !== a.width)
          fail(tKey('interop.onnx.weightShape'), { dims: B.dims.join(' × '), width: a.width });
        const W = Array.from({ length: units }, (_, u) =>
          Array.from(
            { length: inputs },
            (_, i) => alpha * B.values[transB ? u * cols + i : i * cols + u],
          ),
        );
        const C = ins.length > 2 ? constant(2) : null;
        const b = C
          ? Array.from(vector(C, units), (v) => beta * v)
          : new Array<number>(units).fill(0);
        dense(a, W, b, C !== null);
        return;
      }
      case 'MatMul': {
        const a = flowIn(0);
        const B = constant(1);
        if (B.dims.length !== 2)
          fail(tKey('interop.onnx.weightRank'), { dims: B.dims.join(' × ') });
        const [inputs, units] = B.dims;
        if (inputs !== a.width)
          fail(tKey('interop.onnx.weightShape'), { dims: B.dims.join(' × '), width: a.width });
        const W = Array.from({ length: units }, (_, u) =>
          Array.from({ length: inputs }, (_, i) => B.values[i * units + u]),
        );
        dense(a, W, new Array<number>(units).fill(0), false);
        return;
      }
      case 'Add':
      case 'Sum': {
        const constantAt = ins.findIndex((n) => constants.has(n));
        if (op === 'Add' && constantAt >= 0 && ins.length === 2) {
          const flow = flowIn(1 - constantAt);
          const c = constants.get(ins[constantAt])!;
          const producer = builder.node(flow.id);
          if (producer?.kind === 'input') return scaleInput(flow, vector(c, flow.width), 'add');
          if (
            producer?.kind === 'dense' &&
            flow.denseWithoutBias &&
            readers.get(ins[1 - constantAt]) === 1
          ) {
            const bias = vector(c, flow.width);
            const w = builder.weights[flow.id] as unknown as DenseWeights;
            w.b = w.b.map((v, u) => v + bias[u]);
            delete producer.params.bias;
            flows.set(out, { id: flow.id, width: flow.width });
            return;
          }
          fail(tKey('interop.onnx.addConstant'));
        }
        const parts = ins.map((_, i) => plain(flowIn(i)));
        if (parts.some((p) => p.width !== parts[0].width)) {
          fail(tKey('interop.onnx.addWidths'), { widths: parts.map((p) => p.width).join(', ') });
        }
        if (parts.length === 1) {
          flows.set(out, parts[0]);
          return;
        }
        const id = builder.add('add', {}, name);
        builder.connect(
          parts.map((p) => p.id),
          id,
        );
        flows.set(out, { id, width: parts[0].width });
        return;
      }
      case 'Sub':
      case 'Div':
      case 'Mul': {
        const flow = flowIn(0);
        if (builder.node(flow.id)?.kind !== 'input' || !constants.has(ins[1]))
          fail(tKey('interop.onnx.arithmetic'));
        scaleInput(
          flow,
          vector(constant(1), flow.width),
          op === 'Sub' ? 'sub' : op === 'Div' ? 'div' : 'mul',
        );
        return;
      }
      case 'Concat': {
        const axis = intAttr('axis', 1);
        if (axis !== 1 && axis !== -1) fail(tKey('interop.onnx.concatAxis'), { axis });
        const parts = ins.map((_, i) => plain(flowIn(i)));
        const id = builder.add('concat', {}, name);
        builder.connect(
          parts.map((p) => p.id),
          id,
        );
        flows.set(out, { id, width: parts.reduce((s, p) => s + p.width, 0) });
        return;
      }
      case 'Flatten':
        if (intAttr('axis', 1) !== 1) fail(tKey('interop.onnx.flattenAxis'));
        flows.set(out, flowIn(0));
        return;
      case 'Dropout':
        flows.set(out, flowIn(0));
        return;
      case 'Identity':
        if (constants.has(ins[0])) {
          constants.set(out, constants.get(ins[0])!);
          return;
        }
        return activation('linear');
      case 'Relu':
        return activation('relu');
      case 'Sigmoid':
        return activation('sigmoid');
      case 'Tanh':
        return activation('tanh');
      case 'Elu':
        if (floatAttr('alpha', 1) !== 1)
          fail(tKey('interop.onnx.eluAlpha'), { alpha: floatAttr('alpha', 1) });
        return activation('elu');
      case 'Softplus':
        return activation('softplus');
      case 'BatchNormalization':
      case 'LayerNormalization': {
        const batch = op === 'BatchNormalization';
        const a = plain(flowIn(0));
        if (!batch && intAttr('axis', -1) !== -1 && intAttr('axis', -1) !== 1)
          fail(tKey('interop.onnx.normAxis'), { axis: intAttr('axis', -1) });
        const at = (i: number, fill: number) =>
          ins[i] ? Array.from(vector(constant(i), a.width)) : new Array<number>(a.width).fill(fill);
        // float32 attributes: keep the value the file means, not its binary tail
        const epsilon = Number(floatAttr('epsilon', batch ? 1e-5 : 1e-5).toPrecision(7));
        const momentum = Number(floatAttr('momentum', 0.9).toPrecision(7));
        const id = builder.add(
          batch ? 'batchnorm' : 'layernorm',
          batch ? { momentum, epsilon } : { epsilon },
          name,
        );
        builder.connect([a.id], id);
        builder.weights[id] = {
          gamma: at(1, 1),
          beta: at(2, 0),
          ...(batch ? { mean: at(3, 0), variance: at(4, 1) } : {}),
        };
        flows.set(out, { id, width: a.width });
        return;
      }
      case 'Gelu': {
        // Only the tanh approximation is the app's GELU; the default is the exact (erf) one.
        const approximate = attrs.has('approximate')
          ? new TextDecoder().decode(attrs.get('approximate')!.s ?? new Uint8Array())
          : 'none';
        if (approximate !== 'tanh') fail(tKey('interop.onnx.geluExact'));
        return activation('gelu');
      }
      case 'LeakyRelu': {
        const alpha = floatAttr('alpha', 0.01);
        if (!(alpha >= 0 && alpha <= 1)) fail(tKey('interop.onnx.leakyAlpha'), { alpha });
        // float32 attributes: keep the value the file means, not its binary tail
        return activation('leaky_relu', { alpha: Number(alpha.toPrecision(7)) });
      }
      case 'Softmax': {
        const axis = intAttr(
          'axis',
          model.opsetImport?.[0] && num(model.opsetImport[0].version) >= 13 ? -1 : 1,
        );
        if (axis !== 1 && axis !== -1) fail(tKey('interop.onnx.softmaxAxis'), { axis });
        return activation('softmax');
      }
      default:
        fail(tKey('interop.onnx.unsupportedOp'), { op });
    }

    function scaleInput(flow: Flow, c: Float64Array, how: 'add' | 'sub' | 'mul' | 'div'): void {
      const scale = Float64Array.from(flow.affine?.scale ?? new Float64Array(flow.width).fill(1));
      const shift = Float64Array.from(flow.affine?.shift ?? new Float64Array(flow.width));
      for (let i = 0; i < flow.width; i++) {
        if (how === 'add') shift[i] += c[i];
        else if (how === 'sub') shift[i] -= c[i];
        else {
          const k = how === 'mul' ? c[i] : 1 / c[i];
          scale[i] *= k;
          shift[i] *= k;
        }
      }
      flows.set(out, { id: flow.id, width: flow.width, affine: { scale, shift } });
    }
  });

  const outputName = graph.output[0].name ?? '';
  const result = flows.get(outputName);
  if (!result || (result.affine && !keepScaling) || result.id === inputId) {
    throw new ImportError(t('interop.onnx.outputNotComputed', { source, name: outputName }));
  }
  return builder.finish({
    source,
    output: result,
    features,
    featureNames: names(model, 'features'),
    targetNames: names(model, 'targets'),
    metadata,
  });
}
