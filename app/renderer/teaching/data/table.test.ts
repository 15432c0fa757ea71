import { describe, expect, it } from 'vitest';
import { setLanguage } from '#src/i18n';
import { loadDataset } from '#src/model/data';
import { rawFeatures, sortOrder, tableColumns, validationMask } from './table';

describe('the data table', () => {
  it('sorts rows by a column either way, ties and NaN kept in file order (NaN last)', () => {
    const v = [3, 1, NaN, 1, 2];
    expect(Array.from(sortOrder(5, (r) => v[r], 1))).toEqual([1, 3, 4, 0, 2]);
    expect(Array.from(sortOrder(5, (r) => v[r], -1))).toEqual([0, 4, 1, 3, 2]);
  });

  it('shows iris in centimetres with species names, validation rows marked', async () => {
    const data = await loadDataset({ builtin: 'iris', validation: 0.2, seed: 1 });
    const raw = rawFeatures(data);
    const predicted = new Float64Array(150 * 3);
    // Say the network answers versicolor for every flower, 70% sure.
    for (let r = 0; r < 150; r++) predicted.set([0.2, 0.7, 0.1], r * 3);
    const columns = tableColumns(data, raw, predicted);
    expect(columns.map((c) => c.label)).toEqual([
      '#',
      'sepal_length',
      'sepal_width',
      'petal_length',
      'petal_width',
      'true class',
      'predicted class',
    ]);
    // The file's first flower: 5.1, 3.5, 1.4, 0.2 cm, setosa.
    expect(columns.map((c) => c.text(0))).toEqual([
      '1',
      '5.1',
      '3.5',
      '1.4',
      '0.2',
      'setosa',
      'versicolor (70.0%)',
    ]);
    expect(columns[6].text(149)).toBe('versicolor (70.0%)');
    expect(columns[5].text(149)).toBe('virginica');
    const mask = validationMask(data);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(30);
    for (const r of data.validationRows!) expect(mask[r]).toBe(1);
  });

  it('has no prediction column before predictions exist; regression shows values', async () => {
    const data = await loadDataset({ builtin: 'sine', samples: 10 });
    const columns = tableColumns(data, rawFeatures(data), null);
    expect(columns.map((c) => c.label)).toEqual(['#', 'x', 'true y']);
    const withPredictions = tableColumns(data, rawFeatures(data), new Float64Array(10).fill(0.25));
    expect(withPredictions.map((c) => c.label)).toEqual(['#', 'x', 'true y', 'predicted y']);
    expect(withPredictions[3].text(4)).toBe('0.25');
  });
});

describe('the data table in Chinese', () => {
  it('heads its columns in Chinese; the data’s own names stay as they are', async () => {
    const data = await loadDataset({ builtin: 'sine', samples: 10 });
    setLanguage('zh-CN');
    try {
      const columns = tableColumns(data, rawFeatures(data), new Float64Array(10).fill(0.25));
      expect(columns.map((c) => c.label)).toEqual(['#', 'x', '真实 y', '预测 y']);
    } finally {
      setLanguage('en');
    }
  });
});
