/**
 * The documents service's other formats, through the argument-checked handlers both hosts
 * dispatch to: `document:export` writes ONNX and TF.js files (on the web host only files of the
 * format, and no JSON file that is not a TF.js model), and `document:open` of an `.onnx` or
 * `model.json` imports it as a new document, not a recent file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES } from '#src/model/examples';
import { createDocumentService } from './documents';
import { createServiceHandlers } from './handlers';
import { defaultExamples, defaultModelIO } from './model-io';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-interop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const handlersFor = (modelFilesOnly: boolean) =>
  createServiceHandlers(
    createDocumentService({
      configDir: join(dir, 'config'),
      workDir: dir,
      io: defaultModelIO,
      examples: defaultExamples,
      modelFilesOnly,
    }),
  );

const spiral = () => EXAMPLES.find((e) => e.id === 'spiral')!.model();

describe('document:export and document:open of other formats', () => {
  it('exports ONNX and opens it back as an unsaved import with its data, not a recent file', async () => {
    const h = handlersFor(true);
    const path = join(dir, 'spiral.onnx');
    expect(await h['document:export']([path, spiral(), null, 'onnx'])).toEqual({ ok: true, path });
    const opened = await h['document:open']([path]);
    expect(opened).toMatchObject({ ok: true, path, imported: { hasData: true } });
    if (!opened.ok) return;
    expect(opened.model.graph.nodes.map((n) => n.id)).toEqual(
      spiral().graph.nodes.map((n) => n.id),
    );
    expect(Object.keys(opened.model.weights ?? {})).toEqual(['dense1', 'dense2', 'dense3']);
    expect(await h['recent:list']([])).toEqual([]);
  });

  it('exports TF.js as model.json and its weights beside it, and opens the model.json', async () => {
    const h = handlersFor(true);
    const path = join(dir, 'model.json');
    expect(await h['document:export']([path, spiral(), null, 'tfjs'])).toEqual({ ok: true, path });
    expect((await readFile(join(dir, 'model.weights.bin'))).length).toBeGreaterThan(0);
    expect(await h['document:open']([path])).toMatchObject({
      ok: true,
      imported: { hasData: true },
    });
  });

  it('the web host writes only files of the format, and never over a JSON file that is not a TF.js model', async () => {
    const h = handlersFor(true);
    const wrong = await h['document:export']([join(dir, 'spiral.bpmodel'), spiral(), null, 'onnx']);
    expect(wrong).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not end in .onnx'),
    });
    await writeFile(join(dir, 'package.json'), '{"name": "mine"}');
    const clobber = await h['document:export']([join(dir, 'package.json'), spiral(), null, 'tfjs']);
    expect(clobber).toMatchObject({
      ok: false,
      message: expect.stringContaining('package.json is a JSON file that is not a TF.js model'),
    });
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toBe('{"name": "mine"}');
    const unknown = await h['document:export']([join(dir, 'x.onnx'), spiral(), null, 'caffe']);
    expect(unknown).toMatchObject({ ok: false, message: '"caffe" is not an export format' });
  });

  it('a document that does not compile is not exported, and says why', async () => {
    const bad = spiral();
    bad.graph.edges = bad.graph.edges.slice(1);
    const result = await handlersFor(false)['document:export']([
      join(dir, 'bad.onnx'),
      bad,
      null,
      'onnx',
    ]);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot be exported until these are fixed'),
    });
    await expect(readFile(join(dir, 'bad.onnx'))).rejects.toThrow();
  });

  it('an .onnx that cannot be imported opens nothing and names the problem', async () => {
    await writeFile(join(dir, 'junk.onnx'), 'not a model');
    const opened = await handlersFor(true)['document:open']([join(dir, 'junk.onnx')]);
    expect(opened).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('is not an ONNX model') }],
    });
  });
});
