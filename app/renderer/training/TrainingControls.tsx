/**
 * Train, Pause/Resume, Step, Stop and Reset weights, at the right of the top
 * bar. Each dispatches its registered action; enabled states follow the
 * session's state (which changes a few times per run, not per step).
 */
import type { ReactNode } from 'react';
import { dispatch, getAction, keyLabel } from '../actions/registry';
import { tKey, useTranslation } from '../common/i18n';
import { FULL_SPEED, PACES, paceLabel, paceTitle, usePace } from './pace';
import { Progress } from './Progress';
import { useTraining } from '../store/training';

const fill = { fill: 'currentColor', stroke: 'none' };
const line = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;
const PLAY = <path d="M7 4.5v15l12.5-7.5z" {...fill} />;

/** Each button's command, with the catalogue key of its name and its icon (24 × 24). */
const CONTROLS = {
  'training.train': [tKey('training.controls.train'), PLAY],
  'training.resume': [tKey('training.controls.resume'), PLAY],
  'training.pause': [
    tKey('training.controls.pause'),
    <path d="M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z" {...fill} />,
  ],
  'training.step': [
    tKey('training.controls.step'),
    <path d="M5 4.5v15l10-7.5zM16.5 4.5h3v15h-3z" {...fill} />,
  ],
  'training.stop': [
    tKey('training.controls.stop'),
    <rect x="5.5" y="5.5" width="13" height="13" rx="1.5" {...fill} />,
  ],
  'training.resetWeights': [
    tKey('training.controls.resetWeights'),
    <path d="M4 12a8 8 0 1 0 2.6-5.9M4 4v4.5h4.5" {...line} />,
  ],
} satisfies Record<string, [string, ReactNode]>;

function Control({
  command,
  text,
  primary,
}: {
  command: keyof typeof CONTROLS;
  text?: boolean;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const [key, icon] = CONTROLS[command];
  const label = t(key);
  const action = getAction(command);
  // Subscribing to the session state re-renders on each change; the action decides.
  useTraining((s) => s.state);
  const enabled = !action?.enabled || action.enabled();
  const keys = action ? keyLabel(action) : undefined;
  return (
    <button
      type="button"
      className={`bp-train-btn${primary ? ' is-primary' : ''}${text ? ' has-text' : ''}`}
      aria-label={text ? undefined : label}
      title={keys ? `${label} (${keys})` : label}
      disabled={!enabled}
      onClick={() => void dispatch(command)}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
        {icon}
      </svg>
      {text && <span>{label}</span>}
    </button>
  );
}

/** The speed: a list of paces and the Full speed switch beside it. */
function PaceControl() {
  const { t } = useTranslation();
  const pace = usePace();
  return (
    <div className="bp-pace">
      <select
        aria-label={t('training.controls.speed')}
        title={t('training.controls.speedTitle')}
        value={String(pace)}
        onChange={(e) => void dispatch('training.pace', e.target.value)}
      >
        {PACES.map((p) => (
          <option key={p} value={String(p)} title={paceTitle(p)}>
            {paceLabel(p)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={`bp-train-btn has-text bp-pace__full${pace === FULL_SPEED ? ' is-on' : ''}`}
        aria-pressed={pace === FULL_SPEED}
        title={t('training.controls.fullSpeedTitle')}
        onClick={() => void dispatch('training.fullSpeed')}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.5 5.5v13l8-6.5zM12 5.5v13l8.5-6.5z" {...fill} />
        </svg>
        <span>{t('training.controls.fullSpeed')}</span>
      </button>
    </div>
  );
}

export function TrainingControls() {
  const { t } = useTranslation();
  const paused = useTraining((s) => s.state === 'paused');
  return (
    <>
      <Progress />
      <div className="bp-train-controls" role="toolbar" aria-label={t('training.controls.toolbar')}>
        <Control command="training.train" text primary />
        <Control command={paused ? 'training.resume' : 'training.pause'} />
        <Control command="training.step" />
        <Control command="training.stop" />
        <Control command="training.resetWeights" />
        <PaceControl />
      </div>
    </>
  );
}
