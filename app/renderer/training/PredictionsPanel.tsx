/**
 * The article's "predicted y: 0.9993, true y: 1", as a table: every sample
 * (up to a limit) with what the network predicts and the true value,
 * validation samples (never trained on) marked.
 */
import { useEffect, useState } from 'react';
import { formatNumber, useTranslation } from '../common/i18n';
import { toModelFile, useDocument } from '../store/document';
import { live } from '../common/live';
import { computePredictions, frameWeights, MAX_ROWS, type Predictions } from './predict';
import { useTraining } from '../store/training';

/** While a run is live, predictions follow its weights this often. */
const LIVE_MS = 700;

/** Whole numbers as they are, others with four decimals (`0.9993`). */
const fmt = (v: number) =>
  Number.isInteger(v)
    ? formatNumber(v)
    : formatNumber(v, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
/** A feature in the data's units: as the data file writes it (5.1, not 5.1000 or 5.0999999). */
const fmtFeature = (v: number) =>
  formatNumber(Number(v.toPrecision(6)), { maximumFractionDigits: 20 });
/** A probability as a percentage with one decimal: `97.3%`. */
const PERCENT: Intl.NumberFormatOptions = {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
};
/** The marks of a right and a wrong class (the words beside them are for screen readers). */
const MARK = { right: '✓', wrong: '✗' };
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
      const weights = frameWeights(frame, dense);
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
  const { t } = useTranslation();
  const result = usePredictions();
  if (!result)
    return <p className="bp-hint bp-plot-empty">{t('training.predictions.computing')}</p>;
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
      return t('training.predictions.right', {
        ok: formatNumber(ok),
        total: formatNumber(rows.length),
      });
    }
    const mae =
      rows.reduce(
        (s, r) => s + r.predicted.reduce((t, v, i) => t + Math.abs(v - r.actual[i]), 0),
        0,
      ) /
      (rows.length * rows[0].actual.length);
    return t('training.predictions.meanError', { value: mae.toPrecision(3) });
  };
  const label = (v: number[]) =>
    multi
      ? (result.classes?.[argmax(v)] ?? t('training.predictions.classN', { n: argmax(v) + 1 }))
      : v.map(fmt).join(', ');
  const more = (count: number) =>
    count > MAX_ROWS
      ? t('training.predictions.more', {
          shown: formatNumber(MAX_ROWS),
          count: formatNumber(count),
        })
      : '';
  const trainSummary = summary(false);
  const valSummary = summary(true);
  return (
    <div className="bp-predictions">
      <p className="bp-predictions__summary">
        {!result.trained && <strong>{t('training.predictions.untrained')}</strong>}
        {t('training.predictions.train', {
          summary: trainSummary,
          more: more(result.trainCount),
        })}{' '}
        {valSummary ? (
          <>
            <span className="bp-tag is-validation">{t('training.predictions.validation')}</span>
            {t('training.predictions.validationLine', {
              summary: valSummary,
              more: more(result.validationCount),
            })}
          </>
        ) : (
          t('training.predictions.noValidation')
        )}
      </p>
      <div className="bp-table-wrap">
        <table className="bp-table" aria-label={t('training.predictions.table')}>
          <thead>
            <tr>
              <th scope="col">{t('training.predictions.sample')}</th>
              {showFeatures &&
                result.featureNames.map((f) => (
                  <th scope="col" key={f} className="is-num">
                    {f}
                  </th>
                ))}
              <th scope="col" className="is-num">
                {t('training.predictions.predicted', {
                  name: multi ? t('training.predictions.class') : target,
                })}
              </th>
              <th scope="col" className="is-num">
                {t('training.predictions.actual', {
                  name: multi ? t('training.predictions.class') : target,
                })}
              </th>
              {classify && (
                <th scope="col">
                  <span className="bp-visually-hidden">
                    {t('training.predictions.rightHeader')}
                  </span>
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
                      <span
                        className="bp-tag is-validation"
                        title={t('training.predictions.validationTitle')}
                      >
                        {t('training.predictions.validationRow', { n: formatNumber(r.index) })}
                      </span>
                    ) : (
                      formatNumber(r.index)
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
                      ? `${label(r.predicted)} (${formatNumber(Math.max(...r.predicted), PERCENT)})`
                      : label(r.predicted)}
                  </td>
                  <td className="is-num">{label(r.actual)}</td>
                  {classify && (
                    <td className={ok ? 'is-right' : 'is-wrong'}>
                      {ok ? MARK.right : MARK.wrong}
                      <span className="bp-visually-hidden">
                        {ok ? t('training.predictions.isRight') : t('training.predictions.isWrong')}
                      </span>
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
