/**
 * Training sessions for the hosts: one `TrainingSession` (a worker thread) per
 * document of an owner. The owner is whoever the sessions belong to: the
 * desktop window, or one browser tab of the web host. Session events go out
 * through the event hub as `training:event`, addressed to their owner.
 * Plain Node: both hosts and the tests run it as is.
 */
import { isAbsolute, resolve } from 'node:path';
import { validateModel } from '../../src/model/parse';
import type { ModelFile } from '../../src/model/types';
import { TrainingSession, type SessionListener } from '../../src/training/session';
import type { TrainingCommand, TrainingEvent } from '../shared/host';
import { EVENTS } from '../shared/ipc';
import type { EventHub } from './events';
import { BadRequestError } from './handlers';

/** What the service needs of a session (a fake in some tests). */
export interface SessionLike {
  start(
    model: ModelFile,
    path: string | null,
    mode: 'run' | 'step',
    baseDir?: string,
    pace?: number | null,
  ): void;
  pause(): void;
  resume(): void;
  step(): void;
  stop(message?: string): void;
  setLearningRate(value: number): void;
  setPace(updatesPerSecond: number | null): void;
  dispose(): void;
}

export interface TrainingServiceOptions {
  events: EventHub;
  /** Relative document paths resolve against it. */
  workDir: string;
  /** Sessions (worker threads) open at once, over all owners. */
  maxSessions?: number;
  /** The worker's entry (src/training/worker-url.ts finds it by default). */
  workerUrl?: URL;
  createSession?: (listener: SessionListener) => SessionLike;
}

export interface TrainingService {
  /**
   * Starts training the document, replacing the session it had. A model that is not valid
   * starts nothing: its problems come back as a `problems` event, like a model the worker
   * cannot prepare.
   */
  start(
    owner: string,
    documentId: string,
    model: unknown,
    path: string | null,
    mode: 'run' | 'step',
    /** Updates per second; null or absent for full speed. */
    pace?: number | null,
  ): void;
  /** Commands to a document without a session are ignored: it may just have ended. */
  control(owner: string, documentId: string, command: TrainingCommand): void;
  end(owner: string, documentId: string): void;
  /** Ends every session of an owner (its window reloaded or closed, its tab went away). */
  endOwner(owner: string): void;
  /** The documents an owner trains (or has trained and not ended). */
  documents(owner: string): string[];
  /** Ends every session. */
  dispose(): void;
}

export const DEFAULT_MAX_SESSIONS = 8;

interface Entry {
  owner: string;
  documentId: string;
  session: SessionLike;
}

const keyOf = (owner: string, documentId: string) => `${owner}\u0000${documentId}`;

export function createTrainingService(options: TrainingServiceOptions): TrainingService {
  const { events, workDir } = options;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const createSession =
    options.createSession ??
    ((listener: SessionListener) =>
      new TrainingSession(listener, { workerUrl: options.workerUrl }));
  const entries = new Map<string, Entry>();

  const emit = (owner: string, documentId: string, event: TrainingEvent) =>
    events.emit(EVENTS.trainingEvent, { documentId, event }, owner);

  function end(owner: string, documentId: string): void {
    const key = keyOf(owner, documentId);
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    entry.session.dispose();
  }

  return {
    start(owner, documentId, model, path, mode, pace = null) {
      const key = keyOf(owner, documentId);
      if (!entries.has(key) && entries.size >= maxSessions) {
        throw new BadRequestError(
          `Too many training sessions (${maxSessions}): close a document that trained before starting another.`,
        );
      }
      end(owner, documentId);
      const valid = validateModel(model);
      if (!valid.ok) {
        emit(owner, documentId, { type: 'problems', problems: valid.problems });
        return;
      }
      const entry: Entry = { owner, documentId, session: null as unknown as SessionLike };
      // A replaced session's worker may still have messages in flight: only the current one speaks.
      const current = () => entries.get(key) === entry;
      entry.session = createSession({
        frame: (buffer) => current() && emit(owner, documentId, { type: 'frame', buffer }),
        checkpoint: (weights) =>
          current() && emit(owner, documentId, { type: 'checkpoint', weights }),
        problems: (problems) =>
          current() && emit(owner, documentId, { type: 'problems', problems }),
      });
      entries.set(key, entry);
      const file = path === null || isAbsolute(path) ? path : resolve(workDir, path);
      // An unsaved document's relative CSV path resolves against the work folder, as the views do.
      entry.session.start(valid.model, file, mode, workDir, pace);
    },

    control(owner, documentId, command) {
      const session = entries.get(keyOf(owner, documentId))?.session;
      if (!session) return;
      switch (command.type) {
        case 'pause':
          return session.pause();
        case 'resume':
          return session.resume();
        case 'step':
          return session.step();
        case 'stop':
          return session.stop(command.message);
        case 'learningRate':
          return session.setLearningRate(command.value);
        case 'pace':
          return session.setPace(command.updatesPerSecond);
      }
    },

    end,

    endOwner(owner) {
      for (const entry of [...entries.values()]) {
        if (entry.owner === owner) end(owner, entry.documentId);
      }
    },

    documents(owner) {
      return [...entries.values()].filter((e) => e.owner === owner).map((e) => e.documentId);
    },

    dispose() {
      for (const entry of entries.values()) entry.session.dispose();
      entries.clear();
    },
  };
}
