/**
 * A small typed hub for events the host pushes to the renderer. The web
 * server forwards every event to its WebSocket clients; the desktop main
 * process forwards them with `webContents.send`.
 */
import type { HostEventChannel, HostEvents } from '../shared/ipc';

export type HostEventListener = <C extends HostEventChannel>(
  channel: C,
  payload: HostEvents[C],
) => void;

export interface EventHub {
  emit<C extends HostEventChannel>(channel: C, payload: HostEvents[C]): void;
  subscribe(listener: HostEventListener): () => void;
  clear(): void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<HostEventListener>();
  return {
    emit(channel, payload) {
      for (const listener of listeners) listener(channel, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}
