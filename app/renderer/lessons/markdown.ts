/**
 * Lesson text to HTML: Markdown by marked, formulas by KaTeX (`$…$` inline,
 * `$$…$$` on lines of their own), the same typesetting as step mode. The
 * text comes from the lesson files bundled with the app, not from users or
 * the network; the page's CSP refuses scripts either way.
 */
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';

const tex = (text: string, displayMode: boolean) =>
  katex.renderToString(text, { displayMode, throwOnError: false, output: 'htmlAndMathml' });

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.indexOf('$$'),
  tokenizer(src) {
    const m = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src);
    if (m) return { type: 'blockMath', raw: m[0], text: m[1].trim() };
    return undefined;
  },
  renderer: (token) => `<div class="bp-lessons__math">${tex(String(token.text), true)}</div>`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.indexOf('$'),
  tokenizer(src) {
    const m = /^\$(?!\$)((?:\\\$|[^$\n])+?)\$/.exec(src);
    if (m) return { type: 'inlineMath', raw: m[0], text: m[1] };
    return undefined;
  },
  renderer: (token) => tex(String(token.text), false),
};

const marked = new Marked({ extensions: [blockMath, inlineMath], gfm: true });

/** A lesson's explanation (blocks). */
export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false });
}

/** A task's one line (no paragraph around it). */
export function renderInline(text: string): string {
  return marked.parseInline(text, { async: false });
}
