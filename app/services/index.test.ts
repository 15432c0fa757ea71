import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createServices, defaultConfigDir, type Services } from '.';

let dir: string;
let services: Services;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-services-'));
  services = createServices({ configDir: join(dir, 'config'), workDir: dir });
});

afterEach(async () => {
  await services.dispose();
  await rm(dir, { recursive: true, force: true });
});

it('saves an example with the real model-file code and reopens the same model', async () => {
  const ids = (await services.handlers['examples:list']([])).map((e) => e.id);
  expect(ids).toContain('xor');
  const model = await services.handlers['examples:load'](['xor']);
  const saved = await services.handlers['document:save'](['xor.bpmodel', model]);
  expect(saved).toEqual({ ok: true, path: join(dir, 'xor.bpmodel') });
  const opened = await services.handlers['document:open']([join(dir, 'xor.bpmodel')]);
  expect(opened).toEqual({ ok: true, path: join(dir, 'xor.bpmodel'), model });
  expect(await services.handlers['recent:list']([])).toEqual([join(dir, 'xor.bpmodel')]);
});

it('reports every problem of a broken file, and refuses to save a model that is not valid', async () => {
  const xor = await services.handlers['examples:load'](['xor']);
  const broken = { ...xor, name: 5, training: { ...xor.training, epochs: -3 } };
  await writeFile(join(dir, 'broken.bpmodel'), JSON.stringify(broken));
  const opened = await services.handlers['document:open'](['broken.bpmodel']);
  expect(opened.ok).toBe(false);
  if (!opened.ok) expect(opened.problems.length).toBeGreaterThan(1);

  const model = await services.handlers['examples:load'](['xor']);
  const bad = { ...model, training: { ...model.training, learningRate: Number.NaN } };
  const saved = await services.handlers['document:save'](['bad.bpmodel', bad]);
  expect(saved.ok).toBe(false);
});

it('refuses, naming the problem, a model sent to document:save that would not open', async () => {
  const model = await services.handlers['examples:load'](['xor']);
  const dangling = {
    ...model,
    graph: {
      ...model.graph,
      edges: [...model.graph.edges, { id: 'e9', source: 'x', target: 'ghost' }],
    },
  };
  const saved = await services.handlers['document:save'](['dangling.bpmodel', dangling]);
  expect(saved.ok).toBe(false);
  if (!saved.ok) expect(saved.message).toMatch(/Not saved: .*no node has the id "ghost"/);
  const junk = await services.handlers['document:save'](['junk.bpmodel', { any: 'json' }]);
  expect(!junk.ok && junk.message).toMatch(/format: is missing/);
  expect(await readdir(dir)).toEqual([]);
});

it('on the web host, writes only .bpmodel files and never overwrites anything else', async () => {
  const web = createServices({
    configDir: join(dir, 'config'),
    workDir: dir,
    modelFilesOnly: true,
  });
  try {
    const model = await web.handlers['examples:load'](['xor']);
    await writeFile(join(dir, 'notes.txt'), 'my notes');
    for (const path of ['notes.txt', 'model.json', 'model', join(dir, 'model.bpmodel.bak')]) {
      const saved = await web.handlers['document:save']([path, model]);
      expect(saved.ok, path).toBe(false);
      if (!saved.ok) expect(saved.message).toMatch(/only \.bpmodel files/i);
    }
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('my notes');
    expect((await readdir(dir)).sort()).toEqual(['notes.txt']);
    const saved = await web.handlers['document:save'](['Model.BPMODEL', model]);
    expect(saved).toEqual({ ok: true, path: join(dir, 'Model.BPMODEL') });
  } finally {
    await web.dispose();
  }
  // The desktop's save dialog lets the user name the file.
  const model = await services.handlers['examples:load'](['xor']);
  expect((await services.handlers['document:save'](['plain.json', model])).ok).toBe(true);
});

it('lists a folder without save temporaries, and deletes stale ones a killed save left', async () => {
  const stale = join(dir, '.m.bpmodel.0123456789abcdef.tmp');
  await writeFile(stale, '{"format": "backprop-');
  const longAgo = new Date(Date.now() - 3600_000);
  await utimes(stale, longAgo, longAgo);
  const young = join(dir, '.m.bpmodel.fedcba9876543210.tmp');
  await writeFile(young, '{"format": "backprop-');
  const listing = await services.handlers['fs:listDirectory']([dir]);
  expect(listing.entries.map((e) => e.name)).toEqual([]);
  expect((await readdir(dir)).sort()).toEqual(['.m.bpmodel.fedcba9876543210.tmp']);
});

it('keeps its settings in BPS_CONFIG_DIR, else under XDG_CONFIG_HOME or ~/.config', () => {
  expect(defaultConfigDir({ BPS_CONFIG_DIR: '/x' })).toBe('/x');
  expect(defaultConfigDir({ XDG_CONFIG_HOME: '/c' })).toBe('/c/backprop-studio');
  expect(defaultConfigDir({})).toMatch(/\.config\/backprop-studio$/);
});
