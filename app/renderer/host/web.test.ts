// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelFile } from '#src/model/types';
import type { TrainingEvent } from '../../shared/host';
import { decodeWebFrame, encodeWebFrame, WEB_CLIENT_ID } from '../../shared/ipc';
import { createWebHost, takeToken } from './web';

/** Stands in for the browser's WebSocket: the test opens it and delivers messages. */
class FakeSocket {
  static OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  close() {
    this.readyState = 3;
  }
}

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

describe('web host', () => {
  it('moves the token from the address into the tab storage', () => {
    window.history.replaceState(null, '', '/?token=abc&x=1#h');
    expect(takeToken()).toBe('abc');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    // A reload (no token in the address) still has it.
    expect(takeToken()).toBe('abc');
  });

  it('sends each call with the token and returns the result, or throws the error', async () => {
    window.history.replaceState(null, '', '/?token=t0k');
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      const args = JSON.parse(String(init.body)) as unknown[];
      const body =
        args[0] === 'missing'
          ? { ok: false, error: 'Unknown example "missing".' }
          : { ok: true, result: { name: 'XOR' } };
      return new Response(JSON.stringify(body), { status: body.ok ? 200 : 500 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const host = createWebHost();
    expect(host.kind).toBe('web');
    expect(host.nativeDialogs).toBe(false);
    await expect(host.loadExample('xor')).resolves.toEqual({ name: 'XOR' });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/invoke/examples:load');
    expect((init.headers as Record<string, string>)['x-bps-token']).toBe('t0k');
    await expect(host.loadExample('missing')).rejects.toThrow('Unknown example');
    expect(await host.pickOpenPath()).toBeNull();
  });

  it('reads a data file through the server, with the token, relative to the model', async () => {
    window.history.replaceState(null, '', '/?token=t0k');
    const fetchMock = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ ok: true, result: { ok: true, text: 'x,y\n1,0\n' } })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const host = createWebHost();
    expect(await host.readDataText('/w/m.bpmodel', 'toy.csv')).toEqual({
      ok: true,
      text: 'x,y\n1,0\n',
    });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/invoke/data:readText');
    expect((init.headers as Record<string, string>)['x-bps-token']).toBe('t0k');
    expect(JSON.parse(String(init.body))).toEqual(['/w/m.bpmodel', 'toy.csv']);
    await host.readDataText(null, 'toy.csv');
    expect(JSON.parse(String(fetchMock.mock.calls[1][1].body))).toEqual([null, 'toy.csv']);
  });

  it("tells the server the window's language", async () => {
    window.history.replaceState(null, '', '/?token=t0k');
    const fetchMock = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ ok: true, result: null })),
    );
    vi.stubGlobal('fetch', fetchMock);
    await createWebHost().setLanguage('zh-CN');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/invoke/app:setLanguage');
    expect((init.headers as Record<string, string>)['x-bps-token']).toBe('t0k');
    expect(JSON.parse(String(init.body))).toEqual(['zh-CN']);
  });

  it('without a token, says which address to open', async () => {
    const host = createWebHost();
    await expect(host.recentDocuments()).rejects.toThrow('?token=');
  });

  it('shows the document and its unsaved mark in the tab title', async () => {
    window.history.replaceState(null, '', '/?token=t');
    const host = createWebHost();
    await host.setTitle('xor.bpmodel', true);
    expect(document.title).toBe('● xor.bpmodel — Backprop Studio');
  });

  it('trains as this page: client id on calls and socket, binary frames to their document', async () => {
    window.history.replaceState(null, '', '/?token=t');
    FakeSocket.made = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    const fetchMock = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ ok: true, result: null })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const host = createWebHost();
    const heard: TrainingEvent[] = [];
    const off = host.onTrainingEvent('doc-1', (event) => heard.push(event));
    const socket = FakeSocket.made[0];
    expect(socket.binaryType).toBe('arraybuffer');
    const client = new URL(socket.url).searchParams.get('client')!;
    expect(client).toMatch(WEB_CLIENT_ID);

    // Starting waits for the socket, so the run's first frame (with the edge ids) is heard.
    const started = host.startTraining('doc-1', { name: 'm' } as ModelFile, null, 'run', 20);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchMock).not.toHaveBeenCalled();
    socket.open();
    await started;
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/invoke/training:start');
    expect((init.headers as Record<string, string>)['x-bps-client']).toBe(client);
    expect(JSON.parse(String(init.body))).toEqual(['doc-1', { name: 'm' }, null, 'run', 20, null]);

    const bytes = Float32Array.of(1, 2, 3).buffer;
    socket.onmessage!({ data: encodeWebFrame('doc-1', bytes).buffer });
    socket.onmessage!({ data: encodeWebFrame('doc-2', bytes).buffer });
    socket.onmessage!({ data: new ArrayBuffer(3) });
    socket.onmessage!({
      data: JSON.stringify({
        channel: 'training:event',
        payload: { documentId: 'doc-1', event: { type: 'checkpoint', weights: {} } },
      }),
    });
    expect(heard.map((e) => e.type)).toEqual(['frame', 'checkpoint']);
    const frame = heard[0] as { buffer: ArrayBuffer };
    expect(Array.from(new Float32Array(frame.buffer))).toEqual([1, 2, 3]);

    await host.controlTraining('doc-1', { type: 'pause' });
    await host.endTraining('doc-1');
    expect(fetchMock.mock.calls.map(([u]) => u)).toEqual([
      '/api/invoke/training:start',
      '/api/invoke/training:control',
      '/api/invoke/training:end',
    ]);
    off();
  });

  it('frames a binary message with its document, padded so the frame stays aligned', () => {
    const frame = Uint8Array.of(9, 8, 7, 6, 5).buffer;
    const message = encodeWebFrame('doc-é', frame);
    const length = new DataView(message.buffer).getUint32(0, true);
    expect((message.length - frame.byteLength) % 8).toBe(0);
    expect(message.length - frame.byteLength).toBeGreaterThanOrEqual(4 + length);
    const decoded = decodeWebFrame(message.buffer as ArrayBuffer)!;
    expect(decoded.documentId).toBe('doc-é');
    expect(Array.from(new Uint8Array(decoded.buffer))).toEqual([9, 8, 7, 6, 5]);
    expect(decodeWebFrame(new ArrayBuffer(2))).toBeNull();
    expect(decodeWebFrame(Uint32Array.of(1000).buffer)).toBeNull();
  });
});
