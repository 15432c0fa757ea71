/**
 * Training state that changes at human speed: the session's state and
 * message, where it diverged, and the overlay and panel choices. Numbers that
 * change every step live in `live.ts`, not here.
 */
import { create } from 'zustand';
import type { RunEnding, SessionState } from '#src/training/frame';
import type { OverlayStat } from '../common/live';

/** `starting`: asked the host to start, no frame yet. Null: no session for this document. */
export type TrainingState = SessionState | 'starting' | null;

export type BottomTab =
  'loss' | 'weights' | 'gradients' | 'predictions' | 'probe' | 'fit' | 'data' | 'settings';

export interface TrainingUi {
  /** The renderer's id for the open document (sessions are per document). */
  docId: string;
  state: TrainingState;
  /** Why the last run ended (done, stopped, diverged, error). */
  /**
   * Why the last run ended: the session's facts (worded where shown, so a language switch
   * rewords them), or text (the session's, or the window's own reason for stopping it).
   */
  message: RunEnding | string | null;
  /** The run ended but did not learn (its loss rose): `message` is a warning. */
  warning: boolean;
  /** The node that first produced a non-finite value. */
  divergedNode: string | null;
  overlay: OverlayStat;
  animate: boolean;
  tab: BottomTab;
  /** The layer the weights plot shows. */
  weightsLayer: string | null;
  /** Whether the weights plot shows the gradients ∂L/∂w instead of the values. */
  weightsGradients: boolean;
  /** Runs whose loss curves the loss plot leaves out (unticked in the run list). */
  hiddenRuns: number[];
  /**
   * The parameter the weights plot points at (hovered line or legend entry): its layer and its
   * index in W row-major then b. An expanded Dense node draws that weight's line highlighted.
   */
  focusWeight: { layer: string; index: number } | null;
  /**
   * The speed the user chose for this document, in updates per second (0: one update at a
   * time, Infinity: full speed); null until they choose, when the document's size decides
   * (`pace.ts`).
   */
  pace: number | null;
  /** One update at a time: which part of the last update the canvas shows. */
  walk: WalkPhase | null;
}

/** The three parts of one update, shown one after the other. */
export type WalkPhase = 'forward' | 'backward' | 'update';

export const useTraining = create<TrainingUi>()(() => ({
  docId: '',
  state: null,
  message: null,
  warning: false,
  divergedNode: null,
  overlay: 'gradient',
  animate: true,
  tab: 'loss',
  weightsLayer: null,
  weightsGradients: false,
  hiddenRuns: [],
  focusWeight: null,
  pace: null,
  walk: null,
}));

/** A session exists and holds weights the document has not caught up with yet. */
export function isActive(state: TrainingState = useTraining.getState().state): boolean {
  return state === 'running' || state === 'paused' || state === 'starting';
}
