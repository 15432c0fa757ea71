import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

it('keeps its settings in BPS_CONFIG_DIR, else under XDG_CONFIG_HOME or ~/.config', () => {
  expect(defaultConfigDir({ BPS_CONFIG_DIR: '/x' })).toBe('/x');
  expect(defaultConfigDir({ XDG_CONFIG_HOME: '/c' })).toBe('/c/backprop-studio');
  expect(defaultConfigDir({})).toMatch(/\.config\/backprop-studio$/);
});
