/**
 * What the teaching views add to a Dense node's face: a "Neuron view" button,
 * an "Expand neurons" toggle for small layers, and, when expanded, the layer
 * drawn as its neurons: input units → this layer's units, one line per
 * weight, coloured by sign and sized by magnitude of the weight or of its
 * gradient (the TensorFlow Playground look, with gradients).
 */
import { memo, useRef } from 'react';
import { useTranslation } from '../../common/i18n';
import { css, diverging, maxAbs } from '../colour';
import { layerParams, useLiveDraw } from '../source';
import { useTraining } from '../../store/training';
import {
  EXPAND_LIMIT,
  openNeuronView,
  setColourBy,
  toggleExpanded,
  useTeaching,
  isExpanded,
  colourOf,
  type ConnectionColour,
} from '../../store/teaching';
import { FaceButton } from '../../common/FaceButton';

const ROW = 16;
const WIDTH = 168;
const X_IN = 14;
const X_OUT = WIDTH - 14;
const R = 5;

export function canExpand(units: number | undefined, inputs: number | undefined): boolean {
  return !!units && !!inputs && units <= EXPAND_LIMIT && inputs <= EXPAND_LIMIT;
}

/** The face buttons. */
export const DenseTools = memo(function DenseTools({
  id,
  units,
  inputs,
}: {
  id: string;
  units: number | undefined;
  inputs: number | undefined;
}) {
  const { t } = useTranslation();
  const open = useTeaching((s) => s.neuronView === id);
  const expanded = useTeaching((s) => isExpanded(s, id));
  const small = canExpand(units, inputs);
  return (
    <div className="bp-dense-tools nodrag">
      <FaceButton
        label={t('teaching.neuron.title')}
        pressed={open}
        title={t('teaching.neuron.buttonTitle')}
        onClick={() => openNeuronView(open ? null : id)}
      >
        <rect x="1" y="1" width="5" height="5" rx="1" />
        <rect x="8" y="1" width="5" height="5" rx="1" opacity="0.5" />
        <rect x="1" y="8" width="5" height="5" rx="1" opacity="0.5" />
        <rect x="8" y="8" width="5" height="5" rx="1" />
      </FaceButton>
      <FaceButton
        label={t('teaching.neuron.expand')}
        pressed={expanded && small}
        disabled={!small}
        title={
          small
            ? expanded
              ? t('teaching.neuron.collapseTitle')
              : t('teaching.neuron.expandTitle')
            : t('teaching.neuron.tooLarge', { limit: EXPAND_LIMIT })
        }
        onClick={() => toggleExpanded(id)}
      >
        <circle cx="3" cy="3" r="2" />
        <circle cx="3" cy="11" r="2" />
        <circle cx="11" cy="7" r="2" />
        <path d="M5 3.5 9 6.5M5 10.5 9 7.5" stroke="currentColor" strokeWidth="1.2" fill="none" />
      </FaceButton>
    </div>
  );
});

/** The layer as neurons, drawn when the node is expanded (and small enough). */
export const ExpandedNeurons = memo(function ExpandedNeurons({
  id,
  units,
  inputs,
}: {
  id: string;
  units: number;
  inputs: number;
}) {
  const { t } = useTranslation();
  const colour = useTeaching((s) => colourOf(s, id));
  // The weight (or bias, past units × inputs) the weights plot points at.
  const focus = useTraining((s) => (s.focusWeight?.layer === id ? s.focusWeight.index : -1));
  const lines = useRef<(SVGLineElement | null)[]>([]);
  const outs = useRef<(SVGCircleElement | null)[]>([]);
  const note = useRef<SVGTextElement>(null);
  const height = Math.max(units, inputs) * ROW + 8;
  const y = (i: number, n: number) => height / 2 + (i - (n - 1) / 2) * ROW;

  useLiveDraw(() => {
    const p = layerParams(id);
    const values = p ? (colour === 'gradient' ? p.dW : p.W) : null;
    const bias = p ? (colour === 'gradient' ? p.db : p.b) : null;
    const max = values ? maxAbs(values) : 1;
    const bmax = bias ? maxAbs(bias) : 1;
    for (let r = 0; r < units; r++) {
      for (let c = 0; c < inputs; c++) {
        const line = lines.current[r * inputs + c];
        if (!line) continue;
        const v = values && values.length === units * inputs ? values[r * inputs + c] / max : NaN;
        const known = Number.isFinite(v);
        line.setAttribute('stroke', known ? css(diverging(v)) : '#98a2b3');
        line.setAttribute('stroke-width', known ? (0.4 + 2.6 * Math.abs(v)).toFixed(2) : '0.5');
        line.setAttribute('stroke-opacity', known ? (0.35 + 0.65 * Math.abs(v)).toFixed(2) : '0.4');
      }
      const circle = outs.current[r];
      const b = bias && bias.length === units ? bias[r] / bmax : NaN;
      circle?.setAttribute('fill', Number.isFinite(b) ? css(diverging(b)) : '#ffffff');
    }
    if (note.current) note.current.style.display = values ? 'none' : '';
  }, 15);

  const set = (c: ConnectionColour) => () => setColourBy(id, c);
  return (
    <div className="bp-neurons nodrag">
      <div
        className="bp-neurons__toggle"
        role="group"
        aria-label={t('teaching.neuron.connections')}
      >
        <button type="button" aria-pressed={colour === 'weight'} onClick={set('weight')}>
          {t('teaching.neuron.weights')}
        </button>
        <button type="button" aria-pressed={colour === 'gradient'} onClick={set('gradient')}>
          {t('teaching.neuron.gradients')}
        </button>
      </div>
      <svg
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={t('teaching.neuron.expanded', {
          id,
          inputs,
          units,
          by: colour === 'gradient' ? '∂L/∂W' : 'W',
        })}
      >
        {Array.from({ length: units }, (_, r) =>
          Array.from({ length: inputs }, (_, c) => (
            <line
              key={`${r}:${c}`}
              ref={(el) => {
                lines.current[r * inputs + c] = el;
              }}
              x1={X_IN + R}
              y1={y(c, inputs)}
              x2={X_OUT - R}
              y2={y(r, units)}
              strokeLinecap="round"
              className={focus === r * inputs + c ? 'is-focused' : undefined}
            />
          )),
        )}
        {Array.from({ length: inputs }, (_, c) => (
          <circle key={`in${c}`} className="bp-neurons__in" cx={X_IN} cy={y(c, inputs)} r={R} />
        ))}
        {Array.from({ length: units }, (_, r) => (
          <circle
            key={`out${r}`}
            ref={(el) => {
              outs.current[r] = el;
            }}
            className={`bp-neurons__out${focus === units * inputs + r ? ' is-focused' : ''}`}
            cx={X_OUT}
            cy={y(r, units)}
            r={R}
          >
            <title>
              {t('teaching.neuron.unitFill', {
                n: r + 1,
                fill: colour === 'gradient' ? '∂L/∂b' : 'b',
              })}
            </title>
          </circle>
        ))}
        <text
          ref={note}
          x={WIDTH / 2}
          y={height - 2}
          textAnchor="middle"
          className="bp-neurons__note"
        >
          {t('teaching.neuron.noGradient')}
        </text>
      </svg>
    </div>
  );
});
