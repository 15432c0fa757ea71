/**
 * Reading and writing model files on disk (Node only). Shared by the command
 * line and the app's services. Reading never throws for a bad file: the
 * problems come back. Writing checks the model as reading would (a file we
 * write always opens), then goes through a hidden temporary file renamed over
 * the target (./atomic-write.ts), so a crash mid-save leaves the old file or
 * the new one, never half of one.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { t } from '../i18n';
import type { ReadText } from '../model/data';
import { LIMITS } from '../model/limits';
import { parseModel } from '../model/parse';
import { serializeModel } from '../model/serialize';
import type { FileProblem, ModelFile } from '../model/types';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write';
import { readRegularFile, reason } from './read-file';

export type ReadModelResult =
  | {
      ok: true;
      path: string;
      model: ModelFile;
      /** Reads a data file named in the model, relative to the model file. */
      readText: ReadText;
    }
  | { ok: false; path: string; problems: FileProblem[] };

/**
 * Reads a text file, refusing anything but a regular file (a pipe, a device) and files larger
 * than the model-file limit. Errors name the file.
 */
export function readTextFile(path: string): Promise<string> {
  return readRegularFile(path, LIMITS.maxFileBytes);
}

/** A ReadText that resolves paths relative to `baseDir` and names the file in its errors. */
export function readerFor(baseDir: string): ReadText {
  return (path: string) => readTextFile(resolve(baseDir, path));
}

export async function readModelFile(path: string): Promise<ReadModelResult> {
  const full = resolve(path);
  let text: string;
  try {
    text = await readTextFile(full);
  } catch (error) {
    return {
      ok: false,
      path: full,
      problems: [
        {
          path: '(file)',
          message: t('services.file.cannotRead', { file: full, reason: reason(error) }),
        },
      ],
    };
  }
  const parsed = parseModel(text);
  if (!parsed.ok) return { ok: false, path: full, problems: parsed.problems };
  return { ok: true, path: full, model: parsed.model, readText: readerFor(dirname(full)) };
}

export type WriteModelResult =
  { ok: true; path: string } | { ok: false; path: string; message: string };

/** Problems listed in a refused save's message; the rest are counted. */
const SHOWN_PROBLEMS = 5;

/** "Not saved: …" with the first problems of a model the loader would refuse. */
function invalidModelMessage(full: string, problems: FileProblem[]): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `${p.path}: ${p.message}`);
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(t('services.file.more', { n: rest }));
  return t('services.file.notSaved', {
    file: full,
    problems: shown.join(t('services.file.separator')),
  });
}

/**
 * Writes `model` to `path` atomically, after checking it as `readModelFile`
 * would (a model that would not open is refused, and nothing is written).
 * When the file moves to another folder (`fromPath` given), a relative CSV
 * path is rewritten so it still points at the same data. Stale temporary
 * files of killed saves in the folder are deleted.
 */
export async function writeModelFile(
  path: string,
  model: ModelFile,
  options: { fromPath?: string } = {},
): Promise<WriteModelResult> {
  const full = resolve(path);
  let text: string;
  try {
    const toWrite = options.fromPath
      ? rebaseDataPath(model, dirname(resolve(options.fromPath)), dirname(full))
      : model;
    text = serializeModel(toWrite);
  } catch (error) {
    return {
      ok: false,
      path: full,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  // The loader's own check, on the very text that would be written.
  const check = parseModel(text);
  if (!check.ok)
    return { ok: false, path: full, message: invalidModelMessage(full, check.problems) };
  try {
    await writeFileAtomic(full, text);
    await removeStaleTempFiles(dirname(full));
    return { ok: true, path: full };
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? t('services.file.noFolder', { folder: dirname(full) })
        : reason(error);
    return {
      ok: false,
      path: full,
      message: t('services.file.cannotWrite', { file: full, reason: why }),
    };
  }
}

/** The model with its CSV path rewritten from `fromDir` to `toDir` (unchanged for absolute paths and other data). */
export function rebaseDataPath(model: ModelFile, fromDir: string, toDir: string): ModelFile {
  const data: unknown = model.data; // not yet validated: may be anything
  if (
    typeof data !== 'object' ||
    data === null ||
    !('csv' in model.data) ||
    isAbsolute(model.data.csv) ||
    resolve(fromDir) === resolve(toDir)
  )
    return model;
  const target = resolve(fromDir, model.data.csv);
  const rel = relative(toDir, target).split(sep).join('/');
  return { ...model, data: { ...model.data, csv: rel } };
}
