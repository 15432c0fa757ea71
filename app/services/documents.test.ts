import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelFile } from '#src/model/types';
import {
  createDocumentService,
  MAX_DATA_BYTES,
  type DocumentService,
  type ModelIO,
} from './documents';
import { BadRequestError } from './errors';
import { createServiceHandlers } from './handlers';

const model = { format: 'backprop-studio.model', version: 1, name: 'm' } as unknown as ModelFile;

/** A fake reader/writer: JSON files whose `name` is "bad" have a problem. */
const io: ModelIO = {
  async read(path) {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as ModelFile;
    if (parsed.name === 'bad') {
      return {
        ok: false,
        problems: [
          { path: 'name', message: 'bad name' },
          { path: 'graph', message: 'missing' },
        ],
      };
    }
    return { ok: true, model: parsed };
  },
  async write(path, m) {
    await writeFile(path, JSON.stringify(m));
  },
};

const examples = {
  list: () => [{ id: 'xor', title: 'XOR', description: 'x' }],
  load: (id: string) => (id === 'xor' ? { ...model, name: 'XOR' } : undefined),
};

let dir: string;
let configDir: string;
let docs: DocumentService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-docs-'));
  configDir = join(dir, 'config');
  docs = createDocumentService({ configDir, workDir: dir, io, examples, maxRecent: 3 });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('documents service', () => {
  it('saves, reopens and records the file as recent, persisted in the config folder', async () => {
    const saved = await docs.save('a.bpmodel', model);
    expect(saved).toEqual({ ok: true, path: join(dir, 'a.bpmodel') });
    const opened = await docs.open(join(dir, 'a.bpmodel'));
    expect(opened).toEqual({ ok: true, path: join(dir, 'a.bpmodel'), model });
    expect(await docs.recent()).toEqual([join(dir, 'a.bpmodel')]);

    const again = createDocumentService({ configDir, workDir: dir, io, examples });
    expect(await again.recent()).toEqual([join(dir, 'a.bpmodel')]);
  });

  it('returns every problem of a bad file and does not record it', async () => {
    await writeFile(join(dir, 'bad.bpmodel'), JSON.stringify({ name: 'bad' }));
    const result = await docs.open(join(dir, 'bad.bpmodel'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['name', 'graph']);
    expect(await docs.recent()).toEqual([]);
  });

  it('turns I/O errors into a problem instead of throwing', async () => {
    const result = await docs.open(join(dir, 'missing.bpmodel'));
    expect(result).toEqual({
      ok: false,
      path: join(dir, 'missing.bpmodel'),
      problems: [{ path: '', message: 'The file or folder does not exist.' }],
    });
    const saved = await docs.save(join(dir, 'no-such-folder', 'x.bpmodel'), model);
    expect(saved.ok).toBe(false);
  });

  it('keeps the most recent first, without duplicates, up to the limit; clears', async () => {
    const seen: string[][] = [];
    docs.onRecentChanged((paths) => seen.push(paths));
    await Promise.all(['1', '2', '3', '4'].map((n) => docs.save(`${n}.bpmodel`, model)));
    await docs.save('2.bpmodel', model);
    const recent = await docs.recent();
    expect(recent).toHaveLength(3);
    expect(recent[0]).toBe(join(dir, '2.bpmodel'));
    expect(new Set(recent).size).toBe(3);
    expect(seen).toHaveLength(5);
    await docs.clearRecent();
    expect(await docs.recent()).toEqual([]);
  });

  it('survives a corrupt recent list', async () => {
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'recent.json'), '{not json');
    expect(await docs.recent()).toEqual([]);
  });

  it('lists a folder: folders first, hidden files left out, parent given', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'b.bpmodel'), '{}');
    await writeFile(join(dir, '.hidden'), '');
    const listing = await docs.listDirectory();
    expect(listing.path).toBe(dir);
    expect(listing.entries.map((e) => [e.name, e.isDirectory])).toEqual([
      ['sub', true],
      ['b.bpmodel', false],
    ]);
    expect(listing.parent).not.toBeNull();
    expect((await docs.listDirectory('/')).parent).toBeNull();
  });

  it('reads a data file relative to the model file, or to the work folder when unsaved', async () => {
    await mkdir(join(dir, 'models', 'data'), { recursive: true });
    await writeFile(join(dir, 'models', 'data', 'toy.csv'), 'x,y\n1,2\n');
    await writeFile(join(dir, 'top.csv'), 'a,b\n3,4\n');
    const model = join(dir, 'models', 'm.bpmodel');
    expect(await docs.readDataText(model, 'data/toy.csv')).toEqual({
      ok: true,
      text: 'x,y\n1,2\n',
    });
    expect(await docs.readDataText(model, '../top.csv')).toEqual({ ok: true, text: 'a,b\n3,4\n' });
    // A relative model path is relative to the work folder too.
    expect(await docs.readDataText('models/m.bpmodel', 'data/toy.csv')).toMatchObject({ ok: true });
    expect(await docs.readDataText(null, 'top.csv')).toEqual({ ok: true, text: 'a,b\n3,4\n' });
    expect(await docs.readDataText(null, join(dir, 'models', 'data', 'toy.csv'))).toMatchObject({
      ok: true,
    });
  });

  it('names the data file it cannot read: missing, a folder, too large', async () => {
    const model = join(dir, 'm.bpmodel');
    expect(await docs.readDataText(model, 'missing.csv')).toEqual({
      ok: false,
      message: `${join(dir, 'missing.csv')}: The file or folder does not exist.`,
    });
    await mkdir(join(dir, 'folder.csv'));
    expect(await docs.readDataText(model, 'folder.csv')).toEqual({
      ok: false,
      message: `${join(dir, 'folder.csv')} is a folder, not a file.`,
    });
    // A sparse file: as large as it says, without using the disk.
    await writeFile(join(dir, 'huge.csv'), '');
    await truncate(join(dir, 'huge.csv'), MAX_DATA_BYTES + 1);
    const huge = await docs.readDataText(model, 'huge.csv');
    expect(huge.ok).toBe(false);
    if (!huge.ok) {
      expect(huge.message).toContain(join(dir, 'huge.csv'));
      expect(huge.message).toContain('up to 50 MB');
    }
  });

  it('refuses a data path that is a pipe or a device at once, naming it', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(await docs.readDataText(null, fifo)).toEqual({
      ok: false,
      message: `${fifo} is a named pipe (FIFO), not a regular file.`,
    });
    expect(await docs.readDataText(null, '/dev/zero')).toEqual({
      ok: false,
      message: '/dev/zero is a device, not a regular file.',
    });
  }, 5000);

  it('lists and loads examples; an unknown one is an error that names it', () => {
    expect(docs.listExamples()).toEqual([{ id: 'xor', title: 'XOR', description: 'x' }]);
    expect(docs.loadExample('xor').name).toBe('XOR');
    expect(() => docs.loadExample('nope')).toThrow('"nope"');
  });
});

describe('service handlers', () => {
  it('check argument types before calling the service', async () => {
    const handlers = createServiceHandlers(docs);
    await expect(handlers['document:open']([42])).rejects.toBeInstanceOf(BadRequestError);
    await expect(handlers['document:save'](['x.bpmodel', 'text'])).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(handlers['fs:listDirectory']([])).resolves.toMatchObject({ path: dir });
    // A typed folder that is not there (or a file) is a bad request that names it, not a failure.
    await expect(handlers['fs:listDirectory']([join(dir, 'nowhere')])).rejects.toThrow(
      new BadRequestError(`There is no folder at ${join(dir, 'nowhere')}.`),
    );
    await writeFile(join(dir, 'plain.txt'), 'x');
    await expect(handlers['fs:listDirectory']([join(dir, 'plain.txt')])).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(handlers['examples:list']([])).resolves.toHaveLength(1);
    await expect(handlers['data:readText']([null, 42])).rejects.toBeInstanceOf(BadRequestError);
    await expect(handlers['data:readText']([7, 'a.csv'])).rejects.toBeInstanceOf(BadRequestError);
    await writeFile(join(dir, 'a.csv'), 'x\n1\n');
    await expect(handlers['data:readText']([null, 'a.csv'])).resolves.toEqual({
      ok: true,
      text: 'x\n1\n',
    });
  });
});
