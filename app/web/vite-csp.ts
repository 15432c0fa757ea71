/**
 * A Vite plugin that puts the CSP meta tag into the built index.html (not in
 * dev, where Vite's HMR needs inline scripts and a socket).
 */
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../shared/csp';

export function cspMetaTag(): Plugin {
  return {
    name: 'backprop-studio:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}
