/**
 * Step mode's drawer over the bottom of the canvas: one step of one update at
 * a time (title, formula with this batch's numbers, a sentence), Previous /
 * Play / Next and the ← → keys, a neuron and sample picker for layers too
 * large to show whole, and the gradient check.
 */
import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import { getViewportForBounds } from '@xyflow/react';
import { DIGITS, formatNumber } from '#src/teaching/format';
import { valueText, type Step, type StepPhase } from '#src/teaching/steps';
import { getActionContext } from '../../actions/registry';
import { Trans, tKey, useTranslation } from '../../common/i18n';
import { useUi } from '../../store/ui';
import { Formula } from './Formula';
import { CloseButton } from '../../common/CloseButton';
import {
  GRADCHECK_TOLERANCE,
  checkGradients,
  closeStepMode,
  goToStep,
  nextStep,
  previousStep,
  setFocus,
  setPlaying,
  useStepMode,
} from '../../store/step-mode';

/** Auto-advance interval of Play. */
export const PLAY_INTERVAL_MS = 1200;

const PHASES: { phase: StepPhase; label: string }[] = [
  { phase: 'forward', label: tKey('steps.panel.phase.forward') },
  { phase: 'loss', label: tKey('steps.panel.phase.loss') },
  { phase: 'backward', label: tKey('steps.panel.phase.backward') },
  { phase: 'update', label: tKey('steps.panel.phase.update') },
];

function ignoresArrows(target: EventTarget | null) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      !!target.closest('input, textarea, select, .react-flow__node, .react-flow__edge'))
  );
}

export function StepPanel() {
  const open = useStepMode((s) => s.open);
  return open ? <StepPanelBody /> : null;
}

function StepPanelBody() {
  const { t } = useTranslation();
  const status = useStepMode((s) => s.status);
  const message = useStepMode((s) => s.message);
  const steps = useStepMode((s) => s.steps);
  const index = useStepMode((s) => s.index);
  const playing = useStepMode((s) => s.playing);
  const check = useStepMode((s) => s.check);
  const description = useStepMode((s) => s.trace?.batch.description);
  const ref = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const step: Step | undefined = steps[index];

  // ← and → walk the steps, unless a field, a node or a dialog has the keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      if (ignoresArrows(e.target) || useUi.getState().dialog) return;
      e.preventDefault();
      setPlaying(false);
      if (e.key === 'ArrowRight') nextStep();
      else previousStep();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(nextStep, PLAY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [playing]);

  // Each step starts at its title.
  useLayoutEffect(() => {
    if (bodyRef.current) bodyRef.current.scrollTop = 0;
  }, [index]);

  // Frame the network in the part of the canvas the drawer leaves visible (below the overlay bar).
  useLayoutEffect(() => {
    const flow = getActionContext()?.flow;
    const drawer = ref.current?.getBoundingClientRect();
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!flow || !drawer || !pane) return;
    const top = 56;
    const height = Math.min(pane.bottom, drawer.top) - pane.top - top - 8;
    const nodes = flow.getNodes();
    if (!nodes.length || height < 40) return;
    const v = getViewportForBounds(flow.getNodesBounds(nodes), pane.width, height, 0.1, 1.25, {
      x: '24px',
      y: '16px',
    });
    void flow.setViewport({ x: v.x, y: v.y + top, zoom: v.zoom }, { duration: 200 });
  }, [status]);

  const count = steps.length;
  return (
    <section className="bp-step" aria-label={t('steps.panel.region')} ref={ref}>
      <header className="bp-step__bar">
        <h2 className="bp-step__heading">{t('steps.panel.heading')}</h2>
        {step && (
          <>
            <ol className="bp-step__phases" aria-label={t('steps.panel.phases')}>
              {PHASES.map((p) => (
                <li
                  key={p.phase}
                  className={p.phase === step.phase ? 'is-current' : undefined}
                  aria-current={p.phase === step.phase ? 'step' : undefined}
                >
                  {t(p.label)}
                </li>
              ))}
            </ol>
            <select
              className="bp-step__select"
              aria-label={t('steps.panel.step')}
              value={index}
              onChange={(e) => goToStep(Number(e.target.value))}
            >
              {steps.map((s, i) => (
                <option key={s.key} value={i}>
                  {t('steps.panel.stepOf', { n: i + 1, count, title: s.title })}
                </option>
              ))}
            </select>
          </>
        )}
        <span className="bp-spacer" />
        <button
          type="button"
          onClick={() => void checkGradients()}
          disabled={status !== 'ready' || check?.status === 'running'}
        >
          {t('steps.panel.checkGradients')}
        </button>
        <CloseButton
          className="bp-step__close"
          label={t('steps.panel.close')}
          title={t('steps.panel.close')}
          onClick={closeStepMode}
        />
      </header>
      {status === 'unavailable' && (
        <p className="bp-step__message" role="alert">
          {message}
        </p>
      )}
      {status === 'loading' && !step && (
        <p className="bp-step__message">{t('steps.panel.preparing')}</p>
      )}
      {step && (
        <div className="bp-step__body" ref={bodyRef}>
          <article
            className="bp-step__main"
            aria-label={t('steps.panel.current')}
            data-step={step.key}
          >
            <div className="bp-step__head">
              <h3 className="bp-step__title">{step.title}</h3>
              <div className="bp-step__nav">
                <button
                  type="button"
                  aria-label={t('steps.panel.previous')}
                  onClick={previousStep}
                  disabled={index === 0}
                >
                  <span aria-hidden="true">←</span> {t('steps.panel.previous')}
                </button>
                <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
                  {playing ? t('steps.panel.pause') : t('steps.panel.play')}
                </button>
                <button
                  type="button"
                  className="is-primary"
                  aria-label={t('steps.panel.next')}
                  onClick={nextStep}
                  disabled={index >= count - 1}
                >
                  {t('steps.panel.next')} <span aria-hidden="true">→</span>
                </button>
              </div>
            </div>
            <Formula lines={step.formula} />
            <p className="bp-step__text">{step.explanation}</p>
            <div className="bp-step__extras">
              {step.focus && <FocusPicker focus={step.focus} />}
              <details className="bp-step__numbers">
                <summary>{t('steps.panel.numbers')}</summary>
                <dl>
                  {step.values.map((v) => (
                    <div key={v.key}>
                      <dt>{v.label}</dt>
                      <dd data-testid={`step-value-${v.key}`}>{valueText(v)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </div>
          </article>
        </div>
      )}
      {step && check && <GradientCheckView />}
      {step && (
        <footer className="bp-step__note">
          <Trans
            i18nKey="steps.panel.note"
            values={{ digits: DIGITS, batch: description }}
            components={{ strong: <strong /> }}
          />
        </footer>
      )}
    </section>
  );
}

/** `[3] of 4`: which of `count` (numbered from 1) is shown; `onChange` gets its index. */
function NumberPicker({
  index,
  count,
  onChange,
  disabled,
}: {
  index: number;
  count: number;
  onChange: (index: number) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <select value={index} onChange={(e) => onChange(Number(e.target.value))} disabled={disabled}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i + 1}
          </option>
        ))}
      </select>
      <span className="bp-step__of">{t('steps.panel.of', { count })}</span>
    </>
  );
}

function FocusPicker({ focus }: { focus: NonNullable<Step['focus']> }) {
  const { t } = useTranslation();
  return (
    <div className="bp-step__focus" role="group" aria-label={t('steps.panel.shownEntry')}>
      {focus.neuron && (
        <label>
          {focus.neuron.unit
            ? t(`steps.panel.unit.${focus.neuron.unit}`)
            : focus.neuron.count > 1
              ? t('steps.panel.neuronJ')
              : t('steps.panel.neuron')}
          <NumberPicker
            index={focus.neuron.index}
            count={focus.neuron.count}
            onChange={(neuron) => setFocus({ neuron })}
            disabled={focus.neuron.count < 2}
          />
        </label>
      )}
      {focus.sample && (
        <label>
          {t('steps.panel.sampleI')}
          <NumberPicker
            index={focus.sample.index}
            count={focus.sample.count}
            onChange={(sample) => setFocus({ sample })}
          />
        </label>
      )}
    </div>
  );
}

function GradientCheckView() {
  const { t } = useTranslation();
  const check = useStepMode((s) => s.check);
  if (!check) return null;
  if (check.status === 'running')
    return (
      <aside className="bp-step__check" aria-label={t('steps.check.title')}>
        <p>{t('steps.check.running')}</p>
      </aside>
    );
  const worst = Math.max(0, ...check.rows.flatMap((r) => [r.W, r.b ?? 0]));
  const ok = worst < GRADCHECK_TOLERANCE;
  const cell = (v: number | null, id: string) =>
    v === null ? (
      <td className="is-none">—</td>
    ) : (
      <td className={v < GRADCHECK_TOLERANCE ? 'is-ok' : 'is-bad'} data-testid={id}>
        {formatNumber(v, 2)}
      </td>
    );
  return (
    <aside className="bp-step__check" aria-label={t('steps.check.title')}>
      <div className="bp-step__check-title">
        <strong>{t('steps.check.title')}</strong>
        <span>{t('steps.check.subtitle')}</span>
      </div>
      <table>
        <thead>
          <tr>
            <td />
            {check.rows.map((r) => (
              <th key={r.nodeId} scope="col">
                {r.nodeId}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">W</th>
            {check.rows.map((r) => (
              <Fragment key={r.nodeId}>{cell(r.W, `gradcheck-${r.nodeId}-W`)}</Fragment>
            ))}
          </tr>
          <tr>
            {/* eslint-disable-next-line i18next/no-literal-string -- the symbol b (bias), as in the formulas */}
            <th scope="row">b</th>
            {check.rows.map((r) => (
              <Fragment key={r.nodeId}>{cell(r.b, `gradcheck-${r.nodeId}-b`)}</Fragment>
            ))}
          </tr>
        </tbody>
      </table>
      <p className={ok ? 'is-ok' : 'is-bad'} role="status">
        {ok
          ? t('steps.check.ok', { tolerance: formatNumber(GRADCHECK_TOLERANCE) })
          : t('steps.check.bad', { tolerance: formatNumber(GRADCHECK_TOLERANCE) })}
      </p>
    </aside>
  );
}
