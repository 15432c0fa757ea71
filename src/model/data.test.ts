import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError, parseCsv, parseCsvInputs } from './csv';
import { loadDataset, removeStandardization, staticWidths } from './data';
import { BUILTIN_DATASETS, generateBuiltin } from './datasets';
import { DIGITS_CSV } from './data/digits';
import { IRIS_CSV } from './data/iris';
import type { BuiltinDataset } from './types';

const ids = Object.keys(BUILTIN_DATASETS) as BuiltinDataset[];

/** The digits' validation rows with seed 1 and 20 %: the first eight and the sum of all 359. */
const DIGITS_VALIDATION_HEAD = [1, 5, 9, 15, 26, 29, 33, 43];
const DIGITS_VALIDATION_SUM = 339553;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataError) return error.problems;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('built-in data sets', () => {
  it.each(ids)('%s: shapes, finite values, targets that fit the task, seeded', (id) => {
    const info = BUILTIN_DATASETS[id];
    const t = generateBuiltin(id, { samples: 120, noise: 0.1, seed: 3 });
    const m = info.generated ? 120 : info.defaultSamples;
    expect(t.m).toBe(m);
    expect(t.features).toBe(info.features);
    expect(t.targets).toBe(info.targets);
    expect(t.x.length).toBe(m * info.features);
    expect(t.y.length).toBe(m * info.targets);
    expect(t.x.every(Number.isFinite) && t.y.every(Number.isFinite)).toBe(true);
    if (info.task === 'binary') {
      expect(t.y.every((v) => v === 0 || v === 1)).toBe(true);
      const ones = t.y.reduce((s, v) => s + v, 0);
      expect(ones).toBeGreaterThan(m * 0.25);
      expect(ones).toBeLessThan(m * 0.75);
    }
    if (info.task === 'multiclass') {
      const k = info.targets;
      for (let r = 0; r < m; r++)
        expect(t.y.subarray(r * k, r * k + k).reduce((s, v) => s + v, 0)).toBe(1);
    }
    const again = generateBuiltin(id, { samples: 120, noise: 0.1, seed: 3 });
    expect(again.x).toEqual(t.x);
    if (info.generated) {
      const other = generateBuiltin(id, { samples: 120, noise: 0.1, seed: 4 });
      expect(other.x).not.toEqual(t.x);
    }
  });

  it('article: the target is the first feature; the others are 0/1 noise', () => {
    const t = generateBuiltin('article', { samples: 200, seed: 9 });
    for (let r = 0; r < t.m; r++) {
      expect(t.y[r]).toBe(t.x[r * 3]);
      for (let j = 0; j < 3; j++) expect([0, 1]).toContain(t.x[r * 3 + j]);
    }
  });

  it('xor, circle and sine follow their rule', () => {
    const xor = generateBuiltin('xor', { samples: 100 });
    for (let r = 0; r < xor.m; r++)
      expect(xor.y[r]).toBe(xor.x[2 * r] * xor.x[2 * r + 1] < 0 ? 1 : 0);
    const circle = generateBuiltin('circle', { samples: 100 });
    for (let r = 0; r < circle.m; r++) {
      expect(circle.y[r]).toBe(Math.hypot(circle.x[2 * r], circle.x[2 * r + 1]) < 0.5 ? 1 : 0);
    }
    const sine = generateBuiltin('sine', { samples: 50 });
    for (let r = 0; r < sine.m; r++) expect(sine.y[r]).toBeCloseTo(Math.sin(sine.x[r]), 12);
  });

  it('iris: the shipped CSV, 50 flowers per species, the well-known means', () => {
    const file = readFileSync(new URL('./data/iris.csv', import.meta.url), 'utf8');
    expect(IRIS_CSV).toBe(file);
    const t = generateBuiltin('iris');
    expect(t.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const counts = [0, 1, 2].map((k) =>
      Array.from({ length: t.m }, (_, r) => t.y[r * 3 + k]).reduce((s, v) => s + v, 0),
    );
    expect(counts).toEqual([50, 50, 50]);
    const means = [0, 1, 2, 3].map(
      (j) => Array.from({ length: t.m }, (_, r) => t.x[r * 4 + j]).reduce((s, v) => s + v, 0) / t.m,
    );
    expect(means[0]).toBeCloseTo(5.843, 3);
    expect(means[1]).toBeCloseTo(3.057, 3);
    expect(means[2]).toBeCloseTo(3.758, 3);
    expect(means[3]).toBeCloseTo(1.199, 3);
  });

  it('digits: the shipped CSV, 1,797 images, the UCI class counts, pixels ÷ 16 in 0..1', () => {
    const file = readFileSync(new URL('./data/digits.csv', import.meta.url), 'utf8');
    expect(DIGITS_CSV).toBe(file);
    const t = generateBuiltin('digits');
    expect([t.m, t.features, t.targets]).toEqual([1797, 64, 10]);
    expect(t.featureNames.slice(0, 3)).toEqual(['r0c0', 'r0c1', 'r0c2']);
    expect(t.featureNames[63]).toBe('r7c7');
    // Column k is digit k (categories come in order of first appearance; the file starts 0…9).
    expect(t.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const counts = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: t.m }, (_, r) => t.y[r * 10 + k]).reduce((s, v) => s + v, 0),
    );
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    // Every pixel is a count 0..16 divided by 16; both ends occur.
    expect(t.x.every((v) => v >= 0 && v <= 1 && Number.isInteger(v * 16))).toBe(true);
    expect(Math.min(...t.x)).toBe(0);
    expect(Math.max(...t.x)).toBe(1);
    // The first image (a 0), its top row as the file has it: 0,0,5,13,9,1,0,0.
    expect(Array.from(t.x.subarray(0, 8), (v) => v * 16)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(Array.from(t.y.subarray(0, 10))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The mean pixel of the whole set (sklearn: load_digits().data.mean() = 4.88416…).
    expect(t.x.reduce((s, v) => s + v, 0) / t.x.length).toBeCloseTo(4.884164579855314 / 16, 10);
  });

  it('digits: an 8 × 8 × 1 image, known without loading; not standardised', async () => {
    const info = BUILTIN_DATASETS.digits;
    expect(info.shape).toEqual([8, 8, 1]);
    expect(info.shape!.reduce((a, b) => a * b, 1)).toBe(info.features);
    expect(staticWidths({ builtin: 'digits' })).toEqual({
      features: 64,
      targets: 10,
      shape: [8, 8, 1],
    });
    expect(staticWidths({ builtin: 'iris' })).toEqual({ features: 4, targets: 3 });
    const d = await loadDataset({ builtin: 'digits', validation: 0.2, seed: 1 });
    expect(d.standardization).toBeUndefined();
    expect(d.all.x).toEqual(generateBuiltin('digits').x);
  });

  it('digits: a fixed validation split (seed 1, 20 %) that holds every class', async () => {
    const d = await loadDataset({ builtin: 'digits', validation: 0.2, seed: 1 });
    expect(d.train.m).toBe(1438);
    expect(d.validation?.m).toBe(359);
    const rows = Array.from(d.validationRows!);
    // The same rows on every machine and every run (a change here changes every digits result).
    expect(rows.slice(0, 8)).toEqual(DIGITS_VALIDATION_HEAD);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(DIGITS_VALIDATION_SUM);
    const again = await loadDataset({ builtin: 'digits', validation: 0.2, seed: 1 });
    expect(Array.from(again.validationRows!)).toEqual(rows);
    const counts = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: d.validation!.m }, (_, r) => d.validation!.y[r * 10 + k]).reduce(
        (s, v) => s + v,
        0,
      ),
    );
    // A random 20 % of about 180 per class: each class has 20 or more.
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(20);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(359);
  });

  it('loadDataset splits off a validation share and standardises iris on the training part', async () => {
    const d = await loadDataset({ builtin: 'iris', validation: 0.2, seed: 5 });
    expect(d.train.m).toBe(120);
    expect(d.validation?.m).toBe(30);
    expect(d.all.m).toBe(150);
    const s = d.standardization!;
    expect(s.mean[0]).toBeGreaterThan(5.5);
    // Training features are now mean 0, standard deviation 1.
    for (let j = 0; j < 4; j++) {
      const col = Array.from({ length: d.train.m }, (_, r) => d.train.x[r * 4 + j]);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 10);
      expect(sd).toBeCloseTo(1, 10);
    }
    const other = await loadDataset({ builtin: 'iris', validation: 0.2, seed: 6 });
    expect(other.train.x).not.toEqual(d.train.x);
  });

  it('removeStandardization gives back the features in centimetres, for display', async () => {
    const d = await loadDataset({ builtin: 'iris', validation: 0.2, seed: 5 });
    // The table's first flower: 5.1, 3.5, 1.4, 0.2 cm.
    const first = removeStandardization(d.all.x.subarray(0, 4), d.standardization);
    expect(Array.from(first).map((v) => Number(v.toFixed(10)))).toEqual([5.1, 3.5, 1.4, 0.2]);
    // Whole rows at once, validation rows included: each row back to the file's.
    const raw = generateBuiltin('iris', {}).x;
    const back = removeStandardization(d.all.x, d.standardization);
    for (let i = 0; i < raw.length; i++) expect(back[i]).toBeCloseTo(raw[i], 10);
    // By hand: mean 2, std 4 → a standardised 0.5 is 2 + 0.5 × 4 = 4.
    expect(Array.from(removeStandardization([0.5, -1], { mean: [2, 10], std: [4, 3] }))).toEqual([
      4, 7,
    ]);
    // Not standardised: the same numbers, in a copy.
    const x = [1, 2];
    const copy = removeStandardization(x, undefined);
    expect(Array.from(copy)).toEqual([1, 2]);
    copy[0] = 9;
    expect(x[0]).toBe(1);
  });

  it('loadDataset names the validation rows in file order', async () => {
    const d = await loadDataset({ builtin: 'iris', validation: 0.2, seed: 5 });
    const rows = Array.from(d.validationRows!);
    expect(rows).toHaveLength(30);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Validation sample i is file row rows[i].
    for (const [i, r] of rows.entries()) {
      expect(Array.from(d.validation!.x.subarray(i * 4, i * 4 + 4))).toEqual(
        Array.from(d.all.x.subarray(r * 4, r * 4 + 4)),
      );
    }
    expect((await loadDataset({ builtin: 'iris' })).validationRows).toBeNull();
  });
});

describe('CSV import', () => {
  const opts = { features: ['a', 'b'], targets: ['y'] };

  it('reads numbers, quotes, blank lines and CRLF', () => {
    const text = 'a,"b",y\r\n1,2,0\r\n\r\n"3.5", 4e-1 ,1\r\n   \r\n-5,.5,1\r\n';
    const t = parseCsv(text, opts);
    expect(t.m).toBe(3);
    expect(Array.from(t.x)).toEqual([1, 2, 3.5, 0.4, -5, 0.5]);
    expect(Array.from(t.y)).toEqual([0, 1, 1]);
  });

  it('names the line and column of an empty cell, a missing cell and text', () => {
    const text = 'a,b,y\n1,2,0\n\n3,,1\n4,5\n6,seven,1\n';
    const problems = problemsOf(() => parseCsv(text, opts));
    expect(problems).toEqual([
      'line 4, column "b": the cell is empty',
      'line 5, column "y": the cell is missing (the row has 2 cells, the header 3)',
      'line 6, column "b": "seven" is not a number',
    ]);
  });

  it('counts lines inside quoted cells that span lines', () => {
    const text = 'a,b,y,note\n1,2,0,"two\nlines"\n3,x,1,ok\n';
    expect(problemsOf(() => parseCsv(text, opts))).toEqual([
      'line 4, column "b": "x" is not a number',
    ]);
  });

  it('refuses hex, Infinity and other non-decimal numbers', () => {
    const problems = problemsOf(() => parseCsv('a,b,y\n0x10,Infinity,1\n', opts));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"0x10" is not a number/);
  });

  it('names a column that is not in the header', () => {
    expect(problemsOf(() => parseCsv('a,c,y\n1,2,3\n', opts))).toEqual([
      'column "b" is not in the header (its columns: a, c, y)',
    ]);
  });

  it('turns categorical targets into one-hot columns, in order of appearance', () => {
    const t = parseCsv('a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,bird\n', {
      features: ['a', 'b'],
      targets: ['kind'],
      categorical: true,
    });
    expect(t.classes).toEqual(['cat', 'dog', 'bird']);
    expect(t.targetNames).toEqual(['kind=cat', 'kind=dog', 'kind=bird']);
    expect(Array.from(t.y)).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('suggests "categorical" when a numeric target holds words', () => {
    const problems = problemsOf(() => parseCsv('a,b,y\n1,2,yes\n', opts));
    expect(problems[0]).toMatch(
      /line 2, column "y": "yes" is not a number \(set "categorical": true/,
    );
  });

  it('handles a single column, an empty file, a header only, and duplicate names', () => {
    const single = parseCsvInputs('x\n1\n2\n3\n', ['x']);
    expect(Array.from(single.x)).toEqual([1, 2, 3]);
    expect(problemsOf(() => parseCsv('', opts))[0]).toMatch(/empty/);
    expect(problemsOf(() => parseCsv('a,b,y\n', opts))[0]).toMatch(/no data rows/);
    expect(problemsOf(() => parseCsv('a,a,y\n1,2,3\n', opts))[0]).toMatch(/names column "a" twice/);
  });

  it('reads prediction inputs without a header', () => {
    const t = parseCsvInputs('1,0,0\n0,1,1\n', ['x1', 'x2', 'x3']);
    expect(t.m).toBe(2);
    expect(Array.from(t.x)).toEqual([1, 0, 0, 0, 1, 1]);
    expect(problemsOf(() => parseCsvInputs('1,0\n', ['x1', 'x2', 'x3']))[0]).toMatch(
      /2 columns.*3 features/,
    );
  });

  it('refuses a categorical column with too many categories before allocating the one-hot table', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i},c${i}`);
    const problems = problemsOf(() =>
      parseCsv(`x,y\n${rows.join('\n')}\n`, {
        features: ['x'],
        targets: ['y'],
        categorical: true,
      }),
    );
    expect(problems).toEqual([
      'column "y" has 100,000 categories: its one-hot table would hold 100,000 rows × 100,000 categories = 10,000,000,000 values; the limit is 50,000,000 (is it really a column of categories?)',
    ]);
  });

  it('keeps messages short when the header has a million columns', () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`);
    const text = `${header.join(',')}\n${header.map(() => '0').join(',')}\n`;
    const missing = Array.from({ length: 50 }, (_, i) => `missing${i}`);
    const problems = problemsOf(() => parseCsv(text, { features: missing, targets: ['c0'] }));
    expect(problems[0]).toBe(
      'column "missing0" is not in the header (its columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, … and 999,980 more)',
    );
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('… and 30 more problems');
    expect(problems.join('\n').length).toBeLessThan(10_000);
  });

  it('loadDataset reads CSV through readText and standardises on request', async () => {
    const files: Record<string, string> = { 'd.csv': 'a,b,y\n1,10,0\n2,20,1\n3,30,0\n4,40,1\n' };
    const d = await loadDataset({ csv: 'd.csv', ...opts, standardize: true }, (p) => files[p]);
    expect(d.task).toBe('binary');
    expect(d.standardization!.mean).toEqual([2.5, 25]);
    expect(d.all.x[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 12);
    await expect(loadDataset({ csv: 'd.csv', ...opts })).rejects.toThrow(/cannot read/);
    await expect(loadDataset({ csv: 'e.csv', ...opts }, () => 'a,b,y\n1,,0\n')).rejects.toThrow(
      /e.csv: line 2, column "b": the cell is empty/,
    );
  });
});
