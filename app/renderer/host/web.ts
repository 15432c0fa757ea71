/**
 * The browser host: calls the local server started by `npm run web`.
 *
 * The server prints `http://127.0.0.1:PORT/?token=…`; on load the token moves
 * from the address to sessionStorage (so it does not stay in the address bar
 * or history) and goes with every call as the `x-bps-token` header.
 */
import type { Host, MenuCommand } from '../../shared/host';
import {
  EVENTS,
  WEB_EVENTS_PATH,
  WEB_INVOKE_PREFIX,
  WEB_TOKEN_HEADER,
  WEB_TOKEN_PARAM,
  windowTitle,
  type HostEventChannel,
  type HostEvents,
  type InvokeArgs,
  type InvokeResult,
  type ServiceChannel,
  type WebEventMessage,
  type WebInvokeResponse,
} from '../../shared/ipc';

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

/** One WebSocket to the server's event channel, open while anyone listens; reconnects with backoff. */
function createEventChannel(token: string) {
  const listeners = new Set<EventListener>();
  let socket: WebSocket | null = null;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const url = new URL(WEB_EVENTS_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set(WEB_TOKEN_PARAM, token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
    };
    ws.onmessage = (event) => {
      let message: WebEventMessage;
      try {
        message = JSON.parse(String(event.data)) as WebEventMessage;
      } catch {
        return;
      }
      for (const listener of listeners) listener(message.channel, message.payload);
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
  let dirty = false;

  async function invoke<C extends ServiceChannel>(
    channel: C,
    ...args: InvokeArgs<C>
  ): Promise<InvokeResult<C>> {
    if (!token) {
      throw new Error(
        'This page has no access token: open the address `npm run web` printed (it ends in ?token=…).',
      );
    }
    const response = await fetch(WEB_INVOKE_PREFIX + channel, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: token },
      body: JSON.stringify(args),
    });
    let body: WebInvokeResponse<InvokeResult<C>>;
    try {
      body = (await response.json()) as WebInvokeResponse<InvokeResult<C>>;
    } catch {
      throw new Error(`The server answered ${response.status} ${response.statusText}.`);
    }
    if (!body.ok) throw new Error(body.error);
    return body.result;
  }

  const events = token ? createEventChannel(token) : null;

  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  return {
    kind: 'web',
    nativeDialogs: false,
    pickOpenPath: async () => null,
    pickSavePath: async () => null,
    listDirectory: (path) => invoke('fs:listDirectory', path),
    openModel: (path) => invoke('document:open', path),
    saveModel: (path, model, previousPath) => invoke('document:save', path, model, previousPath),
    recentDocuments: () => invoke('recent:list'),
    clearRecentDocuments: () => invoke('recent:clear'),
    listExamples: () => invoke('examples:list'),
    loadExample: (id) => invoke('examples:load', id),
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
  };
}
