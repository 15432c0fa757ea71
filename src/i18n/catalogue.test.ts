/**
 * The catalogue is complete: both languages have the same keys with the same
 * placeholders, and every key the code asks for by name exists. (Inline text
 * is refused by ESLint's i18next/no-literal-string and the property rule in
 * eslint.config.js.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from './resources';

const ROOT = join(import.meta.dirname, '../..');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

/** Every leaf as `dotted.key → text`, plural forms folded onto their base key. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key.replace(PLURAL, ''), v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

const en = leaves(resources.en.translation as unknown as Tree);
const zh = leaves(resources['zh-CN'].translation as unknown as Tree);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

describe('catalogue', () => {
  it('has every English key in Chinese and no Chinese key English lacks', () => {
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differ = [...en].filter(
      ([k, text]) => zh.has(k) && placeholders(text).join() !== placeholders(zh.get(k)!).join(),
    );
    expect(differ.map(([k]) => k)).toEqual([]);
  });

  it('leaves no text empty', () => {
    const empty = [...en, ...zh].filter(([, text]) => text.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('has every key the code names', () => {
    // src/i18n's own comments show made-up keys.
    const files = ['app', 'src', 'bin']
      .flatMap((d) => sourceFiles(join(ROOT, d)))
      .filter((f) => !f.includes(join('src', 'i18n')));
    const missing: string[] = [];
    // t('area.key'), i18nKey="area.key" and tKey('area.key') (a key kept for later translation).
    const call = /(?:\bt|\btKey|i18nKey=)\(?\s*['"]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"]/g;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(call)) {
        if (!en.has(m[1])) missing.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
