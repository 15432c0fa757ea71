/**
 * The Fit tab: how well the network with its current weights fits the
 * training and the validation samples, updated a few times a second while it
 * trains. Classification: a confusion matrix per part with accuracy, each
 * class's recall beside its row and precision under its column. Regression: predicted against true, the residuals,
 * R² and MAE. Every picture saves as PNG and its numbers as CSV.
 */
import { useEffect, useRef, useState } from 'react';
import type { LoadedData } from '#src/model/data';
import { formatNumber, useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { css, NEGATIVE, POSITIVE } from '../colour';
import { useLiveDraw, viewNetwork } from '../source';
import { useDocumentData } from '../useDocumentData';
import { classificationCsv, fitOf, regressionCsv, type Fit } from './compute';
import type { ClassificationMetrics } from './metrics';
import { drawScatter, paintConfusion } from './plots';
import { saveCsv, savePng, slug } from './save';

/** Samples above which the fit is recomputed once a second instead of four times. */
const LARGE = 20_000;
const PLOT_W = 256;
const PLOT_H = 176;

const pct = (v: number) =>
  Number.isNaN(v)
    ? '—'
    : formatNumber(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fixed = (v: number) =>
  Number.isNaN(v) ? '—' : formatNumber(v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
/** Which part of the data, for file names (the same in every language). */
const partFile = (validation: boolean) => (validation ? 'validation' : 'training');

/** The colour scheme; a change re-renders (canvases read their colours from the stylesheet). */
function useColourScheme(): 'dark' | 'light' {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const onChange = () => setDark(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return dark ? 'dark' : 'light';
}

function useFileStem(): string {
  return slug(useDocument((s) => s.name).replace(/\.bpmodel$/, ''));
}

/** Saves the fit's rows (`csv`, made on the click) as `<document>-fit.csv`. */
function SaveCsvButton({ csv }: { csv: () => (string | number)[][] }) {
  const { t } = useTranslation();
  const stem = useFileStem();
  return (
    <button
      type="button"
      className="bp-button is-small"
      onClick={() => saveCsv(csv(), `${stem}-fit.csv`)}
    >
      {t('teaching.fit.saveCsv')}
    </button>
  );
}

function ConfusionTable({
  metrics,
  classes,
  validation,
}: {
  metrics: ClassificationMetrics;
  classes: string[];
  validation: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const stem = useFileStem();
  const max = Math.max(1, ...metrics.counts.flat());
  const part = validation ? t('teaching.fit.validation') : t('teaching.fit.training');
  const right = metrics.counts.reduce((s, r, i) => s + r[i], 0);
  return (
    <figure className="bp-fit__figure" ref={ref}>
      <figcaption>
        <span>
          <strong>{part}</strong> · {t('teaching.fit.accuracy')}{' '}
          <span data-testid={`fit-accuracy-${partFile(validation)}`}>{pct(metrics.accuracy)}</span>{' '}
          <span className="bp-muted">
            {t('teaching.fit.rightOf', { right, total: metrics.total })}
          </span>
        </span>
        <button
          type="button"
          className="bp-button is-small"
          onClick={() =>
            ref.current &&
            savePng(
              paintConfusion(
                ref.current,
                metrics,
                classes,
                t('teaching.fit.confusionTitle', { part, accuracy: pct(metrics.accuracy) }),
                {
                  corner: t('teaching.fit.corner'),
                  recall: t('teaching.fit.recall'),
                  precision: t('teaching.fit.precision'),
                },
              ),
              `${stem}-confusion-${partFile(validation)}.png`,
            )
          }
        >
          {t('teaching.fit.savePng')}
        </button>
      </figcaption>
      <table
        className="bp-confusion"
        aria-label={
          validation ? t('teaching.fit.confusionValidation') : t('teaching.fit.confusionTraining')
        }
      >
        <thead>
          <tr>
            <th scope="col" className="bp-confusion__corner">
              {t('teaching.fit.true')} ↓<br />
              {t('teaching.fit.predicted')} →
            </th>
            {classes.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            <th scope="col" className="bp-confusion__score" title={t('teaching.fit.recallTitle')}>
              {t('teaching.fit.recall')}
            </th>
          </tr>
        </thead>
        <tbody>
          {metrics.counts.map((row, i) => (
            <tr key={classes[i]}>
              <th scope="row">{classes[i]}</th>
              {row.map((n, j) => (
                <td
                  key={j}
                  className={i === j ? 'is-diagonal' : n ? 'is-miss' : undefined}
                  style={{
                    background: css(i === j ? POSITIVE : NEGATIVE, n ? 0.1 + 0.55 * (n / max) : 0),
                  }}
                  title={
                    validation
                      ? t('teaching.fit.cellValidation', {
                          count: n,
                          actual: classes[i],
                          predicted: classes[j],
                        })
                      : t('teaching.fit.cellTraining', {
                          count: n,
                          actual: classes[i],
                          predicted: classes[j],
                        })
                  }
                >
                  {n}
                </td>
              ))}
              <td className="bp-confusion__score">{pct(metrics.perClass[i].recall)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" title={t('teaching.fit.precisionTitle')}>
              {t('teaching.fit.precision')}
            </th>
            {metrics.perClass.map((c, j) => (
              <td key={j} className="bp-confusion__score">
                {pct(c.precision)}
              </td>
            ))}
            <td />
          </tr>
        </tfoot>
      </table>
    </figure>
  );
}

function ClassificationView({ fit }: { fit: Extract<Fit, { kind: 'classification' }> }) {
  const { t } = useTranslation();
  return (
    <div className="bp-fit">
      {fit.parts.map((p) => (
        <ConfusionTable
          key={String(p.validation)}
          metrics={p.metrics}
          classes={fit.classes}
          validation={p.validation}
        />
      ))}
      <div className="bp-fit__numbers">
        {fit.parts.length === 1 && <p className="bp-muted">{t('teaching.fit.noValidation')}</p>}
        <SaveCsvButton csv={() => classificationCsv(fit)} />
      </div>
    </div>
  );
}

function ScatterFigure({
  title,
  label,
  draw,
  fileName,
}: {
  title: string;
  label: string;
  draw: (canvas: HTMLCanvasElement) => void;
  fileName: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  // A theme change re-renders, and the effect redraws in the new colours.
  useColourScheme();
  useEffect(() => {
    if (ref.current) draw(ref.current);
  });
  return (
    <figure className="bp-fit__figure">
      <figcaption>
        <strong>{title}</strong>
        <button
          type="button"
          className="bp-button is-small"
          onClick={() => ref.current && savePng(ref.current, fileName)}
        >
          {t('teaching.fit.savePng')}
        </button>
      </figcaption>
      <canvas ref={ref} role="img" aria-label={label} width={PLOT_W} height={PLOT_H} />
    </figure>
  );
}

function RegressionView({
  fit,
  targets,
  target,
  setTarget,
}: {
  fit: Extract<Fit, { kind: 'regression' }>;
  targets: string[];
  target: number;
  setTarget: (i: number) => void;
}) {
  const { t } = useTranslation();
  const stem = useFileStem();
  const name = fit.target;
  return (
    <div className="bp-fit">
      <ScatterFigure
        title={t('teaching.fit.scatter.title')}
        label={t('teaching.fit.scatter.label', { name })}
        fileName={`${stem}-predicted-vs-true.png`}
        draw={(c) =>
          drawScatter(
            c,
            PLOT_W,
            PLOT_H,
            fit.parts.map((p) => ({ x: p.actual, y: p.predicted, validation: p.validation })),
            {
              x: t('teaching.fit.axis.true', { name }),
              y: t('teaching.fit.axis.predicted', { name }),
            },
            'diagonal',
          )
        }
      />
      <ScatterFigure
        title={t('teaching.fit.residuals.title')}
        label={t('teaching.fit.residuals.label', { name })}
        fileName={`${stem}-residuals.png`}
        draw={(c) =>
          drawScatter(
            c,
            PLOT_W,
            PLOT_H,
            fit.parts.map((p) => ({
              x: p.actual,
              y: p.metrics.residuals,
              validation: p.validation,
            })),
            { x: t('teaching.fit.axis.true', { name }), y: t('teaching.fit.axis.residual') },
            'zero',
          )
        }
      />
      <div className="bp-fit__numbers">
        {targets.length > 1 && (
          <label className="bp-fit__target">
            {t('teaching.fit.output')}{' '}
            <select value={target} onChange={(e) => setTarget(Number(e.target.value))}>
              {targets.map((t, i) => (
                <option key={t} value={i}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        )}
        <table className="bp-table" aria-label={t('teaching.fit.measures')}>
          <thead>
            <tr>
              <th scope="col">{t('teaching.fit.part')}</th>
              <th scope="col" className="is-num">
                {t('teaching.fit.r2')}
              </th>
              <th scope="col" className="is-num">
                {t('teaching.fit.mae')}
              </th>
              <th scope="col" className="is-num">
                {t('teaching.fit.samples')}
              </th>
            </tr>
          </thead>
          <tbody>
            {fit.parts.map((p) => {
              const part = partFile(p.validation);
              return (
                <tr key={part}>
                  <th scope="row">
                    {p.validation ? t('teaching.fit.validation') : t('teaching.fit.training')}
                  </th>
                  <td className="is-num" data-testid={`fit-r2-${part}`}>
                    {fixed(p.metrics.r2)}
                  </td>
                  <td className="is-num" data-testid={`fit-mae-${part}`}>
                    {fixed(p.metrics.mae)}
                  </td>
                  <td className="is-num">{formatNumber(p.metrics.n)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="bp-legend-row">
          <span className="bp-dot is-train is-blue" /> {t('teaching.fit.legendTraining')}
          {fit.parts.length > 1 && (
            <>
              {' '}
              <span className="bp-fit__ring" style={{ borderColor: css(NEGATIVE) }} />{' '}
              {t('teaching.fit.legendValidation')}
            </>
          )}
        </p>
        <SaveCsvButton csv={() => regressionCsv(fit)} />
      </div>
    </div>
  );
}

function FitView({ data }: { data: LoadedData }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState(0);
  const [fit, setFit] = useState<Fit | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useLiveDraw(
    () => {
      const net = viewNetwork();
      if (!net) {
        setProblem(t('teaching.fit.problems'));
        return;
      }
      if (net.graph.features !== data.all.features || net.graph.outputs !== data.all.targets) {
        setProblem(
          t('teaching.fit.mismatch', {
            features: net.graph.features,
            outputs: net.graph.outputs,
            dataFeatures: data.all.features,
            dataTargets: data.all.targets,
          }),
        );
        return;
      }
      setProblem(null);
      setFit(fitOf(net, data, target));
    },
    data.all.m > LARGE ? 1 : 4,
  );
  // A new output to judge: recompute now, not at the next frame.
  useEffect(() => {
    const net = viewNetwork();
    if (net && data.task === 'regression' && net.graph.outputs === data.all.targets)
      setFit(fitOf(net, data, target));
  }, [data, target]);

  if (problem) return <p className="bp-hint bp-plot-empty">{problem}</p>;
  if (!fit) return <p className="bp-hint bp-plot-empty">{t('teaching.fit.computing')}</p>;
  if (fit.kind === 'classification') return <ClassificationView fit={fit} />;
  return (
    <RegressionView fit={fit} targets={data.targetNames} target={target} setTarget={setTarget} />
  );
}

export function FitPanel() {
  const { t } = useTranslation();
  const loaded = useDocumentData();
  if (!loaded) return <p className="bp-hint bp-plot-empty">{t('teaching.loading')}</p>;
  if (!loaded.ok) return <p className="bp-hint bp-plot-empty">{loaded.message}</p>;
  return <FitView key={loaded.data.summary} data={loaded.data} />;
}
