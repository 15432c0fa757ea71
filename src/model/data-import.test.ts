import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvRows } from './csv';
import { loadDataset } from './data';
import {
  applyOutputFix,
  badCellsFor,
  dataPathFor,
  guessChoice,
  outputFix,
  summarizeColumns,
} from './data-import';
import { newDocument } from './examples';
import { parseModel } from './parse';
import { serializeModel } from './serialize';

const CSV = `a,b,c,kind
1,2,3,cat
4,x,6,dog
7,8,,bird
-1,0.5,1e3,cat
`;

describe('column type guessing', () => {
  const columns = summarizeColumns(readCsvRows(CSV));

  it('calls mostly-number columns numbers, with their range and bad cells by line', () => {
    expect(columns.map((c) => c.type)).toEqual(['number', 'number', 'number', 'category']);
    expect(columns[0]).toMatchObject({ min: -1, max: 7, numbers: 4, badCount: 0 });
    expect(columns[1].badCells).toEqual([
      { line: 3, column: 'b', message: 'line 3, column "b": "x" is not a number' },
    ]);
    expect(columns[2]).toMatchObject({ empty: 1, max: 1000 });
    expect(columns[2].badCells[0].message).toBe('line 4, column "c": the cell is empty');
  });

  it('lists a text column’s categories in order of first appearance', () => {
    expect(columns[3]).toMatchObject({ categories: ['cat', 'dog', 'bird'], distinct: 3 });
  });

  it('calls a column with no cells empty', () => {
    const [, blank] = summarizeColumns(readCsvRows('a,b\n1,\n2,\n'));
    expect(blank.type).toBe('empty');
  });

  it('guesses the last column as target and the other number columns as features', () => {
    const choice = guessChoice(columns);
    expect(choice).toEqual({ features: ['a', 'b', 'c'], targets: ['kind'], categorical: true });
    expect(badCellsFor(columns, choice).map((b) => b.line)).toEqual([3, 4]);
    // Leaving out the columns with bad cells leaves nothing to refuse.
    expect(badCellsFor(columns, { ...choice, features: ['a'] })).toEqual([]);
  });

  it('names a text column chosen as a numeric target', () => {
    const bad = badCellsFor(columns, { features: ['a'], targets: ['kind'], categorical: false });
    expect(bad[0].message).toMatch(/column "kind" holds text .*treat it as categories/);
  });
});

describe('one-hot mapping', () => {
  it('encodes categories one-hot in order of first appearance, and inline data keeps them', async () => {
    const table = parseCsv(CSV, { features: ['a'], targets: ['kind'], categorical: true });
    expect(table.classes).toEqual(['cat', 'dog', 'bird']);
    expect(Array.from(table.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const data = await loadDataset({
      inline: {
        x: [[1], [4], [7], [-1]],
        y: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
          [1, 0, 0],
        ],
        features: ['a'],
        targets: table.targetNames,
        classes: table.classes,
      },
    });
    expect(data.task).toBe('multiclass');
    expect(data.classes).toEqual(['cat', 'dog', 'bird']);
    expect(data.featureNames).toEqual(['a']);
  });

  it('refuses inline names that do not match the rows', () => {
    const model = newDocument();
    model.data = { inline: { x: [[1]], y: [[0]], classes: ['a', 'b'] } };
    const result = parseModel(serializeModel(model));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].path).toBe('data.inline.classes');
  });
});

describe('the output width fix', () => {
  const graph = newDocument().graph;

  it('offers units, softmax and cross-entropy for three classes', () => {
    const fix = outputFix(graph, 3, 'multiclass')!;
    expect(fix).toMatchObject({
      units: 1,
      targets: 3,
      loss: 'cross_entropy',
      activation: 'softmax',
    });
    const fixed = applyOutputFix(graph, fix);
    expect(outputFix(fixed, 3, 'multiclass')).toBeNull();
    expect(fixed.nodes.find((n) => n.id === fix.denseId)!.params.units).toBe(3);
  });

  it('suggests mse for numbers and bce for two classes', () => {
    expect(outputFix(graph, 1, 'regression')!.loss).toBe('mse');
    const binary = outputFix(graph, 1, 'binary');
    if (binary) expect(binary.loss).toBe('bce');
  });

  it('offers nothing without a dense layer before the loss', () => {
    expect(outputFix({ nodes: [], edges: [] }, 3, 'multiclass')).toBeNull();
  });
});

describe('relative-path rules', () => {
  it('keeps the CSV relative to the model file, with / separators', () => {
    expect(dataPathFor('/home/u/models/m.bpmodel', '/home/u/models/data.csv')).toBe('data.csv');
    expect(dataPathFor('/home/u/models/m.bpmodel', '/home/u/data/d.csv')).toBe('../data/d.csv');
    expect(dataPathFor('/home/u/m.bpmodel', '/home/u/sub/dir/d.csv')).toBe('sub/dir/d.csv');
    expect(dataPathFor('C:\\Users\\u\\m.bpmodel', 'c:\\users\\u\\Data\\d.csv')).toBe('Data/d.csv');
  });

  it('keeps an absolute path for an unsaved document or another drive', () => {
    expect(dataPathFor(null, '/home/u/d.csv')).toBe('/home/u/d.csv');
    expect(dataPathFor('C:\\m.bpmodel', 'D:\\d.csv')).toBe('D:\\d.csv');
    expect(dataPathFor('/m/m.bpmodel', 'already/relative.csv')).toBe('already/relative.csv');
  });
});

describe('bad cells in Chinese', () => {
  it('names the line and column, and still tells blank cells from text for a categorical target', async () => {
    const { setLanguage } = await import('../i18n');
    setLanguage('zh-CN');
    try {
      const columns = summarizeColumns(readCsvRows('a,b\n1,x\n2,\n3,y\n'));
      expect(columns[0].badCells).toEqual([]);
      expect(columns[1].badCells.map((b) => b.message)).toEqual(['第 3 行，列 "b"：类别是空的']);
      expect(
        badCellsFor(columns, { features: ['a'], targets: ['b'], categorical: true }).map(
          (b) => b.line,
        ),
      ).toEqual([3]);
    } finally {
      setLanguage('en');
    }
  });
});
