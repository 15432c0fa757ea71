/**
 * Reading a user's file (a model, a data CSV, predict's input) without trusting what the path
 * names. A path may be a named pipe (reading it waits for a writer forever and holds a libuv
 * thread meanwhile), a device such as /dev/zero (endless), or a folder. So: open without
 * blocking, describe the open handle (not the path, which may change in between), require a
 * regular file no larger than the cap, and read at most that many bytes from the same handle.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** A file that could not be read: `reason` says why in words, `message` also names the file. */
export class FileReadError extends Error {
  /** The file's size, when it was refused for being larger than the cap. */
  readonly size?: number;

  constructor(
    readonly path: string,
    readonly reason: string,
    /** `cause`: the fs error, when the system refused; `size`: see above. */
    options: { cause?: unknown; size?: number } = {},
  ) {
    super(`${path}: ${reason}`, { cause: options.cause });
    this.name = 'FileReadError';
    this.size = options.size;
  }
}

/** An fs error in words (the code alone means little to a user). */
export function reason(error: unknown): string {
  if (error instanceof FileReadError) return error.reason;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What a path that is not a regular file is, in words. */
function notAFile(info: Stats): string {
  if (info.isDirectory()) return 'is a folder, not a file';
  if (info.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device, not a regular file';
  if (info.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

export const megabytes = (bytes: number): string => `${Math.ceil(bytes / 1048576)} MB`;

/**
 * The text of the regular file at `path`, read as UTF-8, of at most `maxBytes` bytes.
 * Throws FileReadError (never waits on a pipe, never reads a device).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  return (await readRegularFileBytes(path, maxBytes)).toString('utf8');
}

/** The bytes of the regular file at `path` (model files to import), as `readRegularFile` reads them. */
export async function readRegularFileBytes(path: string, maxBytes: number): Promise<Buffer> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new FileReadError(path, reason(error), { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new FileReadError(path, notAFile(info));
    if (info.size > maxBytes) {
      throw new FileReadError(
        path,
        `is ${megabytes(info.size)}; the limit is ${megabytes(maxBytes)}`,
        { size: info.size },
      );
    }
    // The size the handle had when described; a file that grows meanwhile is read up to it.
    const buffer = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(path, reason(error), { cause: error });
  } finally {
    await handle.close().catch(() => undefined);
  }
}
