import { describe, expect, it } from 'vitest';
import { loadDataset } from '#src/model/data';
import { exampleById } from '#src/model/examples';
import { buildNetwork } from '#src/model/network';
import { classificationCsv, fitOf, regressionCsv } from './compute';

async function prepared(id: string) {
  const model = exampleById(id)!.model();
  const data = await loadDataset(model.data);
  const built = buildNetwork(model, {
    widths: { features: data.all.features, targets: data.all.targets },
  });
  if (!built.ok) throw new Error(`${id} builds`);
  return { data, net: built.net };
}

describe('the fit of a network on its data', () => {
  it('counts every training and validation sample of iris once, by species', async () => {
    const { data, net } = await prepared('iris');
    const fit = fitOf(net, data);
    if (fit.kind !== 'classification') throw new Error('iris is a classification');
    expect(fit.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(fit.parts.map((p) => [p.validation, p.metrics.total])).toEqual([
      [false, 120],
      [true, 30],
    ]);
    // Row sums: the samples of each species in that part.
    const val = fit.parts[1].metrics;
    const perSpecies = [0, 1, 2].map(
      (c) => data.validationRows!.filter((r) => data.all.y[r * 3 + c] === 1).length,
    );
    expect(val.counts.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(perSpecies);

    const rows = classificationCsv(fit);
    expect(rows[0]).toEqual([
      'part',
      'true class',
      'predicted setosa',
      'predicted versicolor',
      'predicted virginica',
    ]);
    expect(rows[4]).toEqual(['validation', 'setosa', ...val.counts[0]]);
    expect(rows).toContainEqual(['validation', 'accuracy', val.accuracy, '', 30]);
  });

  it('judges a regression on one output: true, predicted and residual per sample', async () => {
    const { data, net } = await prepared('sine');
    const fit = fitOf(net, data);
    if (fit.kind !== 'regression') throw new Error('sine is a regression');
    const p = fit.parts[0];
    expect(p.actual).toHaveLength(200);
    expect(p.predicted[7]).toBeCloseTo(net.predict(data.all.x.subarray(7, 8), 1)[0], 12);
    const rows = regressionCsv(fit);
    expect(rows[0]).toEqual(['part', 'sample', 'true y', 'predicted y', 'residual']);
    expect(rows[8]).toEqual([
      'training',
      8,
      p.actual[7],
      p.predicted[7],
      p.predicted[7] - p.actual[7],
    ]);
    expect(rows.at(-1)).toEqual(['training', p.metrics.r2, p.metrics.mae, 200]);
  });
});
