/**
 * `createServices(options)`: everything the hosts expose to the renderer,
 * as plain Node objects. The desktop main process and the web server both
 * call it; training sessions slot in beside `documents` (next issue) and
 * push their events through `events`.
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
import { createServiceHandlers, type ServiceHandlers } from './handlers';
import { defaultExamples, defaultModelIO } from './model-io';

export interface ServicesOptions {
  /** Where settings and the recent list are kept. */
  configDir: string;
  /** The folder file pickers start in. */
  workDir: string;
  /** Overrides for tests. */
  io?: ModelIO;
  examples?: ExampleSource;
}

export interface Services {
  documents: DocumentService;
  /** The contract's service operations, argument-checked, for IPC and HTTP dispatch. */
  handlers: ServiceHandlers;
  /** Host events (training progress, later) for the web socket and IPC to forward. */
  events: EventHub;
  dispose(): Promise<void>;
}

export function createServices(options: ServicesOptions): Services {
  const documents = createDocumentService({
    configDir: options.configDir,
    workDir: options.workDir,
    io: options.io ?? defaultModelIO,
    examples: options.examples ?? defaultExamples,
  });
  const events = createEventHub();
  return {
    documents,
    handlers: createServiceHandlers(documents),
    events,
    async dispose() {
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
export type { ServiceHandlers } from './handlers';
export { BadRequestError } from './handlers';
