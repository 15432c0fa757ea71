#!/usr/bin/env node
/**
 * Checks ARCHITECTURE.md against the tree, both ways:
 * - every folder git knows (tracked, or untracked and not ignored) is named by the tree block:
 *   as an entry (`  engine/`, `    kernels/conv.ts`), or by its path relative to an entry in
 *   that entry's text (`testing/ for tests only`, `built from kernels/assembly`), where
 *   `<name>` stands for any one folder (`locales/<language>/`);
 * - every path the document names exists: the tree's entries, and each path in backticks
 *   (`common/kinds.css`, `src/engine/ops/<kind>.ts`), read from the root or from an entry.
 *
 *   node scripts/check-architecture.mjs   lists what does not match; exit 1 if anything
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const doc = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
});
const files = listed.stdout.split('\n').filter((f) => f && existsSync(join(root, f)));
const folders = new Set();
for (const f of files) {
  const parts = f.split('/');
  for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
}
const skipped = (d) => /(^|\/)\./.test(d) || /^(node_modules|e2e\/artifacts)(\/|$)/.test(d);

// The tree block: entries by indentation, each with the text of its lines and its children's.
const start = doc.indexOf('```\nsrc/');
const block = doc.slice(start + 4, doc.indexOf('```', start + 4));
/** @type {Map<string, string>} */
const entries = new Map();
/** @type {{ indent: number; path: string }[]} */
const stack = [];
for (const line of block.split('\n')) {
  if (!line.trim()) continue;
  const indent = line.length - line.trimStart().length;
  const word = line.trim().split(/\s+/)[0];
  // An entry: a path at an even indent of at most 4, then two spaces (or a folder alone).
  const entry =
    indent % 2 === 0 &&
    indent <= 4 &&
    /^[\w.*<>{},-]+(\/[\w.*<>{},-]+)*\/?$/.test(word) &&
    (word.endsWith('/') || /\.\w+$/.test(word)) &&
    (line.slice(indent + word.length).startsWith('  ') || line.trim() === word);
  if (entry) {
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].path + '/' : '';
    const path = parent + word.replace(/\/$/, '');
    stack.push({ indent, path });
    if (!entries.has(path)) entries.set(path, '');
  }
  for (const { path } of stack) entries.set(path, entries.get(path) + ' ' + line.trim());
}

/**
 * A named path as a pattern: `<x>` and `*` one name or part of one, `{a,b}` either; it matches
 * the path and (unless `exact`) what is under it.
 */
function pattern(path, exact = false) {
  const source = path
    .replace(/\/$/, '')
    .split(/(<[^>]*>|\*|\{[^}]*\})/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.+?^$()[\]\\|]/g, '\\$&');
      if (part.startsWith('{')) return `(${part.slice(1, -1).split(',').join('|')})`;
      return '[^/]+';
    })
    .join('');
  return new RegExp(`^${source}${exact ? '$' : '(/|$)'}`);
}
const exists = (path) => {
  const p = pattern(path);
  return files.some((f) => p.test(f));
};
const pathWords = (text) => text.match(/(?<![\w#@.-])[\w.<>*{}-]+(\/[\w.<>*{},-]+)+\/?/g) ?? [];

const unnamed = [...folders].sort().filter((folder) => {
  if (skipped(folder) || entries.has(folder)) return false;
  const parts = folder.split('/');
  for (let i = parts.length - 1; i >= 1; i--) {
    const text = entries.get(parts.slice(0, i).join('/'));
    if (text === undefined) continue;
    const rel = parts.slice(i).join('/');
    // A path in the text names its folders too (`locales/<language>/<area>.json`: locales/en).
    const named = (w) =>
      w.split('/').some((_, k, all) => pattern(all.slice(0, k + 1).join('/'), true).test(rel));
    const word = new RegExp(`(?<![\\w.-])${rel.replace(/[.]/g, '\\.')}(?![\\w-]|\\.\\w)`);
    if (word.test(text) || pathWords(text).some(named)) return false;
  }
  return !(parts.length === 1 && doc.includes(`${folder}/`));
});

const from = ['', ...[...entries.keys()].map((e) => e + '/')];
const missing = [...entries.keys()].filter((e) => !exists(e)).map((e) => `tree: ${e}`);
const names = new Set([...folders].map((f) => f.split('/').pop()));
for (const [, quoted] of doc.matchAll(/`([^`\s]+)`/g)) {
  // Paths only: a file's name, or a known folder first; not rule names (`import-x/no-cycle`),
  // import specifiers (`'../../src/…'`, `#src/…`) or run-time paths (`<configDir>/…`).
  const path = quoted.includes('/') && !/^['"#<]/.test(quoted);
  if (!path || !(/\.\w+$/.test(quoted) || names.has(quoted.split('/')[0]))) continue;
  if (!from.some((prefix) => exists(prefix + quoted))) missing.push(`named: ${quoted}`);
}

// Paths to files in the tree's text (`steps/forward.ts`, `src/interop/fixtures`), from any entry.
for (const word of new Set(pathWords(block))) {
  const path = word.replace(/[.,;:]+$/, '');
  // Not a placeholder's (`<configDir>/recovery/<id>.bpmodel`, `<language>/NN-name.md`).
  if (/\.\w+$/.test(path) && !path.startsWith('<') && !from.some((p) => exists(p + path)))
    missing.push(`tree text: ${path}`);
}

for (const folder of unnamed) console.log(`not in ARCHITECTURE.md's tree: ${folder}/`);
for (const path of missing) console.log(`named in ARCHITECTURE.md, not in the tree: ${path}`);
process.exit(unnamed.length || missing.length ? 1 : 0);
