import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { t } from '#src/i18n';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import type { ModelFile } from '#src/model/types';
import { BadRequestError } from './errors';
import { createRecoveryHandlers } from './handlers';
import { defaultModelIO } from './model-io';
import { createRecoveryService, UNNAMED, type RecoveryService } from './recovery';

let dir: string;
let folder: string;
let recovery: RecoveryService;
let clock: number;

function trained(): ModelFile {
  const model = exampleById('xor')!.model();
  model.weights = {
    dense2: { W: [[0.25, -1.5, 0.5, 1]], b: [0.125] },
  };
  model.history = [
    { epoch: 1, loss: 0.7 },
    { epoch: 2, loss: 0.5 },
  ];
  return model;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-recovery-'));
  folder = join(dir, 'recovery');
  clock = Date.parse('2026-12-01T02:00:00Z');
  recovery = createRecoveryService({
    configDir: dir,
    io: defaultModelIO,
    now: () => new Date((clock += 1000)),
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recovery service', () => {
  it('writes an entry atomically and reads back the document with its weights and history', async () => {
    const model = trained();
    await recovery.write(
      'tab-1',
      'doc-a',
      { name: 'xor.bpmodel', path: '/home/u/xor.bpmodel' },
      model,
    );
    // The two files of the entry and nothing else: no temporary file left behind.
    expect((await readdir(folder)).sort()).toEqual(['doc-a.bpmodel', 'doc-a.json']);
    expect(await recovery.list()).toEqual([
      {
        id: 'doc-a',
        name: 'xor.bpmodel',
        path: '/home/u/xor.bpmodel',
        savedAt: '2026-12-01T02:00:01.000Z',
      },
    ]);
    const read = await recovery.read('doc-a');
    if (!read.ok) throw new Error(read.message);
    expect(read.model.weights).toEqual(model.weights);
    expect(read.model.history).toEqual(model.history);
    expect(read.model.graph).toEqual(model.graph);
  });

  it('replaces an entry on each write and lists entries newest first', async () => {
    await recovery.write('w', 'a', { name: 'A', path: null }, trained());
    await recovery.write('w', 'b', { name: 'B', path: null }, trained());
    const renamed = { ...trained(), name: 'changed' };
    await recovery.write('w', 'a', { name: 'A2', path: null }, renamed);
    const list = await recovery.list();
    expect(list.map((e) => e.name)).toEqual(['A2', 'B']);
    const read = await recovery.read('a');
    expect(read.ok && read.model.name).toBe('changed');
  });

  it('discards an entry and leaves nothing; discarding a missing entry is no error', async () => {
    await recovery.write('w', 'saved', { name: 'S', path: '/x.bpmodel' }, trained());
    await recovery.discard('saved');
    expect(await readdir(folder)).toEqual([]);
    expect(await recovery.list()).toEqual([]);
    await expect(recovery.discard('never-written')).resolves.toBeUndefined();
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await recovery.list()).toEqual([]);
  });

  it('lists a corrupt entry with a message naming its file, refuses to restore it, and discards it', async () => {
    await recovery.write('w', 'good', { name: 'Good', path: null }, trained());
    await recovery.write('w', 'bad-model', { name: 'Bad', path: null }, trained());
    await writeFile(join(folder, 'bad-model.bpmodel'), '{ "format": "backprop-studio.model", ');
    await recovery.write('w', 'bad-meta', { name: 'Meta', path: null }, trained());
    await writeFile(join(folder, 'bad-meta.json'), '{"version": 1, "name": 3}');

    const list = await recovery.list();
    const byId = Object.fromEntries(list.map((e) => [e.id, e]));
    expect(byId.good.problem).toBeUndefined();
    expect(byId['bad-model'].problem).toContain(join(folder, 'bad-model.bpmodel'));
    expect(byId['bad-meta'].problem).toBe(
      `${join(folder, 'bad-meta.json')}: "name" is not a string`,
    );

    const read = await recovery.read('bad-model');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toContain('bad-model.bpmodel');

    await recovery.discard('bad-model');
    await recovery.discard('bad-meta');
    expect((await recovery.list()).map((e) => e.id)).toEqual(['good']);
  });

  it('offers a copy whose description was never written (killed between the two writes) by its time', async () => {
    await recovery.write('w', 'half', { name: 'Half', path: null }, trained());
    await rm(join(folder, 'half.json'));
    const [entry] = await recovery.list();
    const mtime = (await stat(join(folder, 'half.bpmodel'))).mtime.toISOString();
    expect(entry).toEqual({ id: 'half', name: t(UNNAMED), path: null, savedAt: mtime });
    expect((await recovery.read('half')).ok).toBe(true);
  });

  it('leaves out entries of owners still live (other open tabs)', async () => {
    await recovery.write('tab-open', 'a', { name: 'Open tab', path: null }, trained());
    await recovery.write('tab-gone', 'b', { name: 'Closed tab', path: null }, trained());
    const list = await recovery.list((owner) => owner === 'tab-open');
    expect(list.map((e) => e.name)).toEqual(['Closed tab']);
  });

  it('refuses entry ids that are not plain names (no paths out of the folder)', async () => {
    await expect(
      recovery.write('w', '../escape', { name: 'x', path: null }, trained()),
    ).rejects.toThrow(/recovery entry id/);
    await expect(recovery.discard('a/b')).rejects.toThrow(/recovery entry id/);
    const handlers = createRecoveryHandlers(recovery);
    await expect(handlers['recovery:read'](['..'], 'w')).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      handlers['recovery:write'](['ok', { name: 5, path: null }, trained()], 'w'),
    ).rejects.toThrow(/"document"/);
  });

  it('keeps a refused write from replacing the last good copy', async () => {
    await recovery.write('w', 'a', { name: 'A', path: null }, trained());
    const diverged = trained();
    diverged.weights!.dense2.b = [Number.NaN];
    await expect(recovery.write('w', 'a', { name: 'A', path: null }, diverged)).rejects.toThrow(
      /weights/,
    );
    const read = await recovery.read('a');
    expect(read.ok && read.model.weights?.dense2.b).toEqual([0.125]);
  });
});
