/**
 * The service operations of the IPC contract, with their arguments checked:
 * arguments arrive from a renderer (over IPC or HTTP) and are not trusted to
 * have the right types. Both hosts dispatch through this one table.
 */
import type { ModelFile } from '../../src/model/types';
import type { InvokeResult, ServiceChannel } from '../shared/ipc';
import type { DocumentService } from './documents';

export type ServiceHandlers = {
  [C in ServiceChannel]: (args: readonly unknown[]) => Promise<InvokeResult<C>>;
};

/** A caller error (wrong arguments): hosts report it as a bad request, not a crash. */
export class BadRequestError extends Error {}

function string(args: readonly unknown[], index: number, name: string): string {
  const value = args[index];
  if (typeof value !== 'string' || value.length === 0) {
    throw new BadRequestError(`Argument "${name}" must be a non-empty string.`);
  }
  return value;
}

function optionalString(args: readonly unknown[], index: number, name: string): string | undefined {
  return args[index] === undefined || args[index] === null ? undefined : string(args, index, name);
}

function model(args: readonly unknown[], index: number): ModelFile {
  const value = args[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError('Argument "model" must be a model object.');
  }
  return value as ModelFile;
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
    'recent:list': async () => documents.recent(),
    'recent:clear': async () => documents.clearRecent(),
    'examples:list': async () => documents.listExamples(),
    'examples:load': async (args) => documents.loadExample(string(args, 0, 'id')),
    'fs:listDirectory': async (args) => documents.listDirectory(optionalString(args, 0, 'path')),
  };
}
