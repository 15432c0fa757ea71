/**
 * The service operations of the IPC contract, with their arguments checked:
 * arguments arrive from a renderer (over IPC or HTTP) and are not trusted to
 * have the right types. Both hosts dispatch through this one table.
 */
import { MAX_THREADS } from '#src/engine/parallel';
import { LANGUAGES, setLanguage, type Language } from '#src/i18n';
import type { ModelFile } from '#src/model/types';
import { t } from '#src/i18n';
import type { TrainingCommand } from '../shared/host';
import type { InvokeResult, RecoveryChannel, ServiceChannel, TrainingChannel } from '../shared/ipc';
import type { DocumentService } from './documents';
import { BadRequestError } from './errors';
import { RECOVERY_ID, type RecoveryService } from './recovery';
import type { TrainingService } from './training';

export type ServiceHandlers = {
  [C in ServiceChannel]: (args: readonly unknown[]) => Promise<InvokeResult<C>>;
};

/** The training operations: like the service ones, for the owner the host names (its window, a tab). */
export type TrainingHandlers = {
  [C in TrainingChannel]: (args: readonly unknown[], owner: string) => Promise<InvokeResult<C>>;
};

/**
 * The recovery operations, for the owner the host names. `isLive` (web host): whether an owner
 * still has its tab open, so a tab is not offered the documents other open tabs are editing.
 */
export type RecoveryHandlers = {
  [C in RecoveryChannel]: (
    args: readonly unknown[],
    owner: string,
    isLive?: (owner: string) => boolean,
  ) => Promise<InvokeResult<C>>;
};

function string(args: readonly unknown[], index: number, name: string): string {
  const value = args[index];
  if (typeof value !== 'string' || value.length === 0) {
    throw new BadRequestError(t('services.requests.nonEmpty', { name }));
  }
  return value;
}

function optionalString(args: readonly unknown[], index: number, name: string): string | undefined {
  return args[index] === undefined || args[index] === null ? undefined : string(args, index, name);
}

function model(args: readonly unknown[], index: number): ModelFile {
  const value = args[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError(t('services.requests.model'));
  }
  return value as ModelFile;
}

function language(args: readonly unknown[], index: number): Language {
  const value = args[index];
  const known = LANGUAGES.find((l) => l.code === value);
  if (!known) {
    const codes = LANGUAGES.map((l) => l.code).join(', ');
    throw new BadRequestError(`Argument "language" must be one of ${codes}.`);
  }
  return known.code;
}

export function createServiceHandlers(documents: DocumentService): ServiceHandlers {
  return {
    'document:open': async (args) => documents.open(string(args, 0, 'path')),
    'document:save': async (args) =>
      documents.save(
        string(args, 0, 'path'),
        model(args, 1),
        optionalString(args, 2, 'previousPath'),
      ),
    'document:export': async (args) =>
      documents.exportTo(
        string(args, 0, 'path'),
        model(args, 1),
        args[2] === null || args[2] === undefined ? null : string(args, 2, 'documentPath'),
        string(args, 3, 'formatId'),
      ),
    'recent:list': async () => documents.recent(),
    'recent:clear': async () => documents.clearRecent(),
    'examples:list': async () => documents.listExamples(),
    'examples:load': async (args) => documents.loadExample(string(args, 0, 'id')),
    // One language for the process: the services word their messages in it (src/i18n).
    'app:setLanguage': async (args) => setLanguage(language(args, 0)),
    'fs:listDirectory': async (args) => {
      const path = optionalString(args, 0, 'path');
      try {
        return await documents.listDirectory(path);
      } catch (error) {
        // A folder typed into the picker that is not there is the caller's mistake, not ours.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new BadRequestError(t('services.requests.noFolder', { path }));
        }
        throw error;
      }
    },
    'data:readText': async (args) =>
      documents.readDataText(
        args[0] === null || args[0] === undefined ? null : string(args, 0, 'modelPath'),
        string(args, 1, 'csvPath'),
      ),
  };
}

/** Document ids are the renderer's own short names for open documents. */
const MAX_DOCUMENT_ID = 200;
const MAX_STOP_MESSAGE = 1000;

function documentId(args: readonly unknown[], index: number): string {
  const id = string(args, index, 'documentId');
  if (id.length > MAX_DOCUMENT_ID) {
    throw new BadRequestError(t('services.requests.documentId', { max: MAX_DOCUMENT_ID }));
  }
  return id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function command(args: readonly unknown[], index: number): TrainingCommand {
  const value = args[index];
  if (!isRecord(value)) throw new BadRequestError(t('services.requests.command'));
  switch (value.type) {
    case 'pause':
    case 'resume':
    case 'step':
      return { type: value.type };
    case 'stop': {
      const message = value.message;
      if (message === undefined) return { type: 'stop' };
      if (typeof message !== 'string' || message.length > MAX_STOP_MESSAGE) {
        throw new BadRequestError(t('services.requests.stopMessage', { max: MAX_STOP_MESSAGE }));
      }
      return { type: 'stop', message };
    }
    case 'learningRate': {
      const rate = value.value;
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        throw new BadRequestError(t('services.requests.learningRate'));
      }
      return { type: 'learningRate', value: rate };
    }
    case 'pace':
      return { type: 'pace', updatesPerSecond: pace(value.updatesPerSecond) };
    default:
      throw new BadRequestError(t('services.requests.commandType'));
  }
}

/** Updates per second: a finite number above 0, or null (or absent) for full speed. */
function pace(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new BadRequestError(t('services.requests.pace'));
  }
  return value;
}

/** Threads for a run: a whole number from 1 to MAX_THREADS, or null (or absent) for the machine's default. */
function threads(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_THREADS) {
    throw new BadRequestError(t('services.requests.threads', { max: MAX_THREADS }));
  }
  return value as number;
}

export function createTrainingHandlers(training: TrainingService): TrainingHandlers {
  return {
    'training:start': async (args, owner) => {
      const id = documentId(args, 0);
      const file = model(args, 1);
      const path = args[2] === null || args[2] === undefined ? null : string(args, 2, 'path');
      const mode = args[3] ?? 'run';
      if (mode !== 'run' && mode !== 'step') {
        throw new BadRequestError(t('services.requests.mode'));
      }
      // The model itself is validated by the service: its problems come back as an event.
      training.start(owner, id, file, path, mode, pace(args[4]), threads(args[5]));
    },
    'training:control': async (args, owner) =>
      training.control(owner, documentId(args, 0), command(args, 1)),
    'training:end': async (args, owner) => training.end(owner, documentId(args, 0)),
  };
}

/** Longest document name a recovery copy records (the title bar shows far less). */
const MAX_RECOVERY_NAME = 1000;

function recoveryDocument(args: readonly unknown[], index: number) {
  const value = args[index];
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    value.name.length > MAX_RECOVERY_NAME ||
    (value.path !== null && typeof value.path !== 'string')
  ) {
    throw new BadRequestError(t('services.requests.document', { max: MAX_RECOVERY_NAME }));
  }
  return { name: value.name, path: value.path as string | null };
}

function entryId(args: readonly unknown[], index: number): string {
  const id = string(args, index, 'entryId');
  if (!RECOVERY_ID.test(id)) {
    throw new BadRequestError(t('services.requests.entryId'));
  }
  return id;
}

export function createRecoveryHandlers(recovery: RecoveryService): RecoveryHandlers {
  return {
    'recovery:write': async (args, owner) =>
      recovery.write(owner, entryId(args, 0), recoveryDocument(args, 1), model(args, 2)),
    'recovery:list': async (_args, _owner, isLive) => recovery.list(isLive),
    'recovery:read': async (args) => recovery.read(entryId(args, 0)),
    'recovery:discard': async (args) => recovery.discard(entryId(args, 0)),
  };
}
