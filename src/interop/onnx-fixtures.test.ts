/**
 * ONNX files written by PyTorch's torch.onnx.export (src/interop/fixtures, made by
 * scripts/make-onnx-fixtures.py with Debian's PyTorch) import and predict as ONNX
 * Runtime runs them, and as PyTorch computed them when it wrote them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../model/network';
import { importOnnx } from './onnx-import';
import { worstRelative } from './testing/models';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

interface Expected {
  description: string;
  input: string;
  output: string;
  ops: string[];
  inputs: number[][];
  outputs: number[][];
}

const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.onnx'))
  .map((f) => f.replace(/\.onnx$/, ''));

async function runOrt(bytes: Uint8Array, rows: number[][]): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const x = new ort.Tensor('float32', Float32Array.from(rows.flat()), [
      rows.length,
      rows[0].length,
    ]);
    const result = await session.run({ [session.inputNames[0]]: x });
    return Float64Array.from(result[session.outputNames[0]].data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('ONNX files from torch.onnx.export', () => {
  it('has the fixtures the importer is checked on (Gemm, MatMul, every activation PyTorch writes, Add, Concat)', () => {
    const ops = new Set(
      names.flatMap(
        (n) => (JSON.parse(readFileSync(join(FIXTURES, `${n}.json`), 'utf8')) as Expected).ops,
      ),
    );
    for (const op of [
      'Gemm',
      'MatMul',
      'Relu',
      'LeakyRelu',
      'Sigmoid',
      'Tanh',
      'Softmax',
      'Add',
      'Concat',
    ])
      expect(ops, op).toContain(op);
  });

  it.each(names)('%s imports and predicts as ONNX Runtime and PyTorch do', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, `${name}.onnx`)));
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Expected;
    const { model } = await importOnnx(bytes, `${name}.onnx`);
    const built = buildNetwork(model);
    if (!built.ok) throw new Error(built.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const m = expected.inputs.length;
    const ours = built.net.predict(Float64Array.from(expected.inputs.flat()), m);
    const runtime = await runOrt(bytes, expected.inputs);
    const vsRuntime = worstRelative(ours, runtime);
    const vsTorch = worstRelative(ours, expected.outputs.flat());
    console.log(
      `${name} (${expected.ops.join(', ')}): relative |Δ| vs ONNX Runtime ${vsRuntime.toExponential(2)}, vs PyTorch ${vsTorch.toExponential(2)}`,
    );
    expect(vsRuntime).toBeLessThan(1e-5);
    expect(vsTorch).toBeLessThan(1e-5);
    const inputNode = model.graph.nodes.find((n) => n.kind === 'input')!;
    expect(inputNode.params.features).toBe(expected.inputs[0].length);
  });
});
