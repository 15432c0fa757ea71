/**
 * A small typed hub for events the host pushes to the renderer. The web
 * server forwards every event to its WebSocket clients; the desktop main
 * process forwards them with `webContents.send`.
 *
 * An event may be addressed (`to`): it is for one owner only, e.g. the
 * browser tab whose training session produced it. Unaddressed events are
 * for everyone.
 */
import type { HostEventChannel, HostEvents } from '../shared/ipc';

export type HostEventListener = <C extends HostEventChannel>(
  channel: C,
  payload: HostEvents[C],
  to?: string,
) => void;

export interface EventHub {
  emit<C extends HostEventChannel>(channel: C, payload: HostEvents[C], to?: string): void;
  subscribe(listener: HostEventListener): () => void;
  clear(): void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<HostEventListener>();
  return {
    emit(channel, payload, to) {
      for (const listener of listeners) listener(channel, payload, to);
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
