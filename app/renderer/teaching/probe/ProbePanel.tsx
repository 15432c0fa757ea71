/**
 * The Probe tab: type one sample, one field per feature in the data's own
 * units, and see what the network answers with its current weights — live
 * while it trains. A classifier's answer shows class names and
 * probabilities. "Show on the canvas" draws this sample's forward pass on the
 * graph (see onCanvas.ts).
 */
import { useState } from 'react';
import { removeStandardization, type LoadedData } from '#src/model/data';
import { Trans, useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { isActive, useTraining } from '../../store/training';
import { useLiveDraw, viewNetwork } from '../source';
import { useDocumentData } from '../useDocumentData';
import { hideOnCanvas, showOnCanvas } from './onCanvas';
import { useProbeCanvas } from '../../store/probe-canvas';
import { formatValue } from '../colour';
import { percent } from '../data/table';
import { parseRow, probeSample, type ProbeResult } from './probe';

/** Redraws a second at most while weights change. */
const RATE_HZ = 8;

/** A row of the data as the fields show it: its own units, as typed in a CSV. */
function sampleTexts(data: LoadedData, row: number): string[] {
  const f = data.all.features;
  const raw = removeStandardization(
    data.all.x.subarray(row * f, (row + 1) * f),
    data.standardization,
  );
  return Array.from(raw, (v) => String(Number(v.toPrecision(6))));
}

function Answer({ data, result }: { data: LoadedData; result: ProbeResult }) {
  const { t } = useTranslation();
  const out = result.output;
  if (data.task === 'multiclass') {
    const classes = data.classes ?? out.map((_, i) => t('teaching.probe.classN', { n: i + 1 }));
    const best = out.reduce((b, v, i) => (v > out[b] ? i : b), 0);
    return (
      <div className="bp-probe__answer">
        <p className="bp-probe__verdict">
          {t('teaching.probe.predictedClass')}{' '}
          <strong data-testid="probe-class">{classes[best]}</strong>
        </p>
        <ul className="bp-probe__classes" aria-label={t('teaching.probe.probabilities')}>
          {classes.map((name, i) => (
            <li key={name} className={i === best ? 'is-best' : undefined}>
              <span className="bp-probe__class-name">{name}</span>
              <span className="bp-probe__bar" aria-hidden="true">
                <span style={{ width: `${(out[i] * 100).toFixed(1)}%` }} />
              </span>
              <span className="bp-probe__pct" data-testid={`probe-p-${i}`}>
                {percent(out[i])}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (data.task === 'binary') {
    const p = out[0];
    return (
      <div className="bp-probe__answer">
        <p className="bp-probe__verdict">
          {t('teaching.probe.predicted', { name: data.targetNames[0] })}{' '}
          <strong className="bp-probe__value" data-testid="probe-output">
            {formatValue(p)}
          </strong>
        </p>
        <p className="bp-muted">
          <Trans
            i18nKey="teaching.probe.readAs"
            values={{
              cls: p >= 0.5 ? 1 : 0,
              rule: p >= 0.5 ? 'p ≥ 0.5' : 'p < 0.5',
              p: percent(p),
            }}
            components={{ strong: <strong data-testid="probe-class" /> }}
          />
        </p>
      </div>
    );
  }
  return (
    <div className="bp-probe__answer">
      {out.map((v, i) => (
        <p key={i} className="bp-probe__verdict">
          {t('teaching.probe.predicted', { name: data.targetNames[i] ?? `y${i + 1}` })}{' '}
          <strong className="bp-probe__value" data-testid={i === 0 ? 'probe-output' : undefined}>
            {formatValue(v)}
          </strong>
        </p>
      ))}
    </div>
  );
}

function ProbeView({ data }: { data: LoadedData }) {
  const { t } = useTranslation();
  const names = data.featureNames;
  const [texts, setTexts] = useState(() => sampleTexts(data, 0));
  const [row, setRow] = useState('1');
  const [, redraw] = useState(0);
  const shown = useProbeCanvas((s) => s.shown);
  const trained = useDocument((s) => s.model.weights !== undefined);
  const runState = useTraining((s) => s.state);
  // Follow the weights: frames while a run streams, checkpoints, resets.
  useLiveDraw(() => redraw((n) => n + 1), RATE_HZ);

  const parsed = parseRow(texts, names);
  const net = viewNetwork();
  const fits =
    net !== null && net.graph.features === names.length && net.graph.outputs === data.all.targets;
  const result = parsed.ok && fits ? probeSample(net, parsed.values, data.standardization) : null;
  const step = live.header?.step;
  const source =
    isActive(runState) && live.frame
      ? step !== undefined
        ? t('teaching.probe.source.liveStep', { step })
        : t('teaching.probe.source.live')
      : trained || live.frame
        ? t('teaching.probe.source.trained')
        : t('teaching.probe.source.untrained');

  function edit(i: number, text: string) {
    const next = texts.map((t, j) => (j === i ? text : t));
    setTexts(next);
    const p = parseRow(next, names);
    if (shown && p.ok) showOnCanvas(p.values, data.standardization);
  }

  function fill(text: string) {
    setRow(text);
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > data.all.m) return;
    const next = sampleTexts(data, n - 1);
    setTexts(next);
    const p = parseRow(next, names);
    if (shown && p.ok) showOnCanvas(p.values, data.standardization);
  }

  return (
    <div className="bp-probe">
      <form
        className="bp-probe__row"
        aria-label={t('teaching.probe.form')}
        onSubmit={(e) => e.preventDefault()}
      >
        {names.map((name, i) => (
          <label key={`${i}:${name}`} className="bp-probe__field">
            <span>{name}</span>
            <input
              type="text"
              inputMode="decimal"
              spellCheck={false}
              value={texts[i] ?? ''}
              aria-invalid={!parsed.ok && parseRow([texts[i] ?? ''], [name]).ok === false}
              onChange={(e) => edit(i, e.target.value)}
            />
          </label>
        ))}
        <label className="bp-probe__field is-row">
          <span>{t('teaching.probe.fill')}</span>
          <input
            type="number"
            min={1}
            max={data.all.m}
            value={row}
            onChange={(e) => fill(e.target.value)}
          />
        </label>
      </form>
      <div className="bp-probe__result" aria-live="polite">
        {!parsed.ok && <p className="bp-field__error">{parsed.message}</p>}
        {parsed.ok && !fits && (
          <p className="bp-field__error">
            {!net
              ? t('teaching.probe.problems')
              : net.graph.features !== names.length
                ? t('teaching.probe.features', { net: net.graph.features, data: names.length })
                : t('teaching.probe.outputs', { net: net.graph.outputs, data: data.all.targets })}
          </p>
        )}
        {result && <Answer data={data} result={result} />}
        {result && data.standardization && (
          <p className="bp-muted bp-probe__seen">
            {t('teaching.probe.standardised')}{' '}
            <span className="bp-probe__mono">[{result.input.map(formatValue).join(', ')}]</span>
          </p>
        )}
        <p className="bp-muted">{t('teaching.probe.with', { source })}</p>
      </div>
      <div className="bp-probe__actions">
        <button
          type="button"
          className={shown ? 'bp-button' : 'bp-button is-primary'}
          aria-pressed={shown}
          disabled={!result && !shown}
          onClick={() =>
            shown || !parsed.ok ? hideOnCanvas() : showOnCanvas(parsed.values, data.standardization)
          }
        >
          {shown ? t('teaching.probe.hide') : t('teaching.probe.show')}
        </button>
        <p className="bp-muted">{t('teaching.probe.showHint')}</p>
      </div>
    </div>
  );
}

export function ProbePanel() {
  const { t } = useTranslation();
  const loaded = useDocumentData();
  const summary = loaded?.ok ? loaded.data.summary : '';
  if (!loaded) return <p className="bp-hint bp-plot-empty">{t('teaching.loading')}</p>;
  if (!loaded.ok) return <p className="bp-hint bp-plot-empty">{loaded.message}</p>;
  // A new data set starts the fields afresh from its first sample.
  return <ProbeView key={summary + loaded.data.featureNames.join('\u0000')} data={loaded.data} />;
}
