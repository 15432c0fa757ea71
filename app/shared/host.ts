/**
 * The one surface the renderer talks to. Two implementations:
 * - desktop: the preload exposes it over IPC to the Electron main process;
 * - browser (`npm run web`): a client that calls the local Node server.
 * Both sides run the same services from app/services.
 *
 * Every method is async and returns plain data (structured-clone / JSON safe).
 */
import type { FileProblem, ModelFile } from '#src/model/types';
import type { FromWorker, ToWorker } from '#src/training/protocol';
import type { Language } from '#src/i18n';
import type { MenuCommandName } from './menu-commands';

export type HostKind = 'desktop' | 'web';

export type OpenResult =
  /**
   * `imported`: the file was another format (an ONNX model, a TF.js model.json) read as a new,
   * unsaved document; `hasData` false when it brought no data (a row of zeros stands in).
   */
  | { ok: true; path: string; model: ModelFile; imported?: { hasData: boolean } }
  | { ok: false; path: string; problems: FileProblem[] };

export type SaveResult = { ok: true; path: string } | { ok: false; path: string; message: string };

export interface DirEntry {
  name: string;
  path: string;
  isDirectory: boolean;
}

export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

/** A data file's text, or why it could not be read (the message names the file). */
export type DataTextResult = { ok: true; text: string } | { ok: false; message: string };

export interface ExampleInfo {
  id: string;
  title: string;
  description: string;
}

/** Commands a native menu (desktop) sends to the renderer; names match registered editor actions (`MENU_COMMANDS` in menu-commands.ts). */
export type MenuCommand = MenuCommandName;

/**
 * A command to a running training session: what the worker takes (src/training/protocol.ts)
 * besides `start`, which the host sends itself from `startTraining`.
 */
export type TrainingCommand = Exclude<ToWorker, { type: 'start' }>;

/**
 * What a training session sends back: the worker's messages (an encoded Frame, to decode
 * with `decodeFrame` from src/training/frame.ts; checkpoints, whose weights and `resume` the
 * document keeps; problems, when nothing was trained), and, on the web, `gone`: the host has
 * no session for the document (it was restarted while the document trained); the document
 * keeps the weights of its last checkpoint.
 */
export type TrainingEvent = FromWorker | { type: 'gone' };

/**
 * A recovery copy of an unsaved document (app/services/recovery.ts), as the start-up offer
 * lists it. `problem`: the copy cannot be read (the message names the file); it can only be
 * discarded.
 */
export interface RecoveryEntry {
  id: string;
  name: string;
  /** The document's file, null when it was never saved. */
  path: string | null;
  /** ISO time of the copy, null when unknown. */
  savedAt: string | null;
  problem?: string;
}

export type RecoveryReadResult =
  { ok: true; entry: RecoveryEntry; model: ModelFile } | { ok: false; message: string };

export interface Host {
  readonly kind: HostKind;
  /**
   * True on the desktop: `pickOpenPath` / `pickSavePath` show native dialogs.
   * False on the web: they resolve to null, and the renderer shows its own
   * picker over `listDirectory` instead.
   */
  readonly nativeDialogs: boolean;

  /** Asks the user for a model file to open (native dialog on desktop). Null when cancelled. On the web the renderer shows its own picker over `listDirectory`. */
  pickOpenPath(): Promise<string | null>;
  /** Asks the user for a CSV data file (native dialog on desktop; null on the web, which uses its picker). */
  pickDataPath(): Promise<string | null>;
  /** Asks the user where to save. Null when cancelled. */
  pickSavePath(suggestedName: string): Promise<string | null>;
  /**
   * Asks where to export in a format of src/interop/format-info.ts (native dialog on desktop,
   * filtered to its ending; null on the web, which uses its picker). Null when cancelled.
   */
  pickExportPath(suggestedName: string, formatId: string): Promise<string | null>;
  /**
   * Writes the document in another format (ONNX, TF.js) at `path`, atomically, with any file
   * the format puts beside it. `documentPath` (null when unsaved) resolves a relative CSV path.
   */
  exportModel(
    path: string,
    model: ModelFile,
    documentPath: string | null,
    formatId: string,
  ): Promise<SaveResult>;
  /** Lists a folder (the web host's file picker). Without a path: the working folder. */
  listDirectory(path?: string): Promise<DirListing>;

  /** Reads and validates a model file. Never throws for bad files: problems come back. */
  openModel(path: string): Promise<OpenResult>;
  /**
   * Writes atomically (temporary file + rename) and records it as recent. On Save As, pass the
   * document's `previousPath` so a relative CSV data path is rewritten to still find the data.
   */
  saveModel(path: string, model: ModelFile, previousPath?: string): Promise<SaveResult>;
  recentDocuments(): Promise<string[]>;
  /**
   * Reads a data file a model names (`data.csv`) as UTF-8 text, so the window can draw and
   * predict on it. `csvPath` resolves against the folder of `modelPath` (the document's file),
   * or against the working folder when the document is unsaved (null); an absolute path is
   * taken as is. Folders and files over the size limit (50 MB) are refused. Never throws for
   * a file that cannot be read: `{ ok: false, message }` names the file and the reason.
   */
  readDataText(modelPath: string | null, csvPath: string): Promise<DataTextResult>;
  clearRecentDocuments(): Promise<void>;

  listExamples(): Promise<ExampleInfo[]>;
  /** An example as a fresh, unsaved document. */
  loadExample(id: string): Promise<ModelFile>;

  /**
   * The path of a file dropped on the window, to pass to `openModel`.
   * Desktop: its real path. Web: null (browsers hide paths); read `file.text()` and parse it instead.
   */
  getPathForFile(file: File): string | null;

  /**
   * The window's language, at start and on every switch: the host words its messages (file
   * problems, native dialogs and menus) in it from then on. The web host's server has one
   * language for all its tabs: the last one set.
   */
  setLanguage(language: Language): Promise<void>;

  /** Shows the document name and unsaved mark in the window title. On the web, `dirty` also arms the browser's "leave page?" prompt. */
  setTitle(title: string, dirty: boolean): Promise<void>;
  /**
   * Native menu commands (desktop) and other host-initiated actions, e.g. `document.openPath`
   * when the OS opens a .bpmodel with the app. `arg` is set for the commands ipc.ts marks "arg".
   * Returns an unsubscribe function.
   */
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
  /**
   * Desktop: main asks before closing; the renderer answers whether it may close (ask about unsaved
   * changes first). Without a listener the window closes. Web: never called (the page cannot await
   * before unloading); the host uses the `dirty` flag from `setTitle` instead.
   */
  onCloseRequest(listener: () => Promise<boolean>): () => void;

  /**
   * Training runs main-side (desktop: the main process; web: the local server), in a worker
   * thread, one session per document. `documentId` is the renderer's id for the open document.
   * `start` replaces any session the document had; `path` resolves a relative CSV data path.
   * `mode: 'step'` prepares the run, takes one update and pauses. `pace`: updates per second
   * (null or absent: full speed).
   */
  startTraining(
    documentId: string,
    model: ModelFile,
    path: string | null,
    mode: 'run' | 'step',
    pace?: number | null,
    /** Threads to split each batch across (a setting of this machine); null: cores − 1. */
    threads?: number | null,
  ): Promise<void>;
  controlTraining(documentId: string, command: TrainingCommand): Promise<void>;
  /** Ends the document's session and its worker (document closed or replaced). */
  endTraining(documentId: string): Promise<void>;
  /** Events of one document's session. Returns an unsubscribe function. */
  onTrainingEvent(documentId: string, listener: (event: TrainingEvent) => void): () => void;

  /**
   * Recovery copies (`<configDir>/recovery/`): the renderer writes its unsaved document under
   * its own `entryId` a few seconds after each change and discards it once saved; at start it
   * lists what earlier windows or tabs left (not those of tabs still open) and offers them.
   */
  writeRecovery(
    entryId: string,
    document: { name: string; path: string | null },
    model: ModelFile,
  ): Promise<void>;
  listRecovery(): Promise<RecoveryEntry[]>;
  readRecovery(entryId: string): Promise<RecoveryReadResult>;
  discardRecovery(entryId: string): Promise<void>;
}
