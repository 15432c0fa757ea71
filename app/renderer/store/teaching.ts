/**
 * View choices of the teaching views (which neuron view is open, which dense
 * nodes are expanded into their neurons, what their connections show) and the
 * current warnings. Human-speed state; the numbers they draw come from
 * `teaching/source.ts` at display rate.
 */
import { create } from 'zustand';
import { own } from '#src/engine/table';

export type WarningKind = 'saturated' | 'dead' | 'vanishing' | 'exploding' | 'oscillating';

/** A warning the rules found (teaching/warnings/detect.ts), shown on its node and in the list. */
export interface TeachingWarning {
  /** Stable key: kind and node. */
  key: string;
  kind: WarningKind;
  /** The node the warning is shown on. */
  nodeId: string;
  /** A few words: "Saturated tanh units". */
  title: string;
  /** One line: what is happening and why it matters. */
  explanation: string;
  /** One line: what to try. */
  fix: string;
}

export type ConnectionColour = 'weight' | 'gradient';

export interface TeachingUi {
  /** The dense node whose neuron view is open. */
  neuronView: string | null;
  /** Dense nodes drawn as their neurons on the canvas. */
  expanded: Record<string, boolean>;
  /** What an expanded node's connections show. */
  colourBy: Record<string, ConnectionColour>;
  /** Current warnings, in detection order. */
  warnings: TeachingWarning[];
}

export const useTeaching = create<TeachingUi>()(() => ({
  neuronView: null,
  expanded: {},
  colourBy: {},
  warnings: [],
}));

export function openNeuronView(id: string | null) {
  useTeaching.setState({ neuronView: id });
}

/** Whether dense node `id` is drawn as its neurons (ids are user text: read own keys only). */
export const isExpanded = (s: TeachingUi, id: string): boolean => own(s.expanded, id) === true;

/** What dense node `id`'s connections show. */
export const colourOf = (s: TeachingUi, id: string): ConnectionColour =>
  own(s.colourBy, id) ?? 'weight';

export function toggleExpanded(id: string) {
  const s = useTeaching.getState();
  useTeaching.setState({ expanded: { ...s.expanded, [id]: !isExpanded(s, id) } });
}

export function setColourBy(id: string, colour: ConnectionColour) {
  useTeaching.setState({ colourBy: { ...useTeaching.getState().colourBy, [id]: colour } });
}

/** Layers this small can be drawn neuron by neuron on the canvas. */
export const EXPAND_LIMIT = 16;
