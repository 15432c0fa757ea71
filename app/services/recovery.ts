/**
 * Recovery copies of unsaved documents, so nothing is lost to a crash, a killed host or a
 * closed tab. Each open document (a desktop window, a browser tab) writes its unsaved state
 * a few seconds after each change under its own entry id, and removes it once saved or
 * discarded; the next start lists what is left and offers it back.
 *
 * On disk, in `<configDir>/recovery/`, two files an entry, each written atomically:
 *   `<id>.bpmodel`  the document as a model file (the same writer as Save);
 *   `<id>.json`     who wrote it and what it is: `{ version, name, path, savedAt, owner }`,
 *                   written after the model, so a listed entry's model is at least as new.
 * Plain Node: both hosts and the tests run it as is.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { t, tKey } from '#src/i18n';
import { join } from 'node:path';
import { writeFileAtomic } from '#src/node/atomic-write';
import type { ModelFile } from '#src/model/types';
import type { RecoveryEntry, RecoveryReadResult } from '../shared/host';
import { errorMessage, type ModelIO } from './documents';

/** Entry ids are the renderer's: letters, digits, `_` and `-`, so they are safe file names. */
export const RECOVERY_ID = /^[A-Za-z0-9_-]{1,80}$/;
export const RECOVERY_FOLDER = 'recovery';
/** The name of a copy whose description was never written. */
/** The name of a recovered copy whose description is lost (a catalogue key: show through t()). */
export const UNNAMED = tKey('services.recovery.unnamed');

interface MetaFile {
  version: 1;
  name: string;
  /** The document's file, null when it was never saved. */
  path: string | null;
  /** ISO time of the write. */
  savedAt: string;
  /** Who wrote it: the desktop window, or a browser tab's client id. */
  owner: string;
}

export interface RecoveryService {
  /** Writes (or replaces) the entry: the model first, then its description. */
  write(
    owner: string,
    id: string,
    document: { name: string; path: string | null },
    model: ModelFile,
  ): Promise<void>;
  /**
   * The entries on disk, newest first, except those `isLive` says belong to an owner still
   * running (another tab of the same host). An entry that cannot be read is listed with a
   * `problem` naming its file and what is wrong, so it can be discarded.
   */
  list(isLive?: (owner: string) => boolean): Promise<RecoveryEntry[]>;
  read(id: string): Promise<RecoveryReadResult>;
  /** Removes the entry (no error when there is none). */
  discard(id: string): Promise<void>;
}

/** `file: problem`, as a recovery entry's problem is worded. */
const where = (file: string, problem: string): string =>
  t('services.recovery.where', { file, problem });

function checkId(id: string): string {
  if (!RECOVERY_ID.test(id)) {
    throw new Error(`A recovery entry id must be 1–80 letters, digits, "_" or "-", got "${id}".`);
  }
  return id;
}

function parseMeta(text: string): MetaFile | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return t('services.recovery.notJson', { reason: errorMessage(error) });
  }
  const meta = value as Partial<MetaFile> | null;
  if (typeof meta !== 'object' || meta === null) return t('services.recovery.notObject');
  if (meta.version !== 1)
    return t('services.recovery.version', { version: JSON.stringify(meta.version) });
  if (typeof meta.name !== 'string') return t('services.recovery.notString', { field: 'name' });
  if (meta.path !== null && typeof meta.path !== 'string')
    return t('services.recovery.notString', { field: 'path' });
  if (typeof meta.savedAt !== 'string' || Number.isNaN(Date.parse(meta.savedAt))) {
    return t('services.recovery.notTime');
  }
  if (typeof meta.owner !== 'string') return t('services.recovery.notString', { field: 'owner' });
  return meta as MetaFile;
}

export function createRecoveryService(options: {
  configDir: string;
  io: ModelIO;
  now?: () => Date;
}): RecoveryService {
  const { io } = options;
  const folder = join(options.configDir, RECOVERY_FOLDER);
  const now = options.now ?? (() => new Date());
  const modelFile = (id: string) => join(folder, `${id}.bpmodel`);
  const metaFile = (id: string) => join(folder, `${id}.json`);
  // Writes of one entry run one after another: a slow write never lands after a newer one or a discard.
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(id: string, run: () => Promise<T>): Promise<T> {
    const next = (queues.get(id) ?? Promise.resolve()).then(run);
    const settled = next.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => queues.get(id) === settled && queues.delete(id));
    return next;
  }

  /** The entry as listed, its model, and who wrote it (undefined when its description is missing). */
  async function describe(
    id: string,
  ): Promise<{ entry: RecoveryEntry; model?: ModelFile; owner?: string }> {
    const file = metaFile(id);
    const model = modelFile(id);
    const unreadable = (problem: string) => ({
      entry: { id, name: id, path: null, savedAt: null, problem },
    });
    let read;
    try {
      read = await io.read(model);
    } catch (error) {
      return unreadable(where(model, errorMessage(error)));
    }
    if (!read.ok) {
      const problems = read.problems.map((p) => {
        if (p.message.includes(model)) return p.message; // "cannot read <file>: …"
        const inFile = p.path && p.path !== '(file)' ? where(p.path, p.message) : p.message;
        return where(model, inFile);
      });
      return unreadable(problems.join(t('services.recovery.separator')));
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Killed between the two writes of a first copy: the model is there, offer it without a name.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const savedAt = (await stat(model)).mtime.toISOString();
        return { entry: { id, name: t(UNNAMED), path: null, savedAt }, model: read.model };
      }
      return unreadable(where(file, errorMessage(error)));
    }
    const meta = parseMeta(text);
    if (typeof meta === 'string') return unreadable(where(file, meta));
    return {
      entry: { id, name: meta.name, path: meta.path, savedAt: meta.savedAt },
      model: read.model,
      owner: meta.owner,
    };
  }

  return {
    async write(owner, id, document, model) {
      checkId(id);
      return serial(id, async () => {
        await mkdir(folder, { recursive: true });
        await io.write(modelFile(id), model);
        const meta: MetaFile = {
          version: 1,
          name: document.name,
          path: document.path,
          savedAt: now().toISOString(),
          owner,
        };
        await writeFileAtomic(metaFile(id), JSON.stringify(meta, null, 2) + '\n');
      });
    },

    async list(isLive) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        return []; // no folder yet: nothing to recover
      }
      const ids = new Set<string>();
      for (const name of names) {
        const match = /^(.+)\.(json|bpmodel)$/.exec(name);
        if (match && RECOVERY_ID.test(match[1])) ids.add(match[1]);
      }
      const described = await Promise.all([...ids].map(describe));
      return described
        .filter(({ owner }) => !(owner !== undefined && isLive?.(owner)))
        .map(({ entry }) => entry)
        .sort((a, b) => (b.savedAt ?? '').localeCompare(a.savedAt ?? ''));
    },

    async read(id) {
      const { entry, model } = await describe(checkId(id));
      return model ? { ok: true, entry, model } : { ok: false, message: entry.problem ?? '' };
    },

    async discard(id) {
      checkId(id);
      return serial(id, async () => {
        // The model first: killed in between, what is left is listed with a problem, not restored.
        await rm(modelFile(id), { force: true });
        await rm(metaFile(id), { force: true });
      });
    },
  };
}
