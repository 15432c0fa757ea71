/**
 * ONNX export checked by ONNX Runtime (onnxruntime-node): every example and 20 random graphs
 * predict as `predict` does, within 1e-5 relative (absolute below 1). Round trips give the
 * same predictions as the document with its weights in float32 (what the file holds).
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../model/examples';
import type { ModelFile } from '../model/types';
import { onnxModel, encodeOnnx } from './onnx-export';
import { importOnnx } from './onnx-import';
import { onnx } from './onnx-proto';
import {
  flatExamples,
  float32Weights,
  inputOf,
  predictRaw,
  prepared,
  RANDOM_GRAPHS,
  randomModel,
  randomModels,
  rawRows,
  trainedNorm,
  withNodeAfter,
  worstRelative,
} from './testing/models';

async function runOrt(bytes: Uint8Array, x: Float64Array, m: number, features: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = {
      [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(x), [m, features]),
    };
    const result = await session.run(feeds);
    return Float64Array.from(result[session.outputNames[0]].data as Float32Array);
  } finally {
    await session.release();
  }
}

/** Exports, runs in ONNX Runtime on the data's raw rows, and compares with predict. */
async function checkWithOrt(model: ModelFile): Promise<{ worst: number; bytes: Uint8Array }> {
  const p = await prepared(model);
  const bytes = encodeOnnx(onnxModel(await inputOf(model)));
  const { x, m, features } = rawRows(p);
  const ours = predictRaw(p, x, m);
  const theirs = await runOrt(bytes, x, m, features);
  return { worst: worstRelative(theirs, ours), bytes };
}

async function roundTrip(model: ModelFile) {
  const p = await prepared(model);
  const exact = float32Weights(model, p);
  const bytes = encodeOnnx(onnxModel(await inputOf(exact)));
  const { model: back } = await importOnnx(bytes, 'model.onnx');
  const q = await prepared(back);
  const before = await prepared(exact);
  const { x, m } = rawRows(before);
  return { model: exact, back, before: predictRaw(before, x, m), after: predictRaw(q, x, m) };
}

describe('ONNX export', () => {
  it('writes dropout as what it is in inference, the identity: ONNX Runtime predicts as the app', async () => {
    const model = withNodeAfter(EXAMPLES[0].model(), 'dense1', 'dropout', { rate: 0.5 });
    const { worst } = await checkWithOrt(model);
    expect(worst).toBeLessThan(1e-5);
  });

  it.each(['batchnorm', 'layernorm'])(
    'writes %s (BatchNormalization; LayerNormalization at opset 17): ONNX Runtime predicts as the app',
    async (kind) => {
      const { worst } = await checkWithOrt(trainedNorm(kind, {}));
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it.each(['batchnorm', 'layernorm'])(
    '%s round trip: the same node, parameters and predictions',
    async (kind) => {
      const params = kind === 'batchnorm' ? { momentum: 0.9, epsilon: 0.01 } : { epsilon: 0.01 };
      const { model, back, before, after } = await roundTrip(trainedNorm(kind, params));
      expect(worstRelative(after, before)).toBeLessThan(1e-6);
      const node = back.graph.nodes.find((n) => n.kind === kind)!;
      expect(node.params).toEqual(model.graph.nodes.find((n) => n.id === 'norm')!.params);
    },
  );

  it.each(flatExamples().map((e) => [e.id, e] as const))(
    'the %s example runs in ONNX Runtime and predicts as the app does',
    async (_id, example) => {
      const { worst } = await checkWithOrt(example.model());
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it.each(Array.from({ length: RANDOM_GRAPHS }, (_, i) => [i]))(
    'random graph %i runs in ONNX Runtime and predicts as the app does',
    async (i) => {
      const { worst } = await checkWithOrt(randomModel(i));
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it('covers every activation and loss, with add and concat branches, across the 20 graphs', () => {
    const kinds = new Set<string>();
    for (const model of randomModels()) {
      for (const n of model.graph.nodes)
        kinds.add(
          n.kind === 'activation' || n.kind === 'loss'
            ? `${n.kind}:${String(n.params.fn)}`
            : n.kind,
        );
    }
    expect([...kinds].sort()).toEqual(
      [
        'activation:elu',
        'activation:gelu',
        'activation:leaky_relu',
        'activation:softplus',
        'activation:linear',
        'activation:relu',
        'activation:sigmoid',
        'activation:softmax',
        'activation:tanh',
        'add',
        'concat',
        'dense',
        'input',
        'loss:bce',
        'loss:cross_entropy',
        'loss:mse',
      ].sort(),
    );
  });

  it('writes opset 13, the producer, one input named after the Input node with a dynamic batch, and the document’s node names', async () => {
    const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
    const proto = onnx.ModelProto.decode(encodeOnnx(onnxModel(await inputOf(model))));
    expect(proto.opsetImport[0].version).toEqual(expect.anything());
    expect(Number(proto.opsetImport[0].version)).toBeGreaterThanOrEqual(13);
    expect(proto.producerName).toBe('backprop-studio');
    expect(proto.producerVersion).toBe('9.9.9-test');
    const graph = proto.graph as InstanceType<typeof onnx.GraphProto>;
    expect(graph.input.map((i) => i.name)).toEqual(['input']);
    const dims = graph.input[0].type!.tensorType!.shape!.dim!;
    expect(dims[0].dimParam).toBe('batch');
    expect(Number(dims[1].dimValue)).toBe(4);
    expect(graph.output).toHaveLength(1);
    const names = graph.node.map((n) => `${n.name}:${n.opType}`);
    // iris is standardised: explicit Sub/Div on the raw input, then the document's own nodes
    expect(names.slice(0, 2)).toEqual(['input/Sub:Sub', 'input/Div:Div']);
    const docNodes = model.graph.nodes
      .filter((n) => n.kind !== 'input' && n.kind !== 'loss')
      .map((n) => n.id);
    expect(graph.node.slice(2).map((n) => n.name)).toEqual(docNodes);
    expect(graph.initializer.map((i) => i.name)).toContain('dense1.W');
  });
});

describe('ONNX round trip (ours → ONNX → ours)', () => {
  const cases: [string, () => ModelFile][] = [
    ...flatExamples().map((e) => [e.id, e.model] as [string, () => ModelFile]),
    ...Array.from(
      { length: RANDOM_GRAPHS },
      (_, i) => [`random ${i}`, () => randomModel(i)] as [string, () => ModelFile],
    ),
  ];
  it.each(cases)('%s: identical predictions, nodes, weights and settings', async (_name, make) => {
    const { model, back, before, after } = await roundTrip(make());
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(back.graph.nodes.map((n) => [n.id, n.kind, n.params])).toEqual(
      model.graph.nodes.map((n) => [n.id, n.kind, n.params]),
    );
    // Positions come back where the document had them; otherwise the graph is laid out.
    back.graph.nodes.forEach((n, i) => {
      expect(n.position).toEqual(
        model.graph.nodes[i].position ?? expect.objectContaining({ x: expect.any(Number) }),
      );
    });
    expect(back.weights).toEqual(model.weights);
    expect(back.training).toEqual(model.training);
    expect(back.data).toEqual(model.data);
    expect(back.name).toBe(model.name);
  });
});
