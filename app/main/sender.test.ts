import type { WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { isRendererUrl, isTrustedSender, type RendererLocation } from './sender';

const built: RendererLocation = { pageUrl: 'app://bundle/index.html' };
const dev: RendererLocation = { ...built, devUrl: 'http://localhost:5173/' };

describe('isRendererUrl', () => {
  it('accepts our built page (with a hash or query) and nothing else', () => {
    expect(isRendererUrl('app://bundle/index.html', built)).toBe(true);
    expect(isRendererUrl('app://bundle/index.html#x?y', built)).toBe(true);
    expect(isRendererUrl('app://bundle/other.html', built)).toBe(false);
    expect(isRendererUrl('app://elsewhere/index.html', built)).toBe(false);
    expect(isRendererUrl('file:///app/out/renderer/index.html', built)).toBe(false);
    expect(isRendererUrl('file:///tmp/evil.html', built)).toBe(false);
    expect(isRendererUrl('https://example.com/', built)).toBe(false);
    expect(isRendererUrl('not a url', built)).toBe(false);
  });

  it('in development accepts only the dev server origin', () => {
    expect(isRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('app://bundle/index.html', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const mainFrame = { url: 'app://bundle/index.html' } as WebFrameMain;
  const contents = { mainFrame, isDestroyed: () => false } as unknown as WebContents;

  it('trusts the main frame of our window on our page', () => {
    expect(isTrustedSender(mainFrame, contents, built)).toBe(true);
  });

  it('refuses subframes, other pages, missing frames and closed windows', () => {
    const child = { url: mainFrame.url } as WebFrameMain;
    expect(isTrustedSender(child, contents, built)).toBe(false);
    const elsewhere = { url: 'https://example.com/' } as WebFrameMain;
    const navigated = { mainFrame: elsewhere, isDestroyed: () => false } as unknown as WebContents;
    expect(isTrustedSender(elsewhere, navigated, built)).toBe(false);
    expect(isTrustedSender(null, contents, built)).toBe(false);
    expect(isTrustedSender(mainFrame, undefined, built)).toBe(false);
    const closed = { mainFrame, isDestroyed: () => true } as unknown as WebContents;
    expect(isTrustedSender(mainFrame, closed, built)).toBe(false);
  });
});
