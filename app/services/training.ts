/**
 * Training sessions for the hosts: one `TrainingSession` (a worker thread) per
 * document of an owner. The owner is whoever the sessions belong to: the
 * desktop window, or one browser tab of the web host. Session events go out
 * through the event hub as `training:event`, addressed to their owner.
 * Plain Node: both hosts and the tests run it as is.
 */
import { isAbsolute, resolve } from 'node:path';
import { t } from '#src/i18n';
import type { WeightsRecord } from '#src/engine/network';
import { validateModel } from '#src/model/parse';
import type { EpochRecord, ModelFile, ResumeState } from '#src/model/types';
import { decodeFrame, decodeFrameHeader, encodeFrame } from '#src/training/frame';
import { TrainingSession, type SessionListener } from '#src/training/session';
import type { TrainingCommand, TrainingEvent } from '../shared/host';
import { EVENTS } from '../shared/ipc';
import type { EventHub } from './events';
import { BadRequestError } from './errors';

/** What the service needs of a session (a fake in some tests). */
export interface SessionLike {
  start(
    model: ModelFile,
    path: string | null,
    mode: 'run' | 'step',
    baseDir?: string,
    pace?: number | null,
    threads?: number | null,
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
    threads?: number | null,
  ): void;
  /** Commands to a document without a session are ignored: it may just have ended. */
  control(owner: string, documentId: string, command: TrainingCommand): void;
  end(owner: string, documentId: string): void;
  /** Ends every session of an owner (its window reloaded or closed, its tab went away). */
  endOwner(owner: string): void;
  /** The documents an owner trains (or has trained and not ended). */
  documents(owner: string): string[];
  /**
   * What a page that was away (its socket reconnected mid-run) missed, per document of the
   * owner: the latest frame, carrying the run's epoch records so far (the last
   * `REPLAY_HISTORY` of them) and its edge ids, then the last checkpoint. A page keeps the
   * records it had and takes the ones after them.
   */
  replay(owner: string): { documentId: string; events: TrainingEvent[] }[];
  /** Ends every session. */
  dispose(): void;
}

export const DEFAULT_MAX_SESSIONS = 8;
/** Epoch records of a run kept for pages that reconnect (oldest dropped past it). */
export const REPLAY_HISTORY = 20_000;

interface Entry {
  owner: string;
  documentId: string;
  session: SessionLike;
  /** The run so far, for `replay`. */
  lastFrame?: ArrayBuffer;
  edgeIds?: string[];
  history: EpochRecord[];
  lastCheckpoint?: { weights: WeightsRecord; resume?: ResumeState };
}

/** Follows a run's frames: the latest one, its edge ids and its epoch records. */
function follow(entry: Entry, buffer: ArrayBuffer): void {
  const header = decodeFrameHeader(buffer);
  if (header.edgeIds) entry.edgeIds = header.edgeIds;
  if (header.history.length) {
    entry.history.push(...header.history);
    if (entry.history.length > REPLAY_HISTORY) {
      entry.history.splice(0, entry.history.length - REPLAY_HISTORY);
    }
  }
  entry.lastFrame = buffer;
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
    start(owner, documentId, model, path, mode, pace = null, threads = null) {
      const key = keyOf(owner, documentId);
      if (!entries.has(key) && entries.size >= maxSessions) {
        throw new BadRequestError(t('services.training.tooMany', { max: maxSessions }));
      }
      end(owner, documentId);
      const valid = validateModel(model);
      if (!valid.ok) {
        emit(owner, documentId, { type: 'problems', problems: valid.problems });
        return;
      }
      const entry: Entry = {
        owner,
        documentId,
        session: null as unknown as SessionLike,
        history: [],
      };
      // A replaced session's worker may still have messages in flight: only the current one speaks.
      const current = () => entries.get(key) === entry;
      entry.session = createSession({
        frame: (buffer) => {
          if (!current()) return;
          follow(entry, buffer);
          emit(owner, documentId, { type: 'frame', buffer });
        },
        checkpoint: (weights, resume) => {
          if (!current()) return;
          entry.lastCheckpoint = { weights, ...(resume ? { resume } : {}) };
          emit(owner, documentId, { type: 'checkpoint', ...entry.lastCheckpoint });
        },
        problems: (problems) =>
          current() && emit(owner, documentId, { type: 'problems', problems }),
      });
      entries.set(key, entry);
      const file = path === null || isAbsolute(path) ? path : resolve(workDir, path);
      // An unsaved document's relative CSV path resolves against the work folder, as the views do.
      entry.session.start(valid.model, file, mode, workDir, pace, threads);
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

    replay(owner) {
      return [...entries.values()]
        .filter((e) => e.owner === owner)
        .map((e) => {
          const events: TrainingEvent[] = [];
          if (e.lastFrame) {
            const frame = decodeFrame(e.lastFrame);
            frame.header = { ...frame.header, history: [...e.history], edgeIds: e.edgeIds };
            events.push({ type: 'frame', buffer: encodeFrame(frame) });
          }
          if (e.lastCheckpoint) events.push({ type: 'checkpoint', ...e.lastCheckpoint });
          return { documentId: e.documentId, events };
        });
    },

    dispose() {
      for (const entry of entries.values()) entry.session.dispose();
      entries.clear();
    },
  };
}
