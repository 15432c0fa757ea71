/**
 * Training state that changes at human speed: the session's state and
 * message, where it diverged, and the overlay and panel choices. Numbers that
 * change every step live in `live.ts`, not here.
 */
import { create } from 'zustand';
import type { SessionState } from '../../../src/training/frame';
import type { OverlayStat } from './live';

/** `starting`: asked the host to start, no frame yet. Null: no session for this document. */
export type TrainingState = SessionState | 'starting' | null;

export type BottomTab = 'loss' | 'weights' | 'gradients' | 'predictions' | 'data' | 'settings';

export interface TrainingUi {
  /** The renderer's id for the open document (sessions are per document). */
  docId: string;
  state: TrainingState;
  /** Why the last run ended (done, stopped, diverged, error). */
  message: string | null;
  /** The node that first produced a non-finite value. */
  divergedNode: string | null;
  overlay: OverlayStat;
  animate: boolean;
  tab: BottomTab;
  /** The layer the weights plot shows. */
  weightsLayer: string | null;
}

export const useTraining = create<TrainingUi>()(() => ({
  docId: '',
  state: null,
  message: null,
  divergedNode: null,
  overlay: 'gradient',
  animate: true,
  tab: 'loss',
  weightsLayer: null,
}));

/** A session exists and holds weights the document has not caught up with yet. */
export function isActive(state: TrainingState = useTraining.getState().state): boolean {
  return state === 'running' || state === 'paused' || state === 'starting';
}
