/**
 * Exporting a model file to another format and importing one, on disk (Node only): the
 * command line and the app's services both call these. Every file an export writes goes
 * through a temporary file renamed into place (./atomic-write.ts); an import reads the model
 * and the weight files it names beside it, refusing any that would leave its folder.
 */
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { t } from '../i18n';
import { importFormatFor, type ExportFormat } from '../interop/formats';
import { exportInput } from '../interop/input';
import { ExportError, ImportError, type Imported } from '../interop/types';
import { prepareModel } from '../model/prepare';
import type { FileProblem, ModelFile } from '../model/types';
import { appVersion } from './app-version';
import { writeFileAtomic } from './atomic-write';
import { readerFor } from './model-files';
import { readRegularFileBytes, reason } from './read-file';

/** Largest model or weights file an import reads. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export type ExportResult =
  | { ok: true; paths: string[] }
  | { ok: false; problems: FileProblem[] }
  | { ok: false; message: string };

/**
 * Writes `model` in `format` to `outPath` (and any files beside it the format needs).
 * `modelPath` is where the document is saved (null when unsaved): a CSV data path resolves
 * against its folder, as training does.
 */
export async function exportModelFile(
  model: ModelFile,
  modelPath: string | null,
  format: ExportFormat,
  outPath: string,
  workDir = process.cwd(),
): Promise<ExportResult> {
  const base = modelPath ? dirname(resolve(modelPath)) : workDir;
  const prepared = await prepareModel(model, { readText: readerFor(base) });
  if (!prepared.ok) return { ok: false, problems: prepared.problems };
  const out = resolve(workDir, outPath);
  let files;
  try {
    // An unsaved document's relative CSV path resolves against `base`: name a file in it.
    const where = modelPath ? resolve(modelPath) : join(base, basename(out));
    files = await format.export(exportInput(prepared, appVersion(), where), basename(out));
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, message: error.message };
    throw error;
  }
  const paths: string[] = [];
  try {
    for (const file of files) {
      const path = join(dirname(out), file.name);
      await writeFileAtomic(path, file.bytes);
      paths.push(path);
    }
  } catch (error) {
    return {
      ok: false,
      message: t('interop.files.cannotWrite', { path: out, why: reason(error) }),
    };
  }
  return { ok: true, paths };
}

export type ImportResult =
  ({ ok: true; path: string } & Imported) | { ok: false; path: string; message: string };

/** Whether the file at `path` is one the importers read (by its name). */
export function isImportable(path: string): boolean {
  return importFormatFor(basename(path)) !== undefined;
}

/** Reads an ONNX model or a TF.js model.json as a new document. Never throws for a bad file. */
export async function importModelFile(path: string): Promise<ImportResult> {
  const full = resolve(path);
  const format = importFormatFor(basename(full));
  if (!format)
    return { ok: false, path: full, message: t('interop.files.unknownFormat', { path: full }) };
  const folder = dirname(full);
  const read = async (file: string): Promise<Uint8Array> => {
    try {
      return await readRegularFileBytes(file, MAX_IMPORT_BYTES);
    } catch (error) {
      throw new ImportError(t('interop.files.cannotRead', { path: file, why: reason(error) }));
    }
  };
  try {
    const imported = await format.import({
      path: full,
      bytes: await read(full),
      readSibling: (relative) => {
        const target = resolve(folder, normalize(relative));
        if (isAbsolute(relative) || !target.startsWith(folder + sep)) {
          throw new ImportError(t('interop.files.outsideFolder', { path: full, name: relative }));
        }
        return read(target);
      },
    });
    return { ok: true, path: full, ...imported };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, path: full, message: error.message };
    throw error;
  }
}
