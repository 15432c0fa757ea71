/**
 * The preload (sandboxed, bundled to CommonJS): exposes the Host surface as
 * `window.host`, one method per operation of app/shared/ipc.ts. The page never
 * sees `ipcRenderer`; subscriptions return an unsubscribe function.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Host, MenuCommand, TrainingEvent } from '../shared/host';
import {
  EVENTS,
  INVOKE,
  isMenuCommand,
  SEND,
  type HostEvents,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type SendContract,
  windowTitle,
} from '../shared/ipc';

function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

const closeListeners = new Set<() => Promise<boolean>>();

type MenuListener = (command: MenuCommand, arg?: string) => void;
const menuListeners = new Set<MenuListener>();
/** Commands that came before the page listened (a file opened with the app at launch). */
const pendingCommands: HostEvents['menu:command'][] = [];

ipcRenderer.on(EVENTS.menuCommand, (_event, payload: HostEvents['menu:command']) => {
  if (!payload || !isMenuCommand(payload.command)) return;
  if (menuListeners.size === 0) pendingCommands.push(payload);
  for (const listener of menuListeners) listener(payload.command, payload.arg);
});

/** Training listeners by document: one IPC listener serves them all. */
const trainingListeners = new Map<string, Set<(event: TrainingEvent) => void>>();

ipcRenderer.on(EVENTS.trainingEvent, (_event, payload: HostEvents['training:event']) => {
  if (!payload || typeof payload.documentId !== 'string') return;
  for (const listener of trainingListeners.get(payload.documentId) ?? []) listener(payload.event);
});

ipcRenderer.on(EVENTS.closeRequest, async (_event, request: HostEvents['window:closeRequest']) => {
  let allowed = true;
  for (const listener of closeListeners) {
    try {
      if (!(await listener())) {
        allowed = false;
        break;
      }
    } catch (error) {
      // A listener that fails cannot ask the user; do not trap them in the window.
      console.error('close listener failed', error);
    }
  }
  const reply: SendContract['window:closeReply'] = { id: request.id, allowed };
  ipcRenderer.send(SEND.closeReply, reply);
});

const host: Host = {
  kind: 'desktop',
  nativeDialogs: true,
  pickOpenPath: () => invoke(INVOKE.pickOpenPath),
  pickDataPath: () => invoke(INVOKE.pickDataPath),
  pickSavePath: (suggestedName) => invoke(INVOKE.pickSavePath, suggestedName),
  pickExportPath: (suggestedName, formatId) =>
    invoke(INVOKE.pickExportPath, suggestedName, formatId),
  exportModel: (path, model, documentPath, formatId) =>
    invoke(INVOKE.exportModel, path, model, documentPath, formatId),
  listDirectory: (path) => invoke(INVOKE.listDirectory, path),
  openModel: (path) => invoke(INVOKE.openModel, path),
  saveModel: (path, model, previousPath) => invoke(INVOKE.saveModel, path, model, previousPath),
  recentDocuments: () => invoke(INVOKE.recentDocuments),
  readDataText: (modelPath, csvPath) => invoke(INVOKE.readDataText, modelPath, csvPath),
  clearRecentDocuments: () => invoke(INVOKE.clearRecentDocuments),
  listExamples: () => invoke(INVOKE.listExamples),
  loadExample: (id) => invoke(INVOKE.loadExample, id),
  getPathForFile: (file) => webUtils.getPathForFile(file) || null,
  setLanguage: (language) => invoke(INVOKE.setLanguage, language),
  setTitle(title, dirty) {
    // The page title too, so the desktop and the web show (and tests read) the same one.
    (globalThis as unknown as { document: { title: string } }).document.title = windowTitle(
      title,
      dirty,
    );
    return invoke(INVOKE.setTitle, title, dirty);
  },
  onMenuCommand(listener) {
    menuListeners.add(listener);
    const queued = pendingCommands.splice(0);
    if (queued.length) {
      queueMicrotask(() => queued.forEach(({ command, arg }) => listener(command, arg)));
    }
    return () => void menuListeners.delete(listener);
  },
  onCloseRequest(listener) {
    closeListeners.add(listener);
    return () => void closeListeners.delete(listener);
  },
  startTraining: (documentId, model, path, mode, pace, threads) =>
    invoke(INVOKE.startTraining, documentId, model, path, mode, pace ?? null, threads ?? null),
  controlTraining: (documentId, command) => invoke(INVOKE.controlTraining, documentId, command),
  endTraining: (documentId) => invoke(INVOKE.endTraining, documentId),
  onTrainingEvent(documentId, listener) {
    const set = trainingListeners.get(documentId) ?? new Set();
    set.add(listener);
    trainingListeners.set(documentId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && trainingListeners.get(documentId) === set) {
        trainingListeners.delete(documentId);
      }
    };
  },
  writeRecovery: (entryId, document, model) =>
    invoke(INVOKE.writeRecovery, entryId, document, model),
  listRecovery: () => invoke(INVOKE.listRecovery),
  readRecovery: (entryId) => invoke(INVOKE.readRecovery, entryId),
  discardRecovery: (entryId) => invoke(INVOKE.discardRecovery, entryId),
};

contextBridge.exposeInMainWorld('host', host);
