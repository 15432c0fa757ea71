/**
 * Where a run is: its state, epoch of epochs, step, speed and time left, with
 * a thin bar. Reads the live buffer at display rate.
 */
import { weightsEpoch } from '../../../src/model/runs';
import { useDocument } from '../store/document';
import { live } from './live';
import { useTraining, type TrainingState } from './store';
import { useLive } from './useLive';

const STATE_LABEL: Record<Exclude<TrainingState, null>, string> = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  done: 'Done',
  stopped: 'Stopped',
  diverged: 'Diverged',
  error: 'Error',
};

export function formatRate(samplesPerSecond: number): string {
  if (!(samplesPerSecond > 0)) return '—';
  if (samplesPerSecond >= 1e6) return `${(samplesPerSecond / 1e6).toFixed(1)}M`;
  if (samplesPerSecond >= 1e4) return `${Math.round(samplesPerSecond / 1e3)}k`;
  if (samplesPerSecond >= 1e3) return `${(samplesPerSecond / 1e3).toFixed(1)}k`;
  return String(Math.round(samplesPerSecond));
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
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
  const state = useTraining((s) => s.state);
  const key = useLive(snapshot);
  const epochs = useDocument((s) => s.model.training?.epochs ?? 0);
  // After Reset weights the history stays, but the network is not trained.
  const trainedEpochs = useDocument((s) => weightsEpoch(s.model));
  const label = state ? STATE_LABEL[state] : trainedEpochs ? 'Trained' : 'Not trained';
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
      <dl className="bp-progress__facts" aria-label="Training progress">
        <div
          title={`Epoch ${totalEpoch} in all (this run: ${runEpoch} of ${runEpochs}), step ${step}`}
        >
          <dt>Epoch</dt>
          <dd data-testid="progress-epoch">
            {runEpoch}/{runEpochs}
          </dd>
        </div>
        <div className="bp-progress__step">
          <dt>Step</dt>
          <dd data-testid="progress-step">{step}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="progress-loss">{loss}</dd>
        </div>
        <div>
          <dt>Samples/s</dt>
          <dd data-testid="progress-rate">{rate}</dd>
        </div>
        <div>
          <dt>Left</dt>
          <dd data-testid="progress-eta">{left}</dd>
        </div>
      </dl>
      <div
        className="bp-progress__bar"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Number(fraction) * 100)}
      >
        <span style={{ width: `${Number(fraction) * 100}%` }} />
      </div>
    </div>
  );
}
