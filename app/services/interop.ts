/**
 * The documents service's other formats (issue 14): File → Open of an `.onnx` file or a
 * TF.js `model.json` imports it as a new document; File → Export… writes one through
 * src/node/interop-files.ts (every file atomically).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { t } from '#src/i18n';
import { exportFormat } from '#src/interop/formats';
import type { ModelFile } from '#src/model/types';
import { exportModelFile, importModelFile, isImportable } from '#src/node/interop-files';
import type { OpenResult, SaveResult } from '../shared/host';

export { isImportable };

export async function importDocument(path: string): Promise<OpenResult> {
  const result = await importModelFile(path);
  if (!result.ok) return { ok: false, path, problems: [{ path: '', message: result.message }] };
  return { ok: true, path, model: result.model, imported: { hasData: result.hasData } };
}

/** Whether the file at `path` may be replaced by a TF.js export: absent, or a TF.js model already. */
async function replaceableJson(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return true;
  }
  try {
    return typeof (JSON.parse(text) as { modelTopology?: unknown }).modelTopology === 'object';
  } catch {
    return false;
  }
}

export async function exportDocument(
  path: string,
  model: ModelFile,
  documentPath: string | null,
  formatId: string,
  options: { workDir: string; formatEndingOnly: boolean },
): Promise<SaveResult> {
  const format = exportFormat(formatId);
  if (!format)
    return { ok: false, path, message: t('interop.files.unknownExport', { format: formatId }) };
  if (options.formatEndingOnly) {
    // The web host's page may write only files of the format, and no JSON file but a TF.js model.
    if (!path.toLowerCase().endsWith(format.ending)) {
      return {
        ok: false,
        path,
        message: t('interop.files.wrongEnding', { path, ending: format.ending }),
      };
    }
    if (format.ending === '.json' && !(await replaceableJson(path))) {
      return {
        ok: false,
        path,
        message: t('interop.files.notATfjsFile', { name: basename(path) }),
      };
    }
  }
  const result = await exportModelFile(model, documentPath, format, path, options.workDir);
  if (result.ok) return { ok: true, path };
  const message =
    'problems' in result
      ? [
          t('interop.files.notExportable'),
          ...result.problems.map((p) => `${p.path}: ${p.message}`),
        ].join('\n')
      : result.message;
  return { ok: false, path, message };
}
