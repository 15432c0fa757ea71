#!/usr/bin/env node
/**
 * Rewrites app/'s relative imports of src/ (`'../../../src/model/types'`) to the `#src/…`
 * alias (`'#src/model/types'`): imports only, nothing else of a file changes. src/ keeps
 * relative imports inside itself.
 *
 * The alias is a Node subpath import (package.json "imports"), which Node, tsx, TypeScript,
 * Vite/vitest, electron-vite and Playwright's loader all read without plugins:
 *   "#src/*": "./src/*.ts"             a module: '#src/model/types' → src/model/types.ts
 *   "#src/engine": "./src/engine/index.ts"   a folder's index needs a key of its own
 * (Node maps a subpath to one file and tries no extensions or index files; this script adds
 * the key for every folder app/ imports). Specifiers naming a file with an extension
 * (`.json`, `.mjs`) are left relative and listed.
 *
 *   node scripts/alias-src-imports.mjs          rewrite app/ in place (then Prettier on those files)
 *   node scripts/alias-src-imports.mjs --check  list what would change; exit 1 if anything would
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const srcDir = join(root, 'src');
const check = process.argv.includes('--check');

/** `from '…'`, `import '…'`, `import('…')`, `export … from '…'`, `vi.mock('…')`, `vi.importActual('…')`. */
const IMPORT =
  /(\bfrom\s*|\bimport\s*\(?\s*|\bvi\.(?:mock|importActual|doMock)\s*\(\s*)(['"])(\.\.?\/[^'"\n]*)\2/g;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|mts)$/.test(name)) yield path;
  }
}

const toPosix = (path) => path.split(sep).join('/');
const folderKeys = new Map(); // '#src/engine' → './src/engine/index.ts'
const skipped = [];
const changed = [];

for (const file of files(join(root, 'app'))) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(IMPORT, (whole, before, quote, specifier) => {
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(srcDir + sep)) return whole;
    const rest = toPosix(relative(srcDir, target));
    if (existsSync(`${target}.ts`) || existsSync(`${target}.tsx`)) {
      return `${before}${quote}#src/${rest}${quote}`;
    }
    if (existsSync(join(target, 'index.ts'))) {
      folderKeys.set(`#src/${rest}`, `./src/${rest}/index.ts`);
      return `${before}${quote}#src/${rest}${quote}`;
    }
    skipped.push(`${toPosix(relative(root, file))}: ${specifier}`);
    return whole;
  });
  if (next !== text) {
    changed.push(toPosix(relative(root, file)));
    if (!check) writeFileSync(file, next);
  }
}

// package.json "imports": the folders' keys first, then the pattern.
const pkgPath = join(root, 'package.json');
const pkgText = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);
const keys = { ...pkg.imports };
delete keys['#src/*'];
for (const [key, value] of folderKeys) keys[key] = value;
const imports = Object.fromEntries(Object.entries(keys).sort(([a], [b]) => a.localeCompare(b)));
imports['#src/*'] = './src/*.ts';
const pkgNext = `${JSON.stringify({ ...pkg, imports }, null, 2)}\n`;
// Keep "imports" where it is, or put it after "bin".
const ordered = pkg.imports
  ? pkgNext
  : `${JSON.stringify(
      Object.fromEntries(
        Object.entries(pkg).flatMap(([k, v]) =>
          k === 'bin'
            ? [
                [k, v],
                ['imports', imports],
              ]
            : [[k, v]],
        ),
      ),
      null,
      2,
    )}\n`;
const pkgChanged = ordered !== pkgText;
if (pkgChanged && !check) writeFileSync(pkgPath, ordered);

// Shorter specifiers may let an import fit on one line: Prettier decides, as for any file.
if (!check && changed.length > 0) {
  const prettier = join(root, 'node_modules', '.bin', 'prettier');
  const run = spawnSync(prettier, ['--write', '--log-level', 'warn', ...changed], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exitCode = 1;
}

for (const file of changed) console.log(`${check ? 'would rewrite' : 'rewrote'} ${file}`);
if (pkgChanged) console.log(`${check ? 'would update' : 'updated'} package.json "imports"`);
for (const line of skipped) console.log(`left relative (not a module path): ${line}`);
console.log(`${changed.length} file(s) ${check ? 'to rewrite' : 'rewritten'}`);
if (check && (changed.length > 0 || pkgChanged)) process.exitCode = 1;
