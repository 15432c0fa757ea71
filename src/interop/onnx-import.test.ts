/**
 * ONNX import of graphs built by hand with onnx-proto, the way other tools write them (Gemm with
 * transB = 0, alpha and beta; MatMul + Add; Flatten; foreign standardisation; Sum): the imported
 * document predicts what ONNX Runtime computes from the same file. Unsupported graphs fail
 * naming the node, its position and its op, and nothing is imported.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../model/prepare';
import { importOnnx } from './onnx-import';
import { FLOAT, onnx } from './onnx-proto';
import { ImportError } from './types';
import { worstRelative } from './testing/models';
import { Rng } from '../engine/random';

interface Spec {
  input?: { name: string; dims: number[] }[];
  output: string;
  nodes: {
    op: string;
    name?: string;
    in: string[];
    out?: string;
    attrs?: Record<string, number>;
  }[];
  weights: Record<string, { dims: number[]; values?: number[]; packed?: boolean }>;
}

const rng = new Rng(7);

function build(spec: Spec): Uint8Array {
  const inputs = spec.input ?? [{ name: 'x', dims: [3] }];
  const initializer = Object.entries(spec.weights).map(([name, w]) => {
    const n = w.dims.reduce((a, d) => a * d, 1);
    const values = w.values ?? Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1)));
    w.values = values;
    return w.packed
      ? onnx.TensorProto.create({ name, dims: w.dims, dataType: FLOAT, floatData: values })
      : onnx.TensorProto.create({
          name,
          dims: w.dims,
          dataType: FLOAT,
          rawData: new Uint8Array(Float32Array.from(values).buffer),
        });
  });
  const node = spec.nodes.map((n, i) =>
    onnx.NodeProto.create({
      name: n.name ?? `/layer${i}/${n.op}`,
      opType: n.op,
      input: n.in,
      output: [n.out ?? `t${i}`],
      attribute: Object.entries(n.attrs ?? {}).map(([name, v]) =>
        Number.isInteger(v) && name !== 'alpha' && name !== 'beta'
          ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
          : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v },
      ),
    }),
  );
  const info = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      producerName: 'pytorch',
      graph: {
        name: 'hand-built',
        node,
        initializer,
        input: inputs.map((i) => info(i.name, ['N', ...i.dims])),
        output: [info(spec.output, ['N', 'k'])],
      },
    }),
  ).finish();
}

/** ONNX Runtime and the imported document on the same random rows. */
async function compare(bytes: Uint8Array, inputDims: number[] = [3]) {
  const { model } = await importOnnx(bytes, 'hand.onnx');
  const features = inputDims.reduce((a, d) => a * d, 1);
  const m = 9;
  const x = Float32Array.from({ length: m * features }, () => rng.uniform(-2, 2));
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({
    [session.inputNames[0]]: new ort.Tensor('float32', x, [m, ...inputDims]),
  });
  await session.release();
  const theirs = result[session.outputNames[0]].data as Float32Array;
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  const ours = prepared.net.predict(Float64Array.from(x), m);
  return { model, worst: worstRelative(ours, theirs) };
}

describe('ONNX import of hand-built graphs', () => {
  it('Gemm with transB = 0, alpha and beta, then Gemm with transB = 1 and a 1 × units C', async () => {
    const { model, worst } = await compare(
      build({
        output: 't3',
        nodes: [
          { op: 'Gemm', in: ['x', 'B1', 'C1'], attrs: { alpha: 2, beta: 0.5 } },
          { op: 'Relu', in: ['t0'] },
          { op: 'Gemm', in: ['t1', 'B2', 'C2'], attrs: { transB: 1, alpha: 0.25 } },
          { op: 'Sigmoid', in: ['t2'] },
        ],
        weights: {
          B1: { dims: [3, 4] },
          C1: { dims: [4] },
          B2: { dims: [2, 4] },
          C2: { dims: [1, 2] },
        },
      }),
    );
    expect(worst).toBeLessThan(1e-5);
    expect(model.graph.nodes.map((n) => `${n.id}:${n.kind}`)).toEqual([
      'x:input',
      'layer0:dense',
      'layer1:activation',
      'layer2:dense',
      'layer3:activation',
      'loss:loss',
    ]);
    // sigmoid output: binary cross-entropy
    expect(model.graph.nodes.at(-1)!.params).toEqual({ fn: 'bce' });
    expect(model.graph.nodes.every((n) => n.position)).toBe(true);
  });

  it('MatMul + Add (a bias), MatMul alone (no bias), packed float_data, Tanh and Softmax', async () => {
    const { model, worst } = await compare(
      build({
        output: 't4',
        nodes: [
          { op: 'MatMul', in: ['x', 'W1'] },
          { op: 'Add', in: ['t0', 'b1'] },
          { op: 'Tanh', in: ['t1'] },
          { op: 'MatMul', in: ['t2', 'W2'] },
          { op: 'Softmax', in: ['t3'], attrs: { axis: 1 } },
        ],
        weights: { W1: { dims: [3, 5], packed: true }, b1: { dims: [5] }, W2: { dims: [5, 3] } },
      }),
    );
    expect(worst).toBeLessThan(1e-5);
    const dense = model.graph.nodes.filter((n) => n.kind === 'dense');
    expect(dense.map((n) => n.params)).toEqual([{ units: 5 }, { units: 3, bias: false }]);
    expect(model.graph.nodes.at(-1)!.params).toEqual({ fn: 'cross_entropy' });
  });

  it('MatMul by a transposed weight (W kept as units × inputs, Transpose before the MatMul)', async () => {
    const { model, worst } = await compare(
      build({
        output: 't2',
        nodes: [
          { op: 'Transpose', in: ['W'] },
          { op: 'MatMul', in: ['x', 't0'] },
          { op: 'Add', in: ['t1', 'b'] },
        ],
        weights: { W: { dims: [4, 3] }, b: { dims: [4] } },
      }),
    );
    expect(worst).toBeLessThan(1e-5);
    expect(model.graph.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'loss']);
  });

  it('Flatten of a 1 × 2 × 2 input, a foreign Sub/Div standardisation folded into the Gemm', async () => {
    const { model, worst } = await compare(
      build({
        input: [{ name: 'image', dims: [1, 2, 2] }],
        output: 't3',
        nodes: [
          { op: 'Flatten', in: ['image'], attrs: { axis: 1 } },
          { op: 'Sub', in: ['t0', 'mean'] },
          { op: 'Div', in: ['t1', 'std'] },
          { op: 'Gemm', in: ['t2', 'W', 'b'], attrs: { transB: 1 } },
        ],
        weights: {
          mean: { dims: [4], values: [0.5, -1, 2, 0] },
          std: { dims: [4], values: [2, 0.5, 1, 4] },
          W: { dims: [2, 4] },
          b: { dims: [2] },
        },
      }),
      [1, 2, 2],
    );
    expect(worst).toBeLessThan(1e-5);
    expect(model.graph.nodes[0]).toMatchObject({ id: 'image', params: { features: 4 } });
  });

  it('two branches joined by Add and by Concat, LeakyRelu, Identity and a Sum of three', async () => {
    const { model, worst } = await compare(
      build({
        output: 't8',
        nodes: [
          { op: 'Gemm', in: ['x', 'W1', 'b1'], attrs: { transB: 1 } },
          { op: 'LeakyRelu', in: ['t0'], attrs: { alpha: 0.2 } },
          { op: 'Gemm', in: ['x', 'W2', 'b2'], attrs: { transB: 1 } },
          { op: 'Add', in: ['t1', 't2'] },
          { op: 'Identity', in: ['t3'] },
          { op: 'Concat', in: ['t4', 'x'], attrs: { axis: 1 } },
          { op: 'Gemm', in: ['t5', 'W3', 'b3'], attrs: { transB: 1 } },
          { op: 'Gemm', in: ['t5', 'W4'], attrs: { transB: 1 } },
          { op: 'Sum', in: ['t6', 't7', 't6'] },
        ],
        weights: {
          W1: { dims: [4, 3] },
          b1: { dims: [4] },
          W2: { dims: [4, 3] },
          b2: { dims: [4] },
          W3: { dims: [2, 7] },
          b3: { dims: [2] },
          W4: { dims: [2, 7] },
        },
      }),
    );
    expect(worst).toBeLessThan(1e-5);
    expect(model.graph.nodes.filter((n) => n.kind === 'activation').map((n) => n.params)).toEqual([
      { fn: 'leaky_relu', alpha: 0.2 },
      { fn: 'linear' },
    ]);
    expect(model.graph.nodes.filter((n) => n.kind === 'add')).toHaveLength(2);
  });
});

describe('ONNX import refusals name the node and its position', () => {
  const refuse = async (bytes: Uint8Array) => {
    const error = await importOnnx(bytes, 'bad.onnx').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).message;
  };

  it('an unsupported op', async () => {
    const message = await refuse(
      build({
        output: 't2',
        nodes: [
          { op: 'Gemm', in: ['x', 'W', 'b'], attrs: { transB: 1 } },
          { op: 'Erf', name: 'gelu_part', in: ['t0'] },
          { op: 'Relu', in: ['t1'] },
        ],
        weights: { W: { dims: [2, 3] }, b: { dims: [2] } },
      }),
    );
    expect(message).toContain('bad.onnx: node 2 of 3, "gelu_part" (Erf)');
    expect(message).toContain('the operator Erf is not supported');
  });

  it('Gemm with transA = 1', async () => {
    const message = await refuse(
      build({
        output: 't0',
        nodes: [{ op: 'Gemm', in: ['x', 'W'], attrs: { transA: 1 } }],
        weights: { W: { dims: [3, 2] } },
      }),
    );
    expect(message).toContain('node 1 of 1, "/layer0/Gemm" (Gemm)');
    expect(message).toContain('transA = 1');
  });

  it('a weight where data should be, and a weight of the wrong shape', async () => {
    expect(
      await refuse(
        build({
          output: 't0',
          nodes: [{ op: 'MatMul', in: ['x', 'x'] }],
          weights: {},
        }),
      ),
    ).toMatch(/node 1 of 1.*\(MatMul\).*must be a weight/);
    expect(
      await refuse(
        build({
          output: 't0',
          nodes: [{ op: 'Gemm', in: ['x', 'W'] }],
          weights: { W: { dims: [4, 2] } },
        }),
      ),
    ).toMatch(/node 1 of 1.*the weight is 4 × 2, but the input has 3 columns/);
  });

  it('two inputs, and bytes that are not ONNX', async () => {
    expect(
      await refuse(
        build({
          input: [
            { name: 'a', dims: [3] },
            { name: 'b', dims: [3] },
          ],
          output: 't0',
          nodes: [{ op: 'Add', in: ['a', 'b'] }],
          weights: {},
        }),
      ),
    ).toContain('2 inputs (a, b)');
    expect(await refuse(new TextEncoder().encode('{"not": "onnx"}'))).toMatch(
      /bad\.onnx is not an ONNX model/,
    );
  });
});
