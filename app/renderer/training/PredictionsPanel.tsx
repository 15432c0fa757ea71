/**
 * The article's "predicted y: 0.9993, true y: 1", as a table: every sample
 * (up to a limit) with what the network predicts and the true value,
 * validation samples (never trained on) marked.
 */
import { useEffect, useState } from 'react';
import { toModelFile, useDocument } from '../store/document';
import { live } from './live';
import { computePredictions, frameWeights, MAX_ROWS, type Predictions } from './predict';
import { useTraining } from './store';

/** While a run is live, predictions follow its weights this often. */
const LIVE_MS = 700;

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
/** A feature in the data's units: as the data file writes it (5.1, not 5.1000 or 5.0999999). */
const fmtFeature = (v: number) => String(Number(v.toPrecision(6)));
const argmax = (a: number[]) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

function usePredictions(): Predictions | null {
  const stateId = useDocument((s) => s.stateId);
  const weights = useDocument((s) => s.model.weights);
  const path = useDocument((s) => s.path);
  const running = useTraining((s) => s.state === 'running');
  const [result, setResult] = useState<Predictions | null>(null);

  useEffect(() => {
    let live_ = true;
    const model = toModelFile(null);
    void computePredictions(model, model.weights, path).then((r) => live_ && setResult(r));
    return () => {
      live_ = false;
    };
  }, [stateId, weights, path]);

  useEffect(() => {
    if (!running) return;
    let alive = true;
    const timer = setInterval(() => {
      const frame = live.frame;
      if (!frame) return;
      const s = useDocument.getState();
      const dense = s.nodes.filter((n) => n.data.kind === 'dense').map((n) => n.id);
      const weights = frameWeights(frame.params, frame.header.layers, dense);
      if (!weights) return;
      void computePredictions(toModelFile(null), weights, s.path).then(
        (r) => alive && r.ok && setResult(r),
        () => undefined,
      );
    }, LIVE_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [running]);

  return result;
}

export function PredictionsPanel() {
  const result = usePredictions();
  if (!result) return <p className="bp-hint bp-plot-empty">Computing predictions…</p>;
  if (!result.ok) return <p className="bp-hint bp-plot-empty">{result.message}</p>;
  const classify = result.task !== 'regression';
  const multi = result.task === 'multiclass';
  const showFeatures = result.featureNames.length <= 4;
  const target = result.targetNames.length === 1 ? result.targetNames[0] : 'y';
  const correct = (p: number[], a: number[]) =>
    multi ? argmax(p) === argmax(a) : Math.round(p[0]) === a[0];
  const summary = (validation: boolean) => {
    const rows = result.rows.filter((r) => r.validation === validation);
    if (!rows.length) return null;
    if (classify) {
      const ok = rows.filter((r) => correct(r.predicted, r.actual)).length;
      return `${ok} of ${rows.length} right`;
    }
    const mae =
      rows.reduce(
        (s, r) => s + r.predicted.reduce((t, v, i) => t + Math.abs(v - r.actual[i]), 0),
        0,
      ) /
      (rows.length * rows[0].actual.length);
    return `mean |error| ${mae.toPrecision(3)}`;
  };
  const label = (v: number[]) =>
    multi ? (result.classes?.[argmax(v)] ?? `class ${argmax(v) + 1}`) : v.map(fmt).join(', ');
  const trainSummary = summary(false);
  const valSummary = summary(true);
  return (
    <div className="bp-predictions">
      <p className="bp-predictions__summary">
        {!result.trained && <strong>Untrained weights (from the seed). </strong>}
        Training samples: {trainSummary}
        {result.trainCount > MAX_ROWS && ` (first ${MAX_ROWS} of ${result.trainCount})`}.{' '}
        {valSummary ? (
          <>
            <span className="bp-tag is-validation">validation</span> samples, never trained on:{' '}
            {valSummary}
            {result.validationCount > MAX_ROWS &&
              ` (first ${MAX_ROWS} of ${result.validationCount})`}
            .
          </>
        ) : (
          'No validation samples: set a validation share in Settings to hold some out.'
        )}
      </p>
      <div className="bp-table-wrap">
        <table className="bp-table" aria-label="Predictions">
          <thead>
            <tr>
              <th scope="col">Sample</th>
              {showFeatures &&
                result.featureNames.map((f) => (
                  <th scope="col" key={f} className="is-num">
                    {f}
                  </th>
                ))}
              <th scope="col" className="is-num">
                predicted {multi ? 'class' : target}
              </th>
              <th scope="col" className="is-num">
                true {multi ? 'class' : target}
              </th>
              {classify && (
                <th scope="col">
                  <span className="bp-visually-hidden">Right?</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => {
              const ok = classify ? correct(r.predicted, r.actual) : null;
              return (
                <tr
                  key={`${r.validation ? 'v' : 't'}${r.index}`}
                  className={r.validation ? 'is-validation' : undefined}
                  data-validation={r.validation ? 'true' : undefined}
                >
                  <th scope="row">
                    {r.validation ? (
                      <span className="bp-tag is-validation" title="Validation: never trained on">
                        val {r.index}
                      </span>
                    ) : (
                      r.index
                    )}
                  </th>
                  {showFeatures &&
                    r.features.map((v, i) => (
                      <td key={i} className="is-num">
                        {fmtFeature(v)}
                      </td>
                    ))}
                  <td className="is-num">
                    {multi
                      ? `${label(r.predicted)} (${(Math.max(...r.predicted) * 100).toFixed(1)}%)`
                      : label(r.predicted)}
                  </td>
                  <td className="is-num">{label(r.actual)}</td>
                  {classify && (
                    <td className={ok ? 'is-right' : 'is-wrong'}>
                      {ok ? '✓' : '✗'}
                      <span className="bp-visually-hidden">{ok ? ' right' : ' wrong'}</span>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
