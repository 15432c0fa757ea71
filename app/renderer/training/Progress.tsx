/**
 * Where a run is: its state, epoch of epochs, step, speed and time left, with
 * a thin bar. Reads the live buffer at display rate.
 */
import { weightsEpoch } from '#src/model/runs';
import { formatNumber, t, tKey, useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { live } from '../common/live';
import { useTraining, type TrainingState } from '../store/training';
import { useLive } from '../common/useLive';

/** Catalogue keys of the states' names. */
const STATE_LABEL: Record<Exclude<TrainingState, null>, string> = {
  idle: tKey('training.state.idle'),
  starting: tKey('training.state.starting'),
  running: tKey('training.state.running'),
  paused: tKey('training.state.paused'),
  done: tKey('training.state.done'),
  stopped: tKey('training.state.stopped'),
  diverged: tKey('training.state.diverged'),
  error: tKey('training.state.error'),
};

/** Counts in the top bar's narrow figures: no group separators (`1/1000000`; the tooltip has them). */
const COMPACT = { useGrouping: false } as const;

/** One decimal place, in the window's language (`1.5`). */
export const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 } as const;

export function formatRate(samplesPerSecond: number): string {
  if (!(samplesPerSecond > 0)) return '—';
  if (samplesPerSecond >= 1e6) return `${formatNumber(samplesPerSecond / 1e6, ONE_DECIMAL)}M`;
  if (samplesPerSecond >= 1e4) return `${formatNumber(Math.round(samplesPerSecond / 1e3))}k`;
  if (samplesPerSecond >= 1e3) return `${formatNumber(samplesPerSecond / 1e3, ONE_DECIMAL)}k`;
  return formatNumber(Math.round(samplesPerSecond));
}

/** Whole seconds for people: `12 s`, `3 min 05 s`, `1 h 02 min` (`3 分 05 秒` in Chinese). */
export function durationText(s: number): string {
  if (s < 60) return t('training.duration.seconds', { s: formatNumber(s) });
  const m = Math.floor(s / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  if (m < 60) return t('training.duration.minutes', { m: formatNumber(m), s: two(s % 60) });
  return t('training.duration.hours', { h: formatNumber(Math.floor(m / 60)), m: two(m % 60) });
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return durationText(Math.max(0, Math.round(ms / 1000)));
}

function formatLoss(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return v < 1e-3 ? v.toExponential(2) : v.toPrecision(4);
}

/** Everything the progress line shows, as one string key (re-renders only when it changes). */
function snapshot(): string {
  const h = live.header;
  if (!h) return '';
  const runEpoch = Math.max(0, h.epoch - live.runStartEpoch);
  const fraction =
    h.epochs > 0
      ? Math.min(
          1,
          (runEpoch + (h.samplesPerEpoch ? h.position / h.samplesPerEpoch : 0)) / h.epochs,
        )
      : 0;
  return JSON.stringify([
    runEpoch,
    h.epochs,
    h.step,
    formatRate(h.samplesPerSecond),
    h.state === 'running' ? formatDuration(h.etaMs) : '—',
    formatLoss(live.currentLoss()),
    fraction.toFixed(3),
    h.epoch,
  ]);
}

export function Progress() {
  const { t } = useTranslation();
  const state = useTraining((s) => s.state);
  const key = useLive(snapshot);
  const epochs = useDocument((s) => s.model.training?.epochs ?? 0);
  // After Reset weights the history stays, but the network is not trained.
  const trainedEpochs = useDocument((s) => weightsEpoch(s.model));
  const label = state
    ? t(STATE_LABEL[state])
    : trainedEpochs
      ? t('training.state.trained')
      : t('training.state.notTrained');
  const values = key ? (JSON.parse(key) as (string | number)[]) : null;
  const [runEpoch, runEpochs, step, rate, left, loss, fraction, totalEpoch] = values ?? [
    0,
    epochs,
    0,
    '—',
    '—',
    formatLoss(live.currentLoss()),
    0,
    trainedEpochs,
  ];
  return (
    <div className="bp-progress" data-state={state ?? 'none'}>
      <span className={`bp-progress__state is-${state ?? 'none'}`} data-testid="training-state">
        {label}
      </span>
      <dl className="bp-progress__facts" aria-label={t('training.progress.facts')}>
        <div
          title={t('training.progress.epochTitle', {
            total: formatNumber(Number(totalEpoch)),
            run: formatNumber(Number(runEpoch)),
            epochs: formatNumber(Number(runEpochs)),
            step: formatNumber(Number(step)),
          })}
        >
          <dt>{t('training.progress.epoch')}</dt>
          <dd data-testid="progress-epoch">
            {formatNumber(Number(runEpoch), COMPACT)}/{formatNumber(Number(runEpochs), COMPACT)}
          </dd>
        </div>
        <div className="bp-progress__step">
          <dt>{t('training.progress.step')}</dt>
          <dd data-testid="progress-step">{formatNumber(Number(step), COMPACT)}</dd>
        </div>
        <div>
          <dt>{t('training.progress.loss')}</dt>
          <dd data-testid="progress-loss">{loss}</dd>
        </div>
        <div>
          <dt>{t('training.progress.rate')}</dt>
          <dd data-testid="progress-rate">{rate}</dd>
        </div>
        <div>
          <dt>{t('training.progress.left')}</dt>
          <dd data-testid="progress-eta">{left}</dd>
        </div>
      </dl>
      <div
        className="bp-progress__bar"
        role="progressbar"
        aria-label={t('training.progress.bar')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Number(fraction) * 100)}
      >
        <span style={{ width: `${Number(fraction) * 100}%` }} />
      </div>
    </div>
  );
}
