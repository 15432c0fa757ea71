/**
 * The Electron shell: one hardened window, native menus and dialogs, and IPC
 * handlers that check their sender and hand everything else to app/services.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  type IpcMainInvokeEvent,
  type RenderProcessGoneDetails,
} from 'electron';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { i18n, language, resolveLanguage, setLanguage, t } from '#src/i18n';
import { createServices, type Services } from '../services';
import { contentSecurityPolicy } from '../shared/csp';
import {
  EVENTS,
  RECOVERY_CHANNELS,
  SEND,
  SERVICE_CHANNELS,
  TRAINING_CHANNELS,
  windowTitle,
  type HostEvents,
  type InvokeChannel,
  type InvokeResult,
  type MenuCommandName,
  type SendContract,
} from '../shared/ipc';
import { exportDialogOptions, importFilter, withEnding } from './interop';
import { menuTemplate } from './menu';
import { BUNDLE_INDEX, BUNDLE_SCHEME, bundleFile } from './protocol';
import { hardenContents } from './security';
import { isTrustedSender, type RendererLocation } from './sender';

const here = import.meta.dirname;
const MODEL_EXTENSION = 'bpmodel';
/** The owner of the window's training sessions (app/services/training.ts). */
const TRAINING_OWNER = 'window';
const modelFilters = () => [
  { name: t('dialogs.native.modelFilter'), extensions: [MODEL_EXTENSION] },
  { name: t('dialogs.native.allFiles'), extensions: ['*'] },
];

const rendererDir = join(here, '../renderer');
const location: RendererLocation = {
  devUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
  pageUrl: BUNDLE_INDEX,
};

// The renderer's own scheme (app/main/protocol.ts): a standard, secure origin, with fetch for
// the engine's WebAssembly. Must be declared before `ready`.
protocol.registerSchemesAsPrivileged([
  { scheme: BUNDLE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Serves `app://bundle/…` from the renderer folder, and nothing outside it. */
async function serveBundle(request: Request): Promise<Response> {
  const file = bundleFile(request.url, rendererDir);
  const response = file ? await net.fetch(pathToFileURL(file).href).catch(() => null) : null;
  if (!response?.ok) return new Response('Not found', { status: 404 });
  const headers = new Headers(response.headers);
  headers.set('x-content-type-options', 'nosniff');
  if (file!.endsWith('.html')) {
    headers.set('content-security-policy', contentSecurityPolicy({ header: true }));
  }
  return new Response(response.body, { status: 200, headers });
}

// Tests (and people keeping several profiles) point the app at another config folder.
if (process.env.BPS_CONFIG_DIR) app.setPath('userData', resolve(process.env.BPS_CONFIG_DIR));

/** The folder dialogs and the file picker start in (tests point it at a temporary folder). */
const workDir = () => resolve(process.env.BPS_WORK_DIR ?? app.getPath('documents'));

let services: Services;
let win: BrowserWindow | undefined;
let lastDir: string | undefined;
/** Files the OS asked us to open before the renderer was ready to hear about them. */
const pendingOpen: string[] = [];
let rendererReady = false;
/** Set once the renderer agreed to close (or cannot answer); the next `close` goes through. */
let closeAllowed = false;
let closeRequestId: number | undefined;
let closeSeq = 0;
/** A quit (Cmd+Q, File ▸ Quit) is closing the window: once it closes, finish quitting (macOS). */
let quitting = false;

function modelPathFromArgs(argv: readonly string[]): string | undefined {
  return argv
    .slice(app.isPackaged ? 1 : 2)
    .find((arg) => !arg.startsWith('-') && extname(arg).toLowerCase() === `.${MODEL_EXTENSION}`);
}

function sendEvent<C extends keyof HostEvents>(channel: C, payload: HostEvents[C]): void {
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
}

function sendCommand(command: MenuCommandName, arg?: string): void {
  sendEvent(EVENTS.menuCommand, { command, arg });
}

function openPath(path: string): void {
  if (rendererReady) sendCommand('document.openPath', path);
  else pendingOpen.push(path);
}

async function refreshMenu(): Promise<void> {
  const recent = await services.documents.recent();
  const template = menuTemplate(
    {
      recent,
      language: language(),
      examples: services.documents.listExamples(),
      send: sendCommand,
      clearRecent: () => void services.documents.clearRecent(),
    },
    { mac: process.platform === 'darwin', packaged: app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function handle<C extends InvokeChannel>(
  channel: C,
  run: (args: unknown[], event: IpcMainInvokeEvent) => Promise<InvokeResult<C>>,
): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event.senderFrame, win?.webContents, location)) {
      throw new Error(`Refused "${channel}" from an untrusted sender.`);
    }
    return run(args, event);
  });
}

function registerIpc(): void {
  for (const channel of SERVICE_CHANNELS) {
    handle(channel, (args) => services.handlers[channel](args) as never);
  }
  for (const channel of TRAINING_CHANNELS) {
    handle(channel, (args) => services.trainingHandlers[channel](args, TRAINING_OWNER) as never);
  }
  // One window: every copy on disk is from an earlier run or a renderer that crashed, none live.
  for (const channel of RECOVERY_CHANNELS) {
    handle(channel, (args) => services.recoveryHandlers[channel](args, TRAINING_OWNER) as never);
  }
  // Training events (and any other hub event for the window); a frame's ArrayBuffer goes as bytes.
  services.events.subscribe((channel, payload, to) => {
    if (to === undefined || to === TRAINING_OWNER) sendEvent(channel, payload);
  });

  handle('dialog:pickData', async () => {
    if (!win) return null;
    const result = await dialog.showOpenDialog(win, {
      title: t('dialogs.native.openData'),
      defaultPath: lastDir ?? workDir(),
      filters: [{ name: t('dialogs.native.csvFilter'), extensions: ['csv'] }],
      properties: ['openFile'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });

  handle('dialog:pickOpen', async () => {
    if (!win) return null;
    const result = await dialog.showOpenDialog(win, {
      title: t('dialogs.native.openModel'),
      defaultPath: lastDir ?? workDir(),
      filters: [modelFilters()[0], importFilter(), ...modelFilters().slice(1)],
      properties: ['openFile'],
    });
    const path = result.canceled ? undefined : result.filePaths[0];
    if (path) lastDir = dirname(path);
    return path ?? null;
  });

  handle('dialog:pickSave', async (args) => {
    if (!win) return null;
    const suggested = typeof args[0] === 'string' && args[0] ? args[0] : t('editor.untitled');
    const name = extname(suggested) ? suggested : `${suggested}.${MODEL_EXTENSION}`;
    const result = await dialog.showSaveDialog(win, {
      title: t('dialogs.native.saveModel'),
      defaultPath: join(lastDir ?? workDir(), name),
      filters: modelFilters(),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    const path = extname(result.filePath)
      ? result.filePath
      : `${result.filePath}.${MODEL_EXTENSION}`;
    lastDir = dirname(path);
    return path;
  });

  handle('dialog:pickExport', async (args) => {
    if (!win) return null;
    const suggested = typeof args[0] === 'string' ? args[0] : '';
    const formatId = typeof args[1] === 'string' ? args[1] : '';
    const options = exportDialogOptions(suggested, formatId, lastDir ?? workDir());
    const result = await dialog.showSaveDialog(win, options);
    if (result.canceled || !result.filePath) return null;
    lastDir = dirname(result.filePath);
    return withEnding(result.filePath, formatId);
  });

  handle('window:setTitle', async (args) => {
    const title = typeof args[0] === 'string' ? args[0] : t('editor.untitled');
    const dirty = args[1] === true;
    win?.setTitle(windowTitle(title, dirty));
    if (process.platform === 'darwin') win?.setDocumentEdited(dirty);
  });

  ipcMain.on(SEND.closeReply, (event, reply: SendContract['window:closeReply']) => {
    if (!isTrustedSender(event.senderFrame, win?.webContents, location)) return;
    if (reply?.id !== closeRequestId) return;
    closeRequestId = undefined;
    if (reply.allowed === true) {
      closeAllowed = true;
      win?.close();
    } else {
      quitting = false; // the user kept the window: the quit that asked is off too
    }
  });
}

/**
 * The page crashed or was killed: its document's unsaved changes are in its recovery copy
 * (written a few seconds after each change). Reloading offers that copy back.
 */
async function offerReload(window: BrowserWindow, details: RenderProcessGoneDetails) {
  if (details.reason === 'clean-exit' || window.isDestroyed()) return;
  services.training.endOwner(TRAINING_OWNER);
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    title: t('common.appName'),
    message: t('dialogs.native.crashed'),
    detail: `${
      details.reason === 'oom'
        ? t('dialogs.native.outOfMemory')
        : t('dialogs.native.ended', { reason: details.reason })
    } ${t('dialogs.native.reloadHint')}`,
    buttons: [t('dialogs.native.reload'), t('dialogs.native.closeWindow')],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (window.isDestroyed()) return;
  if (response === 0) window.webContents.reload();
  else {
    closeAllowed = true;
    window.close();
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: t('common.appName'),
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  hardenContents(window.webContents);
  window.once('ready-to-show', () => window.show());

  window.webContents.on('did-finish-load', () => {
    rendererReady = true;
    for (const path of pendingOpen.splice(0)) sendCommand('document.openPath', path);
  });
  window.webContents.on('did-start-loading', () => {
    rendererReady = false;
    // A reloaded page has forgotten its documents: their sessions go.
    services.training.endOwner(TRAINING_OWNER);
  });

  // Closing asks the renderer first (unsaved changes); a renderer that is gone cannot answer.
  window.on('close', (event) => {
    const contents = window.webContents;
    if (closeAllowed || contents.isCrashed() || contents.isLoading()) return;
    event.preventDefault();
    if (closeRequestId !== undefined) return;
    closeRequestId = ++closeSeq;
    sendEvent(EVENTS.closeRequest, { id: closeRequestId });
  });
  window.on('closed', () => {
    if (win === window) win = undefined;
    services.training.endOwner(TRAINING_OWNER);
    closeAllowed = false;
    closeRequestId = undefined;
    if (quitting) app.quit();
  });

  window.webContents.on('render-process-gone', (_event, details) => {
    void offerReload(window, details);
  });

  void window.loadURL(location.devUrl ?? BUNDLE_INDEX);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const path = modelPathFromArgs(argv);
    if (path) openPath(resolve(path));
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // macOS opens associated files through this event, possibly before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openPath(path);
  });

  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    void services?.dispose();
  });

  void app.whenReady().then(async () => {
    // The system's language until the window says which it shows (app:setLanguage).
    setLanguage(resolveLanguage([...app.getPreferredSystemLanguages(), app.getLocale()]));
    protocol.handle(BUNDLE_SCHEME, serveBundle);
    services = createServices({
      configDir: app.getPath('userData'),
      workDir: workDir(),
    });
    services.documents.onRecentChanged((paths) => {
      for (const path of paths.slice(0, 1)) {
        if (existsSync(path)) app.addRecentDocument(path);
      }
      void refreshMenu();
    });
    registerIpc();
    // The window chose a language (the services' app:setLanguage): the menus follow.
    i18n.on('languageChanged', () => void refreshMenu());
    await refreshMenu();

    const initial = modelPathFromArgs(process.argv);
    if (initial) openPath(resolve(initial));
    win = createWindow();

    app.on('activate', () => {
      if (!win) win = createWindow();
    });
  });
}
