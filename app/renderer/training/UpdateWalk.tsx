/**
 * One update at a time: a card over the canvas that walks the last update in
 * three parts while the edges show the matching number — the forward values
 * flowing right (a), δ flowing left (∇), then the weights changing (old →
 * new, the frame's W0 → W). Next shows the next part, and after the last
 * takes the next update.
 */
import { useState } from 'react';
import { formatNumber } from '../../../src/teaching/format';
import type { LayerParams } from '../../../src/training/frame';
import { dispatch } from '../actions/registry';
import { useDocument } from '../store/document';
import { live } from './live';
import { ONE_AT_A_TIME, usePace } from './pace';
import { useTraining, type WalkPhase } from './store';
import { useLive } from './useLive';

/** Layers with more weights than this show the size of their update, not every weight. */
export const MAX_WALK_WEIGHTS = 48;

const PARTS: [WalkPhase, string][] = [
  ['forward', 'Forward'],
  ['backward', 'δ backward'],
  ['update', 'New weights'],
];

function Explanation({ phase }: { phase: WalkPhase | null }) {
  const training = useDocument((s) => s.model.training);
  const loss = live.header?.batchLoss;
  if (phase === 'forward')
    return (
      <p>
        The batch flows right through the network: each edge shows <b>a</b>, the RMS of the values
        it carries. Loss on this batch:{' '}
        <output data-testid="walk-loss">{loss === undefined ? '—' : formatNumber(loss)}</output>.
      </p>
    );
  if (phase === 'backward')
    return (
      <p>
        The error flows back, right to left: each edge shows <b>∇</b>, the size of δ, the gradient
        of the loss with respect to the values on it.
      </p>
    );
  if (phase === 'update')
    return (
      <p>
        Every weight takes a step against its gradient:{' '}
        {training.optimizer === 'sgd' ? (
          <>
            W ← W − λ·∂L/∂W with λ = {training.learningRate}
            {training.l2 ? ` (plus L2 ${training.l2}·W)` : ''}
          </>
        ) : (
          <>
            the {training.optimizer} update with λ = {training.learningRate}
          </>
        )}
        . Edges into a dense layer show <b>ΔW</b>, the size of its change.
      </p>
    );
  return (
    <p>
      <b>Next</b> takes one update and shows it in three parts: the forward pass, δ flowing back,
      and the weights changing.
    </p>
  );
}

function Change({
  id,
  label,
  before,
  after,
}: {
  id: string;
  label: string;
  before?: number;
  after: number;
}) {
  return (
    <td data-testid={id} title={label}>
      {before !== undefined && (
        <>
          <span className="bp-walk__old">{formatNumber(before)}</span>
          <span className="bp-visually-hidden"> becomes </span>
        </>
      )}
      <span className="bp-walk__new">{formatNumber(after)}</span>
    </td>
  );
}

function LayerChange({
  id,
  rows,
  cols,
  p,
}: {
  id: string;
  rows: number;
  cols: number;
  p: LayerParams;
}) {
  if (rows * cols > MAX_WALK_WEIGHTS) {
    let s = 0;
    if (p.W0) for (let i = 0; i < p.W.length; i++) s += (p.W[i] - p.W0[i]) ** 2;
    return (
      <p className="bp-walk__big">
        {id}: {rows} × {cols} weights, ‖ΔW‖ = {p.W0 ? formatNumber(Math.sqrt(s)) : '—'} (its Neuron
        view shows them all)
      </p>
    );
  }
  return (
    <table className="bp-walk__layer" data-testid={`walk-layer-${id}`}>
      <caption>
        {id}: W ({rows} × {cols}) and b, <span className="bp-walk__old">before</span> over{' '}
        <span className="bp-walk__new">after</span>
      </caption>
      <tbody>
        {Array.from({ length: rows }, (_, r) => (
          <tr key={r}>
            {Array.from({ length: cols }, (_, c) => (
              <Change
                key={c}
                id={`walk-${id}-W-${r}-${c}`}
                label={`W[${r + 1}, ${c + 1}]`}
                before={p.W0?.[r * cols + c]}
                after={p.W[r * cols + c]}
              />
            ))}
            <Change
              id={`walk-${id}-b-${r}`}
              label={`b[${r + 1}]`}
              before={p.b0?.[r]}
              after={p.b[r]}
            />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WalkCard() {
  const phase = useTraining((s) => s.walk);
  const step = useLive(() => live.header?.step ?? 0);
  const layers = phase === 'update' ? (live.header?.layers ?? []) : [];
  const [showWeights, setShowWeights] = useState(true);
  return (
    <section
      className="bp-walk nodrag nopan"
      aria-label="One update at a time"
      data-phase={phase ?? 'none'}
    >
      <header className="bp-walk__head">
        <strong>One update at a time</strong>
        {phase && <span className="bp-muted">Update {step}</span>}
      </header>
      <ol className="bp-walk__parts">
        {PARTS.map(([key, label], i) => (
          <li key={key} aria-current={phase === key ? 'step' : undefined}>
            <span>{i + 1}</span> {label}
          </li>
        ))}
      </ol>
      <Explanation phase={phase} />
      {layers.length > 0 && (
        // Collapsible: the tables cover much of a small window's canvas.
        <details
          className="bp-walk__weights"
          open={showWeights}
          onToggle={(e) => setShowWeights(e.currentTarget.open)}
        >
          <summary>The weights, before and after</summary>
          {layers.map((l) => {
            const p = live.frame?.params[l.id];
            return p ? (
              <LayerChange key={l.id} id={l.id} rows={l.rows} cols={l.cols} p={p} />
            ) : null;
          })}
        </details>
      )}
      <div className="bp-walk__actions">
        <button type="button" className="is-primary" onClick={() => void dispatch('training.next')}>
          Next
        </button>
        <button type="button" onClick={() => void dispatch('training.fullSpeed')}>
          Full speed
        </button>
      </div>
    </section>
  );
}

export function UpdateWalk() {
  const pace = usePace();
  return pace === ONE_AT_A_TIME ? <WalkCard /> : null;
}
