/** Messages between a training session (main side) and its worker thread. */
import type { Language } from '../i18n';
import type { WeightsRecord } from '../engine/network';
import type { FileProblem, ModelFile, ResumeState } from '../model/types';

export type ToWorker =
  /** Prepares the model (data, network from its weights) and trains, or takes one step and pauses. */
  /** `baseDir` resolves a relative CSV path when the document has no path yet (unsaved). */
  /** `pace`: updates per second, null or absent for full speed. */
  | {
      type: 'start';
      model: ModelFile;
      path: string | null;
      mode: 'run' | 'step';
      baseDir?: string;
      pace?: number | null;
      /** Threads to split each batch across; null or absent: every core but one (the window's). */
      threads?: number | null;
      /** The session's language: a worker has its own i18n instance, so problems and endings are worded in it. */
      language?: Language;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop'; message?: string }
  | { type: 'learningRate'; value: number }
  /** Updates per second from now on; null for full speed. */
  | { type: 'pace'; updatesPerSecond: number | null };

export type FromWorker =
  /** An encoded Frame (frame.ts), about 30 a second while running and at every change of state. */
  | { type: 'frame'; buffer: ArrayBuffer }
  /**
   * The weights at a pause, after a step, at the end of a run, and every `CHECKPOINT_MS` while
   * running: the document keeps them (and its recovery copy, should the host be killed mid-run).
   * `resume`: what the next run continues from (optimizer memory, shuffle), taken with the
   * weights; absent after a run diverged (its weights went back to the last finite ones).
   */
  | { type: 'checkpoint'; weights: WeightsRecord; resume?: ResumeState }
  /** The model could not be prepared: nothing was trained. */
  | { type: 'problems'; problems: FileProblem[] };

/** Display rate and the time slice the worker trains between looking at its messages. */
export const FRAME_MS = 33;
export const SLICE_MS = 8;
/** How often a running session sends its weights as a checkpoint. */
export const CHECKPOINT_MS = 2000;
