/**
 * `export` and `import` through the real bin script on real files: the spiral example goes out
 * as ONNX (ONNX Runtime predicts what `predict --json` prints) and as TF.js, and comes back as a
 * .bpmodel that `check` accepts and that predicts the same. Bad input gets a message and writes
 * nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { runnerIn } from './testing/run';
import { EXAMPLES } from '../model/examples';
import { serializeModel } from '../model/serialize';
import { SYSTEM_PYTHON } from '../../scripts/torch';

const dir = mkdtempSync(join(tmpdir(), 'bpcli-interop-'));

const run = runnerIn(dir);

const rows = [
  [0.1, -0.4],
  [1.2, 0.7],
  [-0.9, 0.3],
];

async function predictJson(file: string): Promise<number[][]> {
  const r = await run('predict', file, '--input', JSON.stringify(rows), '--json');
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { predictions: number[][] }).predictions;
}

describe('backprop-studio export / import', () => {
  writeFileSync(
    join(dir, 'spiral.bpmodel'),
    serializeModel(EXAMPLES.find((e) => e.id === 'spiral')!.model()),
  );

  it('export --format onnx writes a model ONNX Runtime runs as predict does', async () => {
    // Trained weights (float32, as training keeps them), as a user would export them.
    expect((await run('train', 'spiral.bpmodel', '--epochs', '20')).code).toBe(0);
    const r = await run('export', 'spiral.bpmodel', '--format', 'onnx', '--out', 'spiral.onnx');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote spiral.onnx (ONNX (.onnx))\n');
    const session = await ort.InferenceSession.create(join(dir, 'spiral.onnx'));
    const out = await session.run({
      input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 2]),
    });
    const theirs = Array.from(out[session.outputNames[0]].data as Float32Array);
    const ours = (await predictJson('spiral.bpmodel')).flat();
    theirs.forEach((v, i) =>
      expect(Math.abs(v - ours[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(ours[i]))),
    );
  });

  it('import of the ONNX file writes a .bpmodel that check accepts and predicts the same', async () => {
    const before = (await predictJson('spiral.bpmodel')).flat();
    const r = await run('import', 'spiral.onnx', '--out', 'back.bpmodel');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('imported spiral.onnx (8 nodes)\nwrote back.bpmodel\n');
    expect((await run('check', 'back.bpmodel')).code).toBe(0);
    // Trained weights are float32 numbers already: the ONNX file holds them exactly.
    expect(await predictJson('back.bpmodel')).toEqual(await predictJson('spiral.bpmodel'));
    expect(before).toHaveLength(3);
  });

  it('export by the ending of --out (model.json: TF.js, with its weights beside it) and import it', async () => {
    const r = await run('export', 'spiral.bpmodel', '--out', 'tfjs/model.json');
    expect(r.code).toBe(1); // the folder does not exist: a message, not a crash
    expect(r.stderr).toMatch(/tfjs[\\/]model\.json/);
    const ok = await run('export', 'spiral.bpmodel', '--out', 'model.json');
    expect(ok.stdout).toBe(
      'wrote model.json, model.weights.bin (TensorFlow.js Layers (model.json))\n',
    );
    const back = await run('import', 'model.json', '--out', 'from-tfjs.bpmodel');
    expect(back.code).toBe(0);
    const before = (await predictJson('spiral.bpmodel')).flat();
    expect((await predictJson('from-tfjs.bpmodel')).flat()).toEqual(before);
  });

  it('export by the ending .py writes the PyTorch script, which predicts as predict does', async () => {
    const r = await run('export', 'spiral.bpmodel', '--out', 'spiral.py');
    expect(r.code).toBe(0);
    const script = readFileSync(join(dir, 'spiral.py'), 'utf8');
    expect(script).toMatch(/class \w+\(nn\.Module\)/);
    const torch = spawnSync(SYSTEM_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    if (torch.status !== 0) {
      console.warn(`skipping the run of the exported script: ${SYSTEM_PYTHON} cannot import torch`);
      return;
    }
    writeFileSync(join(dir, 'rows.json'), JSON.stringify(rows));
    const py = spawnSync(SYSTEM_PYTHON, ['spiral.py', '--predict', 'rows.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(py.stderr).toBe('');
    const theirs = (JSON.parse(py.stdout) as { predictions: number[][] }).predictions;
    const ours = await predictJson('spiral.bpmodel');
    theirs.flat().forEach((v, i) => expect(v).toBeCloseTo(ours.flat()[i], 6));
  });

  it('bad format, unknown ending, and a model that cannot be imported: a message, nothing written', async () => {
    const bad = await run('export', 'spiral.bpmodel', '--format', 'caffe', '--out', 'x.caffe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      '--format: "caffe" is not a format; choose one of onnx, tfjs, pytorch\n',
    );
    const unknown = await run('export', 'spiral.bpmodel', '--out', 'x.bin');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the ending of "x.bin" does not say which');
    expect(existsSync(join(dir, 'x.bin'))).toBe(false);

    writeFileSync(join(dir, 'broken.onnx'), 'this is not a protobuf at all');
    const broken = await run('import', 'broken.onnx', '--out', 'broken.bpmodel');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.onnx is not an ONNX model/);
    expect(existsSync(join(dir, 'broken.bpmodel'))).toBe(false);
  });

  it('a foreign model without data: imported with a note saying so', async () => {
    // Our ONNX file without its metadata is a foreign model to the importer.
    const { onnx } = await import('../interop/onnx-proto');
    const proto = onnx.ModelProto.decode(readFileSync(join(dir, 'spiral.onnx')));
    proto.metadataProps = [];
    writeFileSync(join(dir, 'foreign.onnx'), onnx.ModelProto.encode(proto).finish());
    const r = await run('import', 'foreign.onnx', '--out', 'foreign.bpmodel');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('the model brings no data');
    expect((await run('check', 'foreign.bpmodel')).code).toBe(0);
  });
});
