/**
 * Documents: open (read + validate), save (validated, atomic; on the web only
 * `.bpmodel` files), recent documents,
 * directory listings, examples, and the data files models name. Plain Node, no Electron: both hosts and
 * the tests run it as is.
 */
import { existsSync } from 'node:fs';
import { t } from '#src/i18n';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FileProblem, ModelFile } from '#src/model/types';
import { removeStaleTempFiles, writeFileAtomic } from '#src/node/atomic-write';
import { FileReadError, megabytes, readRegularFile } from '#src/node/read-file';
import { exportDocument, importDocument, isImportable } from './interop';
import type {
  DataTextResult,
  DirEntry,
  DirListing,
  ExampleInfo,
  OpenResult,
  SaveResult,
} from '../shared/host';

export type ReadResult = { ok: true; model: ModelFile } | { ok: false; problems: FileProblem[] };

/** How model files are read and written (src/node in production, fakes in tests). */
export interface ModelIO {
  /** Reads and validates; may throw for I/O errors (missing file, no permission). */
  read(path: string): Promise<ReadResult>;
  /**
   * Writes atomically (temporary file + rename). `previousPath`: where the document was
   * before a Save As, so relative data paths can be rewritten to still point at the data.
   */
  write(path: string, model: ModelFile, previousPath?: string): Promise<void>;
}

export interface ExampleSource {
  list(): ExampleInfo[];
  /** A fresh copy, or undefined for an unknown id. */
  load(id: string): ModelFile | undefined;
}

/** Largest data file the window may read (`readDataText`): it parses the whole text in memory. */
export const MAX_DATA_BYTES = 50 * 1024 * 1024;

export interface DocumentServiceOptions {
  /** Where `recent.json` lives (Electron's userData, or ~/.config/backprop-studio). */
  configDir: string;
  /** The folder `listDirectory()` shows without a path, and relative paths resolve against. */
  workDir: string;
  io: ModelIO;
  examples: ExampleSource;
  maxRecent?: number;
  /**
   * Save only to paths ending in `.bpmodel` (the web host, whose file picker is ours: a page
   * must not be able to overwrite other files). The desktop's native dialog lets the user
   * name the file.
   */
  modelFilesOnly?: boolean;
}

export const MODEL_EXTENSION = '.bpmodel';

export interface DocumentService {
  open(path: string): Promise<OpenResult>;
  save(path: string, model: ModelFile, previousPath?: string): Promise<SaveResult>;
  /** Writes the model in another format (./interop.ts); on the web host only to the format's ending. */
  exportTo(
    path: string,
    model: ModelFile,
    documentPath: string | null,
    formatId: string,
  ): Promise<SaveResult>;
  recent(): Promise<string[]>;
  clearRecent(): Promise<void>;
  /** Called with the new list whenever it changes (the desktop rebuilds its Open Recent menu). */
  onRecentChanged(listener: (paths: string[]) => void): () => void;
  listDirectory(path?: string): Promise<DirListing>;
  /**
   * A model's data file as UTF-8 text: `csvPath` relative to the folder of `modelPath`, or to
   * the work folder when the model is unsaved (null). Never throws: the message names the file.
   */
  readDataText(modelPath: string | null, csvPath: string): Promise<DataTextResult>;
  listExamples(): ExampleInfo[];
  loadExample(id: string): ModelFile;
}

interface RecentFile {
  version: 1;
  paths: string[];
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return t('services.documents.notExist');
    if (code === 'EACCES' || code === 'EPERM') return t('services.documents.permission');
    if (code === 'EISDIR') return t('services.documents.isFolder');
    return error.message;
  }
  return String(error);
}

export function createDocumentService(options: DocumentServiceOptions): DocumentService {
  const { configDir, workDir, io, examples } = options;
  const maxRecent = options.maxRecent ?? 10;
  const recentPath = join(configDir, 'recent.json');
  const listeners = new Set<(paths: string[]) => void>();
  let cache: string[] | undefined;
  // Recent-list updates run one after another so concurrent saves cannot lose an entry.
  let queue: Promise<unknown> = Promise.resolve();

  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(workDir, path));

  async function loadRecent(): Promise<string[]> {
    if (cache) return cache;
    try {
      const parsed = JSON.parse(await readFile(recentPath, 'utf8')) as Partial<RecentFile>;
      cache = Array.isArray(parsed.paths)
        ? parsed.paths.filter((p): p is string => typeof p === 'string')
        : [];
    } catch {
      cache = []; // missing or unreadable: start over rather than fail the app
    }
    return cache;
  }

  function updateRecent(change: (paths: string[]) => string[]): Promise<void> {
    const run = queue.then(async () => {
      const next = change(await loadRecent()).slice(0, maxRecent);
      cache = next;
      await mkdir(configDir, { recursive: true });
      const file: RecentFile = { version: 1, paths: next };
      await writeFileAtomic(recentPath, JSON.stringify(file, null, 2) + '\n');
      for (const listener of listeners) listener([...next]);
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const remember = (path: string) =>
    updateRecent((paths) => [path, ...paths.filter((p) => p !== path)]).catch(() => {
      // A recent list that cannot be written must not fail the open or save itself.
    });

  return {
    async open(path) {
      const full = absolute(path);
      // An ONNX model or a TF.js model.json opens as a new, unsaved document (not a recent file).
      if (isImportable(full)) return importDocument(full);
      let result: ReadResult;
      try {
        result = await io.read(full);
      } catch (error) {
        return { ok: false, path: full, problems: [{ path: '', message: errorMessage(error) }] };
      }
      if (!result.ok) return { ok: false, path: full, problems: result.problems };
      await remember(full);
      return { ok: true, path: full, model: result.model };
    },

    async save(path, model, previousPath) {
      const full = absolute(path);
      if (options.modelFilesOnly && !full.toLowerCase().endsWith(MODEL_EXTENSION)) {
        return {
          ok: false,
          path: full,
          message: t('services.documents.modelFilesOnly', { ext: MODEL_EXTENSION, file: full }),
        };
      }
      try {
        await io.write(full, model, previousPath && absolute(previousPath));
      } catch (error) {
        return { ok: false, path: full, message: errorMessage(error) };
      }
      await remember(full);
      return { ok: true, path: full };
    },

    exportTo(path, model, documentPath, formatId) {
      return exportDocument(
        absolute(path),
        model,
        documentPath && absolute(documentPath),
        formatId,
        { workDir, formatEndingOnly: options.modelFilesOnly === true },
      );
    },

    async recent() {
      await queue;
      return (await loadRecent()).filter((p) => existsSync(p));
    },

    clearRecent() {
      return updateRecent(() => []);
    },

    onRecentChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async listDirectory(path) {
      const dir = absolute(path ?? workDir);
      const dirents = await readdir(dir, { withFileTypes: true });
      await removeStaleTempFiles(dir); // hidden anyway; this keeps killed saves from piling up
      const entries: DirEntry[] = dirents
        .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || d.isFile()))
        .map((d) => ({ name: d.name, path: join(dir, d.name), isDirectory: d.isDirectory() }))
        .sort((a, b) =>
          a.isDirectory !== b.isDirectory
            ? a.isDirectory
              ? -1
              : 1
            : a.name.localeCompare(b.name, undefined, { numeric: true }),
        );
      const parent = dirname(dir);
      return { path: dir, parent: parent === dir ? null : parent, entries };
    },

    async readDataText(modelPath, csvPath) {
      const base = modelPath === null ? workDir : dirname(absolute(modelPath));
      const full = resolve(base, csvPath);
      try {
        return { ok: true, text: await readRegularFile(full, MAX_DATA_BYTES) };
      } catch (error) {
        if (!(error instanceof FileReadError) || error.cause !== undefined) {
          const cause = error instanceof FileReadError ? error.cause : error;
          return {
            ok: false,
            message: t('services.documents.dataError', { file: full, reason: errorMessage(cause) }),
          };
        }
        if (error.size === undefined)
          return {
            ok: false,
            message: t('services.documents.dataReason', { file: full, reason: error.reason }),
          };
        return {
          ok: false,
          message: t('services.documents.dataTooBig', {
            file: full,
            size: megabytes(error.size),
            max: megabytes(MAX_DATA_BYTES),
          }),
        };
      }
    },

    listExamples() {
      return examples.list();
    },

    loadExample(id) {
      const model = examples.load(id);
      if (!model) throw new Error(t('services.documents.unknownExample', { id }));
      return model;
    },
  };
}
