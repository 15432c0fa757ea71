/**
 * One update at a time: a card over the canvas that walks the last update in
 * three parts while the edges show the matching number — the forward values
 * flowing right (a), δ flowing left (∇), then the weights changing (old →
 * new, the frame's W0 → W). Next shows the next part, and after the last
 * takes the next update.
 */
import { useState } from 'react';
import { formatNumber } from '#src/teaching/format';
import { frameDense, type FrameDense } from '#src/training/frame';
import { dispatch } from '../actions/registry';
import { tKey, Trans, useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { live } from '../common/live';
import { ONE_AT_A_TIME, usePace } from './pace';
import { useTraining, type WalkPhase } from '../store/training';
import { useLive } from '../common/useLive';

/** Layers with more weights than this show the size of their update, not every weight. */
export const MAX_WALK_WEIGHTS = 48;

const PARTS: [WalkPhase, string][] = [
  ['forward', tKey('training.walk.forward')],
  ['backward', tKey('training.walk.backward')],
  ['update', tKey('training.walk.newWeights')],
];

/** Optimizers other than SGD, by name in the explanation of their update. */
const OPTIMIZER: Record<string, string> = {
  momentum: tKey('training.optimizer.momentum'),
  adam: tKey('training.optimizer.adam'),
};

/** Bold words (<b>) in the explanations' catalogue text. */
const BOLD = { b: <b /> };

function Explanation({ phase }: { phase: WalkPhase | null }) {
  const { t } = useTranslation();
  const training = useDocument((s) => s.model.training);
  const loss = live.header?.batchLoss;
  const say = (key: string, values?: Record<string, string | number>) => (
    <p>
      <Trans t={t} i18nKey={key} values={values} components={BOLD} />
    </p>
  );
  if (phase === 'forward')
    return (
      <p>
        <Trans
          t={t}
          i18nKey="training.walk.explainForward"
          values={{ loss: loss === undefined ? '—' : formatNumber(loss) }}
          components={{ ...BOLD, out: <output data-testid="walk-loss" /> }}
        />
      </p>
    );
  if (phase === 'backward') return say(tKey('training.walk.explainBackward'));
  if (phase === 'update')
    return training.optimizer === 'sgd'
      ? say(tKey('training.walk.explainSgd'), {
          rate: training.learningRate,
          l2:
            (training.l2 ? t('training.walk.l2', { l2: training.l2 }) : '') +
            (training.l1 ? t('training.walk.l1', { l1: training.l1 }) : ''),
        })
      : say(tKey('training.walk.explainOther'), {
          rate: training.learningRate,
          optimizer: t(OPTIMIZER[training.optimizer] ?? training.optimizer),
        });
  return say(tKey('training.walk.explainNext'));
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
  const { t } = useTranslation();
  return (
    <td data-testid={id} title={label}>
      {before !== undefined && (
        <>
          <span className="bp-walk__old">{formatNumber(before)}</span>
          <span className="bp-visually-hidden">{t('training.walk.becomes')}</span>
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
  p: FrameDense;
}) {
  const { t } = useTranslation();
  if (rows * cols > MAX_WALK_WEIGHTS) {
    let s = 0;
    if (p.W0) for (let i = 0; i < p.W.length; i++) s += (p.W[i] - p.W0[i]) ** 2;
    return (
      <p className="bp-walk__big">
        {t('training.walk.big', {
          id,
          rows,
          cols,
          norm: p.W0 ? formatNumber(Math.sqrt(s)) : '—',
        })}
      </p>
    );
  }
  return (
    <table className="bp-walk__layer" data-testid={`walk-layer-${id}`}>
      <caption>
        <Trans
          t={t}
          i18nKey="training.walk.caption"
          values={{ id, rows, cols }}
          components={{
            old: <span className="bp-walk__old" />,
            new: <span className="bp-walk__new" />,
          }}
        />
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
  const { t } = useTranslation();
  const phase = useTraining((s) => s.walk);
  const step = useLive(() => live.header?.step ?? 0);
  // Dense layers: their W (units × inputs) and b, old → new.
  const layers =
    phase === 'update'
      ? (live.header?.tensors ?? []).filter((x) => x.name === 'W' && x.shape.length === 2)
      : [];
  const [showWeights, setShowWeights] = useState(true);
  return (
    <section
      className="bp-walk nodrag nopan"
      aria-label={t('training.walk.title')}
      data-phase={phase ?? 'none'}
    >
      <header className="bp-walk__head">
        <strong>{t('training.walk.title')}</strong>
        {phase && <span className="bp-muted">{t('training.walk.update', { step })}</span>}
      </header>
      <ol className="bp-walk__parts">
        {PARTS.map(([key, label], i) => (
          <li key={key} aria-current={phase === key ? 'step' : undefined}>
            <span>{i + 1}</span> {t(label)}
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
          <summary>{t('training.walk.weights')}</summary>
          {layers.map((l) => {
            const p = frameDense(live.frame, l.id);
            return p ? (
              <LayerChange key={l.id} id={l.id} rows={p.rows} cols={p.cols} p={p} />
            ) : null;
          })}
        </details>
      )}
      <div className="bp-walk__actions">
        <button type="button" className="is-primary" onClick={() => void dispatch('training.next')}>
          {t('training.walk.next')}
        </button>
        <button type="button" onClick={() => void dispatch('training.fullSpeed')}>
          {t('training.walk.fullSpeed')}
        </button>
      </div>
    </section>
  );
}

export function UpdateWalk() {
  const pace = usePace();
  return pace === ONE_AT_A_TIME ? <WalkCard /> : null;
}
