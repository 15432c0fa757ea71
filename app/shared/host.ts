/**
 * The one surface the renderer talks to. Two implementations:
 * - desktop: the preload exposes it over IPC to the Electron main process;
 * - browser (`npm run web`): a client that calls the local Node server.
 * Both sides run the same services from app/services.
 *
 * Every method is async and returns plain data (structured-clone / JSON safe).
 */
import type { FileProblem, ModelFile } from '../../src/model/types';

export type HostKind = 'desktop' | 'web';

export type OpenResult =
  | { ok: true; path: string; model: ModelFile }
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

export interface ExampleInfo {
  id: string;
  title: string;
  description: string;
}

/** Commands a native menu (desktop) sends to the renderer; names match registered editor actions. */
export type MenuCommand = string;

export interface Host {
  readonly kind: HostKind;

  /** Asks the user for a model file to open (native dialog on desktop). Null when cancelled. On the web the renderer shows its own picker over `listDirectory`. */
  pickOpenPath(): Promise<string | null>;
  /** Asks the user where to save. Null when cancelled. */
  pickSavePath(suggestedName: string): Promise<string | null>;
  /** Lists a folder (the web host's file picker). Without a path: the working folder. */
  listDirectory(path?: string): Promise<DirListing>;

  /** Reads and validates a model file. Never throws for bad files: problems come back. */
  openModel(path: string): Promise<OpenResult>;
  /** Writes atomically (temporary file + rename) and records it as recent. */
  saveModel(path: string, model: ModelFile): Promise<SaveResult>;
  recentDocuments(): Promise<string[]>;
  clearRecentDocuments(): Promise<void>;

  listExamples(): Promise<ExampleInfo[]>;
  /** An example as a fresh, unsaved document. */
  loadExample(id: string): Promise<ModelFile>;

  /** Shows the document name and unsaved mark in the window title. */
  setTitle(title: string, dirty: boolean): Promise<void>;
  /** Native menu commands (desktop) and other host-initiated actions. Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Desktop: main asks before closing; the renderer answers whether it may close. */
  onCloseRequest(listener: () => Promise<boolean>): () => void;
}
