/** Reading a user's file without trusting what its path names: pipes, devices, folders, sizes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileReadError, readRegularFile } from './read-file';

const dir = mkdtempSync(join(tmpdir(), 'bpread-'));

describe('readRegularFile', () => {
  it('reads a regular file as UTF-8', async () => {
    writeFileSync(join(dir, 'ok.csv'), 'x,é\n1,2\n');
    expect(await readRegularFile(join(dir, 'ok.csv'), 1024)).toBe('x,é\n1,2\n');
  });

  it('refuses a named pipe at once, naming it', async () => {
    // A named pipe nobody writes to: reading it the ordinary way waits forever.
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await expect(readRegularFile(fifo, 1024)).rejects.toThrow(
      `${fifo}: is a named pipe (FIFO), not a regular file`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  }, 5000);

  it('refuses a device instead of reading it forever', async () => {
    await expect(readRegularFile('/dev/zero', 1024)).rejects.toThrow(
      '/dev/zero: is a device, not a regular file',
    );
    await expect(readRegularFile('/dev/urandom', 1024)).rejects.toThrow(/is a device/);
  }, 5000);

  it('refuses a folder, a missing file and a file over the cap, with the sizes', async () => {
    mkdirSync(join(dir, 'folder.csv'));
    await expect(readRegularFile(join(dir, 'folder.csv'), 1024)).rejects.toThrow(
      /folder\.csv: is a folder, not a file/,
    );
    await expect(readRegularFile(join(dir, 'missing.csv'), 1024)).rejects.toThrow(
      /missing\.csv: no such file/,
    );
    writeFileSync(join(dir, 'big.csv'), '');
    truncateSync(join(dir, 'big.csv'), 3 * 1048576);
    const refused = await readRegularFile(join(dir, 'big.csv'), 1048576).catch((e) => e);
    expect(refused).toBeInstanceOf(FileReadError);
    expect(refused.message).toBe(`${join(dir, 'big.csv')}: is 3 MB; the limit is 1 MB`);
    expect(refused.size).toBe(3 * 1048576);
  });
});
