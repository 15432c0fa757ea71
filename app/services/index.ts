/**
 * `createServices(options)`: everything the hosts expose to the renderer,
 * as plain Node objects. The desktop main process and the web server both
 * call it. Training sessions (`training`) push their events through `events`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  createDocumentService,
  type DocumentService,
  type ExampleSource,
  type ModelIO,
} from './documents';
import { createEventHub, type EventHub } from './events';
import {
  createRecoveryHandlers,
  createServiceHandlers,
  createTrainingHandlers,
  type RecoveryHandlers,
  type ServiceHandlers,
  type TrainingHandlers,
} from './handlers';
import { defaultExamples, defaultModelIO } from './model-io';
import { createRecoveryService, type RecoveryService } from './recovery';
import { createTrainingService, type TrainingService } from './training';

export interface ServicesOptions {
  /** Where settings and the recent list are kept. */
  configDir: string;
  /** The folder file pickers start in. */
  workDir: string;
  /** Save only `.bpmodel` files (the web host: see DocumentServiceOptions). */
  modelFilesOnly?: boolean;
  /** Overrides for tests. */
  io?: ModelIO;
  examples?: ExampleSource;
  /** Training sessions open at once (worker threads). */
  maxTrainingSessions?: number;
}

export interface Services {
  documents: DocumentService;
  /** The contract's service operations, argument-checked, for IPC and HTTP dispatch. */
  handlers: ServiceHandlers;
  /** Host events (menu commands, training events) for the web socket and IPC to forward. */
  events: EventHub;
  training: TrainingService;
  /** The training operations, argument-checked, for the owner the host names. */
  trainingHandlers: TrainingHandlers;
  /** Recovery copies of unsaved documents in `<configDir>/recovery/`. */
  recovery: RecoveryService;
  /** The recovery operations, argument-checked, for the owner the host names. */
  recoveryHandlers: RecoveryHandlers;
  /** Ends every training session and drops the event listeners. */
  dispose(): Promise<void>;
}

export function createServices(options: ServicesOptions): Services {
  const io = options.io ?? defaultModelIO;
  const documents = createDocumentService({
    configDir: options.configDir,
    workDir: options.workDir,
    io,
    examples: options.examples ?? defaultExamples,
    modelFilesOnly: options.modelFilesOnly,
  });
  const events = createEventHub();
  const training = createTrainingService({
    events,
    workDir: options.workDir,
    maxSessions: options.maxTrainingSessions,
  });
  const recovery = createRecoveryService({ configDir: options.configDir, io });
  return {
    documents,
    handlers: createServiceHandlers(documents),
    events,
    training,
    trainingHandlers: createTrainingHandlers(training),
    recovery,
    recoveryHandlers: createRecoveryHandlers(recovery),
    async dispose() {
      training.dispose();
      events.clear();
    },
  };
}

/**
 * The config folder when Electron's userData is not available (web host, tests):
 * `BPS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/backprop-studio`, else `~/.config/backprop-studio`.
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BPS_CONFIG_DIR) return env.BPS_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'backprop-studio');
}

export type { DocumentService, ExampleSource, ModelIO } from './documents';
export type { RecoveryHandlers, ServiceHandlers, TrainingHandlers } from './handlers';
export type { RecoveryService } from './recovery';
export type { TrainingService } from './training';
export { BadRequestError } from './errors';
