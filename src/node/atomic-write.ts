/**
 * Writing a file so that a crash at any moment (power cut, SIGKILL) leaves
 * either the whole old file or the whole new one: the data goes to a hidden
 * temporary file beside the target (`.out.bpmodel.<16 hex>.tmp`), is flushed
 * to disk, and is renamed over the target; then the folder is flushed so the
 * rename itself survives. A crash can leave only the hidden temporary file,
 * which file pickers (ours and the system's) do not list, and which
 * `removeStaleTempFiles` deletes once it is old enough that no writer can
 * still be using it.
 *
 * Own code rather than write-file-atomic: that package names its temporary
 * files `out.bpmodel.<number>`, visible in every listing.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `.NAME.<16 hex digits>.tmp`: hidden, and recognisably ours. */
const TEMP_NAME = /^\..+\.[0-9a-f]{16}\.tmp$/;

/** A temporary file of ours this old belongs to a writer that died (no save takes minutes). */
export const STALE_TEMP_MS = 10 * 60_000;

/** A fresh temporary path for writing `target`: hidden, in the same folder (so rename is atomic). */
export function tempPathFor(target: string): string {
  // Cut a very long name so the temporary one stays within the usual 255-byte limit.
  const name = basename(target).slice(0, 200);
  return join(dirname(target), `.${name}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Whether a file name is one of our temporary files. */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The permission bits of the file being replaced, so a save keeps them. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined; // a new file: the default mode under the umask
  }
}

/**
 * Flushes a folder's entries (the rename) to disk. Some systems cannot open
 * a folder for this (Windows); there the rename is as durable as they make it.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `data` to `path` atomically: the target is at every moment the whole
 * old file or the whole new one. Throws the file system's error (with its
 * `code`) when it cannot, after removing its temporary file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  const mode = await existingMode(path);
  const handle = await open(temp, 'wx', mode ?? 0o666);
  try {
    try {
      // The umask may have narrowed the mode; a file we may not chmod keeps the default.
      if (mode !== undefined) await handle.chmod(mode).catch(() => undefined);
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}

/**
 * Deletes our temporary files in `dir` older than `olderThanMs` (left by a
 * writer that was killed) and returns their paths. Never throws: a folder it
 * cannot read or a file it cannot delete is left as it is. Files of other
 * names, the user's included, are never touched.
 */
export async function removeStaleTempFiles(
  dir: string,
  olderThanMs: number = STALE_TEMP_MS,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const cutoff = Date.now() - olderThanMs;
  for (const name of names.filter(isTempFileName)) {
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (!info.isFile() || info.mtimeMs > cutoff) continue;
      await unlink(path);
      removed.push(path);
    } catch {
      // gone already, or not ours to delete
    }
  }
  return removed;
}
