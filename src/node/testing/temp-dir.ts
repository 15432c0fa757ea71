/** A temporary folder for a test file, made before and removed after its tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * Registers hooks that make a folder named `prefix…` under the system temp folder before each
 * test (`'each'`) or once before all (`'all'`), and remove it afterwards. Returns the folder's
 * path as a getter: the folder exists only once the hook has run.
 */
export function useTempDir(prefix: string, scope: 'each' | 'all' = 'each'): () => string {
  let dir: string | undefined;
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined)
      throw new Error(`useTempDir('${prefix}'): read the folder inside a test`);
    return dir;
  };
}
