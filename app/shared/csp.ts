/**
 * The renderer's Content-Security-Policy, one definition for both hosts: the
 * built index.html carries it as a meta tag (desktop and web), and the web
 * server also sends it as a header (with the WebSocket address and
 * `frame-ancestors`, which a meta tag cannot express).
 *
 * Styles allow 'unsafe-inline' because React Flow positions nodes with style
 * attributes; scripts allow WebAssembly compilation for the engine's kernels
 * and nothing inline.
 */
export function contentSecurityPolicy(
  options: { webSocketOrigin?: string; header?: boolean } = {},
) {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.webSocketOrigin ? ` ${options.webSocketOrigin}` : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.header ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}
