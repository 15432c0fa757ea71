// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebHost, takeToken } from './web';

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
});
