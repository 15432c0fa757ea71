import { watch } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isTempFileName,
  removeStaleTempFiles,
  STALE_TEMP_MS,
  tempPathFor,
  writeFileAtomic,
} from './atomic-write';
import { useTempDir } from './testing/temp-dir';

const dir = useTempDir('bps-atomic-');

/** Writes a file whose modification time lies `ageMs` in the past. */
async function fileAged(name: string, ageMs: number): Promise<string> {
  const path = join(dir(), name);
  await writeFile(path, 'partial');
  const when = new Date(Date.now() - ageMs);
  await utimes(path, when, when);
  return path;
}

describe('writeFileAtomic', () => {
  it('names its temporary file hidden, beside the target, recognisably ours', () => {
    const temp = tempPathFor(join(dir(), 'out.bpmodel'));
    expect(temp.startsWith(join(dir(), '.out.bpmodel.'))).toBe(true);
    expect(temp.endsWith('.tmp')).toBe(true);
    expect(isTempFileName(temp.slice(dir().length + 1))).toBe(true);
    expect(tempPathFor(join(dir(), 'out.bpmodel'))).not.toBe(temp);
  });

  it('writes a file whose name is as long as a folder allows', async () => {
    const path = join(dir(), `${'n'.repeat(246)}.bpmodel`);
    await writeFileAtomic(path, 'long');
    expect(await readFile(path, 'utf8')).toBe('long');
  });

  it('replaces the content and leaves no temporary file', async () => {
    const path = join(dir(), 'a.bpmodel');
    await writeFileAtomic(path, 'old\n');
    await writeFileAtomic(path, 'new\n');
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect(await readdir(dir())).toEqual(['a.bpmodel']);
  });

  it('creates every file it writes, temporary ones included, under a hidden name', async () => {
    const seen: string[] = [];
    const watcher = watch(dir(), (_event, name) => {
      if (name) seen.push(name);
    });
    try {
      await writeFileAtomic(join(dir(), 'watched.bpmodel'), 'x'.repeat(1 << 20));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      watcher.close();
    }
    const others = [...new Set(seen)].filter((n) => n !== 'watched.bpmodel');
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) {
      expect(name.startsWith('.')).toBe(true);
      expect(isTempFileName(name)).toBe(true);
    }
  });

  it('keeps the permissions of the file it replaces', async () => {
    const path = join(dir(), 'private.bpmodel');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('throws when it cannot finish and removes its temporary file, leaving the old target', async () => {
    const target = join(dir(), 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'keep');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(dir())).toEqual(['taken']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('keep');
    await expect(writeFileAtomic(join(dir(), 'missing', 'x'), 'data')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only our temporary files older than the limit, nothing the user made', async () => {
    const stale = await fileAged('.m.bpmodel.0123456789abcdef.tmp', STALE_TEMP_MS + 60_000);
    const young = await fileAged('.m.bpmodel.fedcba9876543210.tmp', 1_000);
    const mine = [
      await fileAged('m.bpmodel', STALE_TEMP_MS * 10),
      await fileAged('.hidden-notes', STALE_TEMP_MS * 10),
      await fileAged('.m.bpmodel.tmp', STALE_TEMP_MS * 10),
      await fileAged('m.bpmodel.0123456789abcdef.tmp', STALE_TEMP_MS * 10),
      await fileAged('m.bpmodel.20240101', STALE_TEMP_MS * 10),
    ];
    expect(await removeStaleTempFiles(dir())).toEqual([stale]);
    const left = await readdir(dir());
    expect(left).not.toContain('.m.bpmodel.0123456789abcdef.tmp');
    expect(left).toContain(young.slice(dir().length + 1));
    for (const path of mine) expect(left).toContain(path.slice(dir().length + 1));
  });

  it('takes a shorter limit, and says nothing about a folder it cannot read', async () => {
    const young = await fileAged('.m.bpmodel.0123456789abcdef.tmp', 5_000);
    expect(await removeStaleTempFiles(dir(), 1_000)).toEqual([young]);
    expect(await removeStaleTempFiles(join(dir(), 'missing'))).toEqual([]);
  });
});
