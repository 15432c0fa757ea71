/**
 * The one IPC contract, imported by the Electron main process, the preload,
 * the web server and the renderer's host clients.
 *
 * - `InvokeContract`: request/response operations (renderer → host). On the
 *   desktop they travel over `ipcRenderer.invoke`; on the web as
 *   `POST /api/invoke/<channel>` with the arguments as a JSON array.
 * - `HostEvents`: messages the host pushes to the renderer (desktop: IPC
 *   `webContents.send`; web: the WebSocket at `/api/events`, JSON text
 *   messages, except training frames: binary messages, see `encodeWebFrame`).
 * - Training calls (`TRAINING_CHANNELS`) act for an owner: the desktop
 *   window, or a browser tab identified by `x-bps-client`.
 * - `MENU_COMMANDS` (menu-commands.ts, re-exported here): the names native menus
 *   send; the editor registers its actions under the same names.
 *
 * Pure types and constants: no Node, no Electron, no DOM.
 */
import type { FileProblem, ModelFile } from '#src/model/types';
import type {
  DataTextResult,
  DirListing,
  ExampleInfo,
  Host,
  OpenResult,
  SaveResult,
  TrainingEvent,
} from './host';
import type { MenuCommandName } from './menu-commands';

export type { FileProblem };
export { MENU_COMMANDS, isMenuCommand, type MenuCommandName } from './menu-commands';

/** Request/response operations: `args` is the argument tuple, `result` what the promise resolves to. */
export interface InvokeContract {
  'document:open': { args: [path: string]; result: OpenResult };
  'document:save': {
    args: [path: string, model: ModelFile, previousPath?: string];
    result: SaveResult;
  };
  /** Another format (src/interop): `formatId` from src/interop/format-info.ts. */
  'document:export': {
    args: [path: string, model: ModelFile, documentPath: string | null, formatId: string];
    result: SaveResult;
  };
  'recent:list': { args: []; result: string[] };
  'recent:clear': { args: []; result: void };
  'examples:list': { args: []; result: ExampleInfo[] };
  'examples:load': { args: [id: string]; result: ModelFile };
  'fs:listDirectory': { args: [path?: string]; result: DirListing };
  'data:readText': { args: [modelPath: string | null, csvPath: string]; result: DataTextResult };
  /** The window's language (`en`, `zh-CN`): the host's messages and native menus follow it. */
  'app:setLanguage': { args: [language: string]; result: void };
  /** Desktop only: native dialogs and the window title. */
  'dialog:pickOpen': { args: []; result: string | null };
  'dialog:pickSave': { args: [suggestedName: string]; result: string | null };
  'dialog:pickExport': { args: [suggestedName: string, formatId: string]; result: string | null };
  'dialog:pickData': { args: []; result: string | null };
  'window:setTitle': { args: [title: string, dirty: boolean]; result: void };
  /** Training (both hosts): one session per document; events come as `training:event`. */
  'training:start': HostOperation<'startTraining'>;
  'training:control': HostOperation<'controlTraining'>;
  'training:end': HostOperation<'endTraining'>;
  /** Recovery copies (both hosts), for an owner like training: see `RECOVERY_CHANNELS`. */
  'recovery:write': HostOperation<'writeRecovery'>;
  'recovery:list': HostOperation<'listRecovery'>;
  'recovery:read': HostOperation<'readRecovery'>;
  'recovery:discard': HostOperation<'discardRecovery'>;
}

/** A channel that carries one `Host` method as it is: its arguments and what its promise resolves to. */
type HostOperation<M extends keyof Host> = Host[M] extends (...args: infer A) => Promise<infer R>
  ? { args: A; result: R }
  : never;

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

/** Channel names by operation, so call sites never spell a string. */
export const INVOKE = {
  openModel: 'document:open',
  saveModel: 'document:save',
  exportModel: 'document:export',
  recentDocuments: 'recent:list',
  clearRecentDocuments: 'recent:clear',
  listExamples: 'examples:list',
  loadExample: 'examples:load',
  listDirectory: 'fs:listDirectory',
  readDataText: 'data:readText',
  setLanguage: 'app:setLanguage',
  pickOpenPath: 'dialog:pickOpen',
  pickSavePath: 'dialog:pickSave',
  pickExportPath: 'dialog:pickExport',
  pickDataPath: 'dialog:pickData',
  setTitle: 'window:setTitle',
  startTraining: 'training:start',
  controlTraining: 'training:control',
  endTraining: 'training:end',
  writeRecovery: 'recovery:write',
  listRecovery: 'recovery:list',
  readRecovery: 'recovery:read',
  discardRecovery: 'recovery:discard',
} as const satisfies Record<string, InvokeChannel>;

/** A type guard: whether a channel name is one of `channels`. */
const oneOf =
  <C extends InvokeChannel>(channels: readonly C[]) =>
  (name: string): name is C =>
    (channels as readonly string[]).includes(name);

/**
 * The operations app/services answers, the same on both hosts. The web
 * server exposes exactly these; the desktop adds the dialog and window ones.
 */
export const SERVICE_CHANNELS = [
  'document:open',
  'document:save',
  'document:export',
  'recent:list',
  'recent:clear',
  'examples:list',
  'examples:load',
  'fs:listDirectory',
  'data:readText',
  'app:setLanguage',
] as const satisfies readonly InvokeChannel[];

export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

export const isServiceChannel = oneOf(SERVICE_CHANNELS);

/**
 * The training operations, the same on both hosts. Unlike the service
 * channels they act for an owner (the caller whose sessions they are): the
 * desktop window, or one browser tab of the web host (its `x-bps-client` id).
 */
export const TRAINING_CHANNELS = [
  'training:start',
  'training:control',
  'training:end',
] as const satisfies readonly InvokeChannel[];

export type TrainingChannel = (typeof TRAINING_CHANNELS)[number];

export const isTrainingChannel = oneOf(TRAINING_CHANNELS);

/**
 * The recovery operations, the same on both hosts. Like training they act for an owner: a
 * copy records who wrote it, and the web host's list leaves out copies of tabs still open.
 */
export const RECOVERY_CHANNELS = [
  'recovery:write',
  'recovery:list',
  'recovery:read',
  'recovery:discard',
] as const satisfies readonly InvokeChannel[];

export type RecoveryChannel = (typeof RECOVERY_CHANNELS)[number];

export const isRecoveryChannel = oneOf(RECOVERY_CHANNELS);

/** Messages the host pushes to the renderer. */
export interface HostEvents {
  'menu:command': { command: MenuCommandName; arg?: string };
  /** Desktop: the window wants to close; answer on `window:closeReply` with the same id. */
  'window:closeRequest': { id: number };
  /**
   * An event of one document's training session. Desktop: sent as is (structured clone
   * carries a frame's ArrayBuffer as bytes). Web: frames travel as binary WebSocket
   * messages (`encodeWebFrame`), checkpoints and problems as JSON `WebEventMessage`s.
   */
  'training:event': { documentId: string; event: TrainingEvent };
  /**
   * Web: sent on every (re)connection of a tab's socket, before what its sessions' runs did
   * while it was away: the documents the host trains for the tab. A document the tab trains
   * that is not listed lost its session (the host restarted).
   */
  'training:sessions': { documentIds: string[] };
}

export type HostEventChannel = keyof HostEvents;

export const EVENTS = {
  menuCommand: 'menu:command',
  closeRequest: 'window:closeRequest',
  trainingEvent: 'training:event',
  trainingSessions: 'training:sessions',
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
/**
 * The web host's id for one page (browser tab): sent with training calls as this header and
 * on the WebSocket as `?client=`, so each tab has its own sessions and hears only their
 * events, and a tab that goes away for good has its sessions ended.
 */
export const WEB_CLIENT_HEADER = 'x-bps-client';
export const WEB_CLIENT_PARAM = 'client';
export const WEB_CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

export type WebInvokeResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: string };

export interface WebEventMessage<C extends HostEventChannel = HostEventChannel> {
  channel: C;
  payload: HostEvents[C];
}

/**
 * A training frame as one binary WebSocket message (JSON messages are text):
 *
 *   u32 little-endian n | n bytes UTF-8 JSON `{ channel: 'training:event', documentId }`
 *   | zero padding to a multiple of 8 | the encoded frame (src/training/frame.ts), as is
 *
 * The padding keeps the frame's Float32 arrays aligned if a reader views them in place.
 */
export interface WebFrameEnvelope {
  channel: 'training:event';
  documentId: string;
}

export function encodeWebFrame(documentId: string, frame: ArrayBuffer): Uint8Array {
  const envelope: WebFrameEnvelope = { channel: EVENTS.trainingEvent, documentId };
  const json = new TextEncoder().encode(JSON.stringify(envelope));
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const bytes = new Uint8Array(start + frame.byteLength);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  bytes.set(new Uint8Array(frame), start);
  return bytes;
}

/** Reads a binary message: the document and a copy of the frame's bytes, or null when malformed. */
export function decodeWebFrame(
  data: ArrayBuffer,
): { documentId: string; buffer: ArrayBuffer } | null {
  if (data.byteLength < 4) return null;
  const length = new DataView(data).getUint32(0, true);
  const start = Math.ceil((4 + length) / 8) * 8;
  if (start > data.byteLength) return null;
  let envelope: Partial<WebFrameEnvelope>;
  try {
    envelope = JSON.parse(
      new TextDecoder().decode(new Uint8Array(data, 4, length)),
    ) as Partial<WebFrameEnvelope>;
  } catch {
    return null;
  }
  if (envelope?.channel !== EVENTS.trainingEvent || typeof envelope.documentId !== 'string') {
    return null;
  }
  return { documentId: envelope.documentId, buffer: data.slice(start) };
}

/** The window (or tab) title for a document: its name, a mark when unsaved, the app name. */
export function windowTitle(documentName: string, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${documentName} — Backprop Studio`;
}
