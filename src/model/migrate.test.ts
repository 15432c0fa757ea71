import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrateModel } from './migrate';
import { parseModel } from './parse';
import { prepareModel } from './prepare';
import { serializeModel } from './serialize';
import { MODEL_VERSION } from './types';

const FIXTURES = new URL('./fixtures/v1/', import.meta.url);
const LESSONS = new URL('../../lessons/models/', import.meta.url);
const read = (url: URL) => readFileSync(url, 'utf8');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.bpmodel'));
const PREDICTIONS = JSON.parse(read(new URL('predictions.json', FIXTURES))) as Record<
  string,
  { rows: number[][]; outputs: number[][] }
>;

describe('version-1 files open unchanged (migrated on load)', () => {
  it('has the fixtures it checks', () => {
    expect(fixtures.length).toBe(Object.keys(PREDICTIONS).length);
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of fixtures) {
    it(`${file}: the v1 engine's predictions, from the migrated file`, async () => {
      const text = read(new URL(file, FIXTURES));
      expect(JSON.parse(text).version).toBe(1);
      const parsed = parseModel(text);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      expect(parsed.model.version).toBe(MODEL_VERSION);
      const prepared = await prepareModel(parsed.model);
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
      const { rows, outputs } = PREDICTIONS[file.replace(/\.bpmodel$/, '')];
      const width = outputs[0].length;
      const got = prepared.net.predict(Float64Array.from(rows.flat()), rows.length);
      const shaped = rows.map((_, r) => Array.from(got.subarray(r * width, (r + 1) * width)));
      expect(shaped).toEqual(outputs);

      // Saved again, it is a version-2 file that reads back the same.
      const again = parseModel(serializeModel(parsed.model));
      if (!again.ok) throw new Error(JSON.stringify(again.problems));
      expect(again.model).toEqual(parsed.model);
      expect(serializeModel(again.model)).toMatch(/"version": 2,/);
    });
  }

  for (const file of readdirSync(LESSONS).filter((f) => f.endsWith('.bpmodel'))) {
    it(`the lesson model ${file} opens`, () => {
      const parsed = parseModel(read(new URL(file, LESSONS)));
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    });
  }

  it('drops the zeros version 1 stored as the b of a Dense node without a bias, and nothing else', () => {
    const v1 = JSON.parse(read(new URL('spiral-first-no-bias.bpmodel', FIXTURES)));
    const frozen = JSON.stringify(v1);
    const v2 = migrateModel(v1) as typeof v1;
    expect(JSON.stringify(v1)).toBe(frozen); // the value given is not changed
    expect(v2.version).toBe(2);
    expect(Object.keys(v2.weights.dense1)).toEqual(['W']);
    expect(v2.weights.dense1.W).toEqual(v1.weights.dense1.W);
    expect(v2.weights.dense2).toEqual(v1.weights.dense2);
    expect({ ...v2, version: 1, weights: v1.weights }).toEqual(v1);
  });

  it('leaves version-2 files and values that are not model files as they are', () => {
    const v2 = { version: 2, graph: { nodes: [] }, weights: { d: { W: [[1]], b: [0] } } };
    expect(migrateModel(v2)).toBe(v2);
    for (const value of [null, 3, 'x', [], { version: 1 }, { version: 1, weights: 'x' }])
      expect(() => migrateModel(value)).not.toThrow();
  });

  it("names a broken version-1 file's problems by their paths", () => {
    const v1 = JSON.parse(read(new URL('example-xor.bpmodel', FIXTURES)));
    v1.weights.dense1.W.pop();
    v1.training.learningRate = -1;
    const parsed = parseModel(JSON.stringify(v1));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path).sort()).toEqual(['training.learningRate']);
    delete v1.training.learningRate;
    v1.training.learningRate = 0.1;
    const again = parseModel(JSON.stringify(v1));
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.problems.map((p) => p.path)).toEqual(['weights.dense1.W']);
  });
});
