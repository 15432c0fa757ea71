/**
 * `npm run bench:interop`: how closely exported models predict what the app does, on each
 * example and the 20 random graphs of the interop tests (src/interop/testing/models.ts): the
 * file size of the ONNX export and the worst |theirs − ours| / max(|ours|, 1) over the data's
 * rows in ONNX Runtime and in TF.js (tf.loadLayersModel). The tests require < 1e-5. Examples
 * with image kinds (the Digits CNN) are left out: the ONNX export refuses them (channels first).
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { encodeOnnx, onnxModel } from '../src/interop/onnx-export';
import {
  flatExamples,
  inputOf,
  predictRaw,
  prepared,
  randomModels,
  rawRows,
  worstRelative,
} from '../src/interop/testing/models';
import { tfjsModel } from '../src/interop/tfjs-export';
import { ExportError } from '../src/interop/types';

async function tfjsWorst(
  input: Awaited<ReturnType<typeof inputOf>>,
  x: Float64Array,
  m: number,
  ours: Float64Array,
) {
  let model;
  try {
    model = tfjsModel(input, 'weights.bin');
  } catch (error) {
    if (error instanceof ExportError)
      return 'refused (standardised input reaches a non-Dense node)';
    throw error;
  }
  const json = model.json as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: model.weights.buffer as ArrayBuffer,
    }),
  );
  const y = loaded.predict(
    tf.tensor2d(Float32Array.from(x), [m, input.compiled.features]),
  ) as tf.Tensor;
  return worstRelative(Float64Array.from(await y.data()), ours).toExponential(2);
}

await tf.setBackend('cpu');
const models = [...flatExamples().map((e) => e.model()), ...randomModels()];
let worst = 0;
for (const model of models) {
  const p = await prepared(model);
  const input = await inputOf(model);
  const bytes = encodeOnnx(onnxModel(input));
  const { x, m, features } = rawRows(p);
  const ours = predictRaw(p, x, m);
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({
    [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(x), [m, features]),
  });
  await session.release();
  const onnxWorst = worstRelative(
    Float64Array.from(out[session.outputNames[0]].data as Float32Array),
    ours,
  );
  worst = Math.max(worst, onnxWorst);
  console.log(
    `${model.name.padEnd(28)} ONNX ${String(bytes.length).padStart(5)} B, ONNX Runtime ${onnxWorst.toExponential(2)}, TF.js ${await tfjsWorst(input, x, m, ours)}`,
  );
}
console.log(`worst over ${models.length} models in ONNX Runtime: ${worst.toExponential(2)}`);
