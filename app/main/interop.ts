/** The desktop's native dialogs for other formats (issue 14): Export's save dialog, Open's filter. */
import { extname, join } from 'node:path';
import { t } from '#src/i18n';
import { IMPORT_ENDINGS, formatInfo } from '#src/interop/format-info';

/** Open's extra filter: the models File → Open imports (ONNX, TF.js model.json). */
export function importFilter() {
  return {
    name: t('interop.window.importFilter'),
    extensions: IMPORT_ENDINGS.map((e) => e.slice(1)),
  };
}

/** The save dialog for exporting in `formatId`, starting in `dir` with `suggested` (its ending added). */
export function exportDialogOptions(suggested: string, formatId: string, dir: string) {
  const format = formatInfo(formatId);
  const ending = format?.ending ?? '';
  const name = extname(suggested) ? suggested : `${suggested || 'model'}${ending}`;
  return {
    title: t('interop.window.exportTitle'),
    defaultPath: join(dir, name),
    filters: format ? [{ name: t(format.labelKey), extensions: [ending.slice(1)] }] : [],
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
}

/** The chosen path, with the format's ending added when the user left it out. */
export function withEnding(path: string, formatId: string): string {
  const ending = formatInfo(formatId)?.ending ?? '';
  return path.toLowerCase().endsWith(ending) ? path : `${path}${ending}`;
}
