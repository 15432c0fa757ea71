import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDocument } from '../model/examples';
import { MODEL_SCHEMA } from '../model/schema';
import type { ModelFile } from '../model/types';
import { loadDataset } from '../model/data';
import { readModelFile, rebaseDataPath, writeModelFile } from './model-files';
import { SCHEMA_FILE } from './update-schema';

const dir = mkdtempSync(join(tmpdir(), 'bpmodel-'));

describe('model files on disk', () => {
  it('schema/model.schema.json is up to date (npx tsx src/node/update-schema.ts)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(MODEL_SCHEMA);
  });

  it('writes atomically and reads back the same model', async () => {
    const path = join(dir, 'a.bpmodel');
    const model = newDocument();
    const written = await writeModelFile(path, model);
    expect(written).toEqual({ ok: true, path });
    expect(readdirSync(dir).filter((f) => f.startsWith('a.bpmodel'))).toEqual(['a.bpmodel']);
    const read = await readModelFile(path);
    expect(read.ok && read.model).toEqual(model);
  });

  it('refuses to write NaN and leaves the old file intact', async () => {
    const path = join(dir, 'b.bpmodel');
    await writeModelFile(path, newDocument());
    const before = readFileSync(path, 'utf8');
    const bad = newDocument();
    bad.training.learningRate = NaN;
    const result = await writeModelFile(path, bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/training.learningRate: is NaN/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a model the loader would refuse, naming the problem, and writes nothing', async () => {
    const path = join(dir, 'invalid.bpmodel');
    const bad = newDocument();
    bad.graph.edges.push({ id: 'dangling', source: bad.graph.nodes[0].id, target: 'nowhere' });
    const result = await writeModelFile(path, bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/not saved/i);
      expect(result.message).toContain('graph.edges[');
      expect(result.message).toContain('no node has the id "nowhere"');
    }
    expect(existsSync(path)).toBe(false);

    const notAModel = { hello: 'world' } as unknown as ModelFile;
    const other = await writeModelFile(path, notAModel);
    expect(!other.ok && other.message).toMatch(/format: is missing/);
    const moved = await writeModelFile(path, notAModel, { fromPath: join(dir, 'x', 'y.bpmodel') });
    expect(!moved.ok && moved.message).toMatch(/format: is missing/);
    expect(existsSync(path)).toBe(false);
  });

  it('writes through a hidden temporary file and clears stale ones of ours', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bpmodel-temp-'));
    const stale = join(folder, '.old.bpmodel.0123456789abcdef.tmp');
    writeFileSync(stale, '{"format":');
    const longAgo = new Date(Date.now() - 24 * 3600_000);
    utimesSync(stale, longAgo, longAgo);
    const seen = new Set<string>();
    const watcher = watch(folder, (_event, name) => {
      if (name) seen.add(name);
    });
    try {
      expect((await writeModelFile(join(folder, 'new.bpmodel'), newDocument())).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      watcher.close();
    }
    const temporary = [...seen].filter((n) => n !== 'new.bpmodel' && n !== basename(stale));
    expect(temporary.length).toBeGreaterThan(0);
    for (const name of temporary) expect(name).toMatch(/^\.new\.bpmodel\..+\.tmp$/);
    expect(readdirSync(folder)).toEqual(['new.bpmodel']);
  });

  it('names missing files, folders and unwritable places', async () => {
    const missing = await readModelFile(join(dir, 'nope.bpmodel'));
    expect(!missing.ok && missing.problems[0].message).toMatch(
      /cannot read .*nope.bpmodel: no such file/,
    );
    const folder = await readModelFile(dir);
    expect(!folder.ok && folder.problems[0].message).toMatch(/folder/);
    const nowhere = await writeModelFile(join(dir, 'no', 'such', 'x.bpmodel'), newDocument());
    expect(!nowhere.ok && nowhere.message).toMatch(/the folder .* does not exist/);
  });

  it('reads a CSV relative to the model file, and rebases it when saving elsewhere', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'd.csv'), 'a,y\n1,0\n2,1\n');
    const model = newDocument();
    model.data = { csv: 'data/d.csv', features: ['a'], targets: ['y'] };
    const path = join(dir, 'c.bpmodel');
    await writeModelFile(path, model);
    const read = await readModelFile(path);
    if (!read.ok) throw new Error('unreadable');
    const data = await loadDataset(read.model.data, read.readText);
    expect(data.all.m).toBe(2);
    mkdirSync(join(dir, 'out'), { recursive: true });
    const moved = join(dir, 'out', 'c.bpmodel');
    await writeModelFile(moved, read.model, { fromPath: path });
    const again = await readModelFile(moved);
    expect(again.ok && again.model.data).toMatchObject({ csv: '../data/d.csv' });
    expect(rebaseDataPath(model, dir, dir)).toBe(model);
  });
});
