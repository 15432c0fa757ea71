/**
 * The one IPC contract, imported by the Electron main process, the preload,
 * the web server and the renderer's host clients.
 *
 * - `InvokeContract`: request/response operations (renderer → host). On the
 *   desktop they travel over `ipcRenderer.invoke`; on the web as
 *   `POST /api/invoke/<channel>` with the arguments as a JSON array.
 * - `HostEvents`: messages the host pushes to the renderer (desktop: IPC
 *   `webContents.send`; web: the WebSocket at `/api/events`).
 * - `MENU_COMMANDS`: the names native menus send; the editor registers its
 *   actions under the same names.
 *
 * Pure types and constants: no Node, no Electron, no DOM.
 */
import type { FileProblem, ModelFile } from '../../src/model/types';
import type { DirListing, ExampleInfo, OpenResult, SaveResult } from './host';

export type { FileProblem };

/** Request/response operations: `args` is the argument tuple, `result` what the promise resolves to. */
export interface InvokeContract {
  'document:open': { args: [path: string]; result: OpenResult };
  'document:save': {
    args: [path: string, model: ModelFile, previousPath?: string];
    result: SaveResult;
  };
  'recent:list': { args: []; result: string[] };
  'recent:clear': { args: []; result: void };
  'examples:list': { args: []; result: ExampleInfo[] };
  'examples:load': { args: [id: string]; result: ModelFile };
  'fs:listDirectory': { args: [path?: string]; result: DirListing };
  /** Desktop only: native dialogs and the window title. */
  'dialog:pickOpen': { args: []; result: string | null };
  'dialog:pickSave': { args: [suggestedName: string]; result: string | null };
  'window:setTitle': { args: [title: string, dirty: boolean]; result: void };
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

/** Channel names by operation, so call sites never spell a string. */
export const INVOKE = {
  openModel: 'document:open',
  saveModel: 'document:save',
  recentDocuments: 'recent:list',
  clearRecentDocuments: 'recent:clear',
  listExamples: 'examples:list',
  loadExample: 'examples:load',
  listDirectory: 'fs:listDirectory',
  pickOpenPath: 'dialog:pickOpen',
  pickSavePath: 'dialog:pickSave',
  setTitle: 'window:setTitle',
} as const satisfies Record<string, InvokeChannel>;

/**
 * The operations app/services answers, the same on both hosts. The web
 * server exposes exactly these; the desktop adds the dialog and window ones.
 */
export const SERVICE_CHANNELS = [
  'document:open',
  'document:save',
  'recent:list',
  'recent:clear',
  'examples:list',
  'examples:load',
  'fs:listDirectory',
] as const satisfies readonly InvokeChannel[];

export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

export function isServiceChannel(name: string): name is ServiceChannel {
  return (SERVICE_CHANNELS as readonly string[]).includes(name);
}

/**
 * Commands native menus send to the renderer. The editor registers an action
 * under each name; menus, shortcuts and toolbar buttons dispatch by name.
 * Commands marked "arg" come with a string argument.
 *
 * The desktop menu shows the shortcuts but does not capture them (Electron's
 * `registerAccelerator: false`): key presses reach the page, whose shortcut
 * handler is the same on both hosts. So when focus is in a text field, Ctrl+C
 * and friends stay native; a *click* on Edit ▸ Copy sends `edit.copy`.
 */
export const MENU_COMMANDS = [
  'document.new',
  'document.open',
  /** arg: the file path (Open Recent, a file given on the command line, the OS opening a .bpmodel). */
  'document.openPath',
  /** arg: the example id from `listExamples()`. */
  'document.openExample',
  'document.save',
  'document.saveAs',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.selectAll',
  'view.fit',
  'view.autoLayout',
  'view.zoomIn',
  'view.zoomOut',
] as const;

export type MenuCommandName = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(name: string): name is MenuCommandName {
  return (MENU_COMMANDS as readonly string[]).includes(name);
}

/** Messages the host pushes to the renderer. */
export interface HostEvents {
  'menu:command': { command: MenuCommandName; arg?: string };
  /** Desktop: the window wants to close; answer on `window:closeReply` with the same id. */
  'window:closeRequest': { id: number };
}

export type HostEventChannel = keyof HostEvents;

export const EVENTS = {
  menuCommand: 'menu:command',
  closeRequest: 'window:closeRequest',
} as const satisfies Record<string, HostEventChannel>;

/** Renderer → main one-way messages. */
export interface SendContract {
  'window:closeReply': { id: number; allowed: boolean };
}

export const SEND = {
  closeReply: 'window:closeReply',
} as const satisfies Record<string, keyof SendContract>;

/** Web host wire format. */
export const WEB_TOKEN_HEADER = 'x-bps-token';
export const WEB_TOKEN_PARAM = 'token';
export const WEB_INVOKE_PREFIX = '/api/invoke/';
export const WEB_EVENTS_PATH = '/api/events';

export type WebInvokeResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: string };

export interface WebEventMessage<C extends HostEventChannel = HostEventChannel> {
  channel: C;
  payload: HostEvents[C];
}

/** The window (or tab) title for a document: its name, a mark when unsaved, the app name. */
export function windowTitle(documentName: string, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${documentName} — Backprop Studio`;
}
