/**
 * Step mode's drawer over the bottom of the canvas: one step of one update at
 * a time (title, formula with this batch's numbers, a sentence), Previous /
 * Play / Next and the ← → keys, a neuron and sample picker for layers too
 * large to show whole, and the gradient check.
 */
import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import { getViewportForBounds } from '@xyflow/react';
import { formatNumber } from '../../../../src/teaching/format';
import { valueText, type Step, type StepPhase } from '../../../../src/teaching/steps';
import { getActionContext } from '../../actions/registry';
import { useUi } from '../../store/ui';
import { Formula } from './Formula';
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
} from './store';
import './step.css';

/** Auto-advance interval of Play. */
export const PLAY_INTERVAL_MS = 1200;

const PHASES: { phase: StepPhase; label: string }[] = [
  { phase: 'forward', label: 'Forward' },
  { phase: 'loss', label: 'Loss' },
  { phase: 'backward', label: 'Backward' },
  { phase: 'update', label: 'Update' },
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
    <section className="bp-step" aria-label="Step through one update" ref={ref}>
      <header className="bp-step__bar">
        <h2 className="bp-step__heading">Step mode</h2>
        {step && (
          <>
            <ol className="bp-step__phases" aria-label="Phases">
              {PHASES.map((p) => (
                <li
                  key={p.phase}
                  className={p.phase === step.phase ? 'is-current' : undefined}
                  aria-current={p.phase === step.phase ? 'step' : undefined}
                >
                  {p.label}
                </li>
              ))}
            </ol>
            <select
              className="bp-step__select"
              aria-label="Step"
              value={index}
              onChange={(e) => goToStep(Number(e.target.value))}
            >
              {steps.map((s, i) => (
                <option key={s.key} value={i}>
                  Step {i + 1} of {count}: {s.title}
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
          Check gradients
        </button>
        <button
          type="button"
          className="bp-step__close"
          aria-label="Close step mode"
          title="Close step mode"
          onClick={closeStepMode}
        >
          ×
        </button>
      </header>
      {status === 'unavailable' && (
        <p className="bp-step__message" role="alert">
          {message}
        </p>
      )}
      {status === 'loading' && !step && <p className="bp-step__message">Preparing the batch…</p>}
      {step && (
        <div className="bp-step__body" ref={bodyRef}>
          <article className="bp-step__main" aria-label="Current step" data-step={step.key}>
            <div className="bp-step__head">
              <h3 className="bp-step__title">{step.title}</h3>
              <div className="bp-step__nav">
                <button
                  type="button"
                  aria-label="Previous"
                  onClick={previousStep}
                  disabled={index === 0}
                >
                  <span aria-hidden="true">←</span> Previous
                </button>
                <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
                  {playing ? 'Pause' : 'Play'}
                </button>
                <button
                  type="button"
                  className="is-primary"
                  aria-label="Next"
                  onClick={nextStep}
                  disabled={index >= count - 1}
                >
                  Next <span aria-hidden="true">→</span>
                </button>
              </div>
            </div>
            <Formula lines={step.formula} />
            <p className="bp-step__text">{step.explanation}</p>
            <div className="bp-step__extras">
              {step.focus && <FocusPicker focus={step.focus} />}
              <details className="bp-step__numbers">
                <summary>Numbers as text</summary>
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
          As in the seed notes, W is units × inputs and <strong>each column is one sample</strong>;
          4 significant digits. Batch: {description}.
        </footer>
      )}
    </section>
  );
}

function FocusPicker({ focus }: { focus: NonNullable<Step['focus']> }) {
  return (
    <div className="bp-step__focus" role="group" aria-label="Shown entry">
      {focus.neuron && (
        <label>
          {focus.neuron.count > 1 ? 'Neuron j' : 'Neuron'}
          <select
            value={focus.neuron.index}
            onChange={(e) => setFocus({ neuron: Number(e.target.value) })}
            disabled={focus.neuron.count < 2}
          >
            {Array.from({ length: focus.neuron.count }, (_, j) => (
              <option key={j} value={j}>
                {j + 1}
              </option>
            ))}
          </select>
          <span className="bp-step__of">of {focus.neuron.count}</span>
        </label>
      )}
      {focus.sample && (
        <label>
          Sample i
          <select
            value={focus.sample.index}
            onChange={(e) => setFocus({ sample: Number(e.target.value) })}
          >
            {Array.from({ length: focus.sample.count }, (_, i) => (
              <option key={i} value={i}>
                {i + 1}
              </option>
            ))}
          </select>
          <span className="bp-step__of">of {focus.sample.count}</span>
        </label>
      )}
    </div>
  );
}

function GradientCheckView() {
  const check = useStepMode((s) => s.check);
  if (!check) return null;
  if (check.status === 'running')
    return (
      <aside className="bp-step__check" aria-label="Gradient check">
        <p>Checking gradients against finite differences…</p>
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
    <aside className="bp-step__check" aria-label="Gradient check">
      <div className="bp-step__check-title">
        <strong>Gradient check</strong>
        <span>largest relative error, backprop vs. finite differences</span>
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
            <th scope="row">b</th>
            {check.rows.map((r) => (
              <Fragment key={r.nodeId}>{cell(r.b, `gradcheck-${r.nodeId}-b`)}</Fragment>
            ))}
          </tr>
        </tbody>
      </table>
      <p className={ok ? 'is-ok' : 'is-bad'} role="status">
        {ok
          ? `All below ${formatNumber(GRADCHECK_TOLERANCE)}: backprop agrees with the finite differences.`
          : `Errors above ${formatNumber(GRADCHECK_TOLERANCE)}: backprop and the finite differences disagree.`}
      </p>
    </aside>
  );
}
