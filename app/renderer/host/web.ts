/**
 * The browser host: calls the local server started by `npm run web`.
 *
 * The server prints `http://127.0.0.1:PORT/?token=…`; on load the token moves
 * from the address to sessionStorage (so it does not stay in the address bar
 * or history) and goes with every call as the `x-bps-token` header.
 *
 * Training: the page names itself with a random client id (training calls'
 * `x-bps-client` header, the WebSocket's `?client=`), so its sessions are its
 * own. Frames arrive as binary WebSocket messages (`decodeWebFrame`).
 */
import type { Host, MenuCommand, TrainingEvent } from '../../shared/host';
import {
  decodeWebFrame,
  EVENTS,
  WEB_CLIENT_HEADER,
  WEB_CLIENT_PARAM,
  WEB_EVENTS_PATH,
  WEB_INVOKE_PREFIX,
  WEB_TOKEN_HEADER,
  WEB_TOKEN_PARAM,
  windowTitle,
  type HostEventChannel,
  type HostEvents,
  type InvokeArgs,
  type InvokeResult,
  type RecoveryChannel,
  type ServiceChannel,
  type TrainingChannel,
  type WebEventMessage,
  type WebInvokeResponse,
} from '../../shared/ipc';
import { t } from '#src/i18n';

const TOKEN_KEY = 'backprop-studio.token';

/** Takes the token out of the address (keeping it for this tab) and returns it. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(WEB_TOKEN_PARAM);
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete(WEB_TOKEN_PARAM);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}

type EventListener = <C extends HostEventChannel>(channel: C, payload: HostEvents[C]) => void;

/** This page's id for the server (letters, digits, `-`: WEB_CLIENT_ID). */
function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How long `startTraining` waits for the event socket, so the run's first frames are not missed. */
const OPEN_WAIT_MS = 5000;

/** One WebSocket to the server's event channel, open while anyone listens; reconnects with backoff. */
function createEventChannel(token: string, client: string) {
  const listeners = new Set<EventListener>();
  let socket: WebSocket | null = null;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let openWaiters: (() => void)[] = [];

  const dispatch: EventListener = (channel, payload) => {
    for (const listener of listeners) listener(channel, payload);
  };

  const connect = () => {
    const url = new URL(WEB_EVENTS_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set(WEB_TOKEN_PARAM, token);
    url.searchParams.set(WEB_CLIENT_PARAM, client);
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      const waiters = openWaiters;
      openWaiters = [];
      waiters.forEach((resolve) => resolve());
    };
    ws.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) {
        const frame = decodeWebFrame(event.data);
        if (!frame) return;
        const { documentId, buffer } = frame;
        dispatch(EVENTS.trainingEvent, { documentId, event: { type: 'frame', buffer } });
        return;
      }
      let message: WebEventMessage;
      try {
        message = JSON.parse(String(event.data)) as WebEventMessage;
      } catch {
        return;
      }
      dispatch(message.channel, message.payload);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      retry = Math.min(retry + 1, 6);
      timer = setTimeout(connect, 250 * 2 ** retry);
    };
  };

  return {
    /** Resolves once the socket is open (connecting if needed), or after `OPEN_WAIT_MS`. */
    whenOpen(): Promise<void> {
      if (socket?.readyState === WebSocket.OPEN) return Promise.resolve();
      if (!socket && timer === undefined) connect();
      return new Promise<void>((resolve) => {
        openWaiters.push(resolve);
        setTimeout(resolve, OPEN_WAIT_MS);
      });
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      if (!socket && timer === undefined) connect();
      return () => {
        listeners.delete(listener);
        // Close a little later: a listener that resubscribes at once (React's effects do) keeps the socket.
        setTimeout(() => {
          if (listeners.size > 0) return;
          clearTimeout(timer);
          timer = undefined;
          const ws = socket;
          socket = null;
          ws?.close();
        }, 1000);
      };
    },
  };
}

export function createWebHost(): Host {
  const token = takeToken();
  const client = newClientId();
  let dirty = false;

  async function invoke<C extends ServiceChannel | TrainingChannel | RecoveryChannel>(
    channel: C,
    ...args: InvokeArgs<C>
  ): Promise<InvokeResult<C>> {
    if (!token) {
      throw new Error(t('editor.host.noToken'));
    }
    let response: Response;
    try {
      response = await fetch(WEB_INVOKE_PREFIX + channel, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEB_TOKEN_HEADER]: token,
          [WEB_CLIENT_HEADER]: client,
        },
        body: JSON.stringify(args),
      });
    } catch {
      // The document stays in this tab; once the server runs again (same address), calls go on.
      throw new Error(t('editor.host.noAnswer', { address: window.location.host }));
    }
    let body: WebInvokeResponse<InvokeResult<C>>;
    try {
      body = (await response.json()) as WebInvokeResponse<InvokeResult<C>>;
    } catch {
      throw new Error(
        t('editor.host.badAnswer', { status: `${response.status} ${response.statusText}`.trim() }),
      );
    }
    if (!body.ok) throw new Error(body.error);
    return body.result;
  }

  const events = token ? createEventChannel(token, client) : null;

  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  return {
    kind: 'web',
    nativeDialogs: false,
    pickOpenPath: async () => null,
    pickDataPath: async () => null,
    pickSavePath: async () => null,
    pickExportPath: async () => null,
    exportModel: (path, model, documentPath, formatId) =>
      invoke('document:export', path, model, documentPath, formatId),
    listDirectory: (path) => invoke('fs:listDirectory', path),
    openModel: (path) => invoke('document:open', path),
    saveModel: (path, model, previousPath) => invoke('document:save', path, model, previousPath),
    recentDocuments: () => invoke('recent:list'),
    readDataText: (modelPath, csvPath) => invoke('data:readText', modelPath, csvPath),
    clearRecentDocuments: () => invoke('recent:clear'),
    listExamples: () => invoke('examples:list'),
    loadExample: (id) => invoke('examples:load', id),
    setLanguage: (language) => invoke('app:setLanguage', language),
    getPathForFile: () => null,
    async setTitle(title, isDirty) {
      dirty = isDirty;
      document.title = windowTitle(title, isDirty);
    },
    onMenuCommand(listener: (command: MenuCommand, arg?: string) => void) {
      if (!events) return () => undefined;
      return events.subscribe((channel, payload) => {
        if (channel !== EVENTS.menuCommand) return;
        const { command, arg } = payload as HostEvents['menu:command'];
        listener(command, arg);
      });
    },
    onCloseRequest() {
      // A page cannot await before unloading; `setTitle(…, dirty)` arms the browser's prompt instead.
      return () => undefined;
    },
    async startTraining(documentId, model, path, mode, pace, threads) {
      // Frames go only to this page's open sockets: have one before the run's first frame.
      await events?.whenOpen();
      return invoke('training:start', documentId, model, path, mode, pace ?? null, threads ?? null);
    },
    controlTraining: (documentId, command) => invoke('training:control', documentId, command),
    endTraining: (documentId) => invoke('training:end', documentId),
    onTrainingEvent(documentId, listener: (event: TrainingEvent) => void) {
      if (!events) return () => undefined;
      return events.subscribe((channel, payload) => {
        if (channel === EVENTS.trainingSessions) {
          // The socket (re)connected: a document the host no longer trains lost its session.
          const { documentIds } = payload as HostEvents['training:sessions'];
          if (!documentIds.includes(documentId)) listener({ type: 'gone' });
          return;
        }
        if (channel !== EVENTS.trainingEvent) return;
        const message = payload as HostEvents['training:event'];
        if (message.documentId === documentId) listener(message.event);
      });
    },
    writeRecovery: (entryId, doc, model) => invoke('recovery:write', entryId, doc, model),
    listRecovery: () => invoke('recovery:list'),
    readRecovery: (entryId) => invoke('recovery:read', entryId),
    discardRecovery: (entryId) => invoke('recovery:discard', entryId),
  };
}
