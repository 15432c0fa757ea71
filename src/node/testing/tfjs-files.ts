/** tf.loadLayersModel over files on disk, for the TF.js export tests. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** An IOHandler reading model.json at `path`, then the weight files its manifest names beside it. */
export function fileHandler(path: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(path, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const buffers = await Promise.all(
          manifest.flatMap((g) => g.paths).map((p) => readFile(join(path, '..', p))),
        );
        const all = Buffer.concat(buffers);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
      });
    },
  };
}
