/**
 * The window's side of other formats (issue 14): File → Export… (format dialog, then the
 * native save dialog on the desktop or the in-app picker on the web, then the host writes
 * the files), and the note File → Open shows after importing a model that brought no data.
 */
import { formatInfo } from '#src/interop/format-info';
import type { Host } from '../../shared/host';
import { register } from '../actions/registry';
import { t, tKey } from '../common/i18n';
import { toModelFile, useDocument } from '../store/document';
import { ask, pickFileInApp, showMessage } from '../store/ui';

const LAST_FORMAT_KEY = 'backprop-studio.export-format';

function lastFormat(): string {
  try {
    const id = window.localStorage.getItem(LAST_FORMAT_KEY);
    if (id && formatInfo(id)) return id;
  } catch {
    // Storage off: start from ONNX.
  }
  return 'onnx';
}

function rememberFormat(id: string) {
  try {
    window.localStorage.setItem(LAST_FORMAT_KEY, id);
  } catch {
    // The choice holds for this session only.
  }
}

/** The format dialog: resolves the chosen format's id, or null when cancelled. */
export function chooseExportFormat(name: string): Promise<string | null> {
  return ask((resolve) => ({ type: 'export', name, initial: lastFormat(), resolve }));
}

/** `spiral.onnx` for a document named "spiral" (or "spiral.bpmodel"); TF.js: `model.json`. */
export function suggestedExportName(name: string, formatId: string): string {
  const format = formatInfo(formatId);
  if (!format) return name;
  const stem = name.replace(/\.bpmodel$/i, '').trim() || 'model';
  return format.id === 'tfjs' ? 'model.json' : `${stem}${format.ending}`;
}

export async function exportDocument(host: Host): Promise<boolean> {
  const { name, path: documentPath } = useDocument.getState();
  const formatId = await chooseExportFormat(name);
  const format = formatId ? formatInfo(formatId) : undefined;
  if (!format) return false;
  rememberFormat(format.id);
  const suggested = suggestedExportName(name, format.id);
  const path = host.nativeDialogs
    ? await host.pickExportPath(suggested, format.id)
    : await pickFileInApp('save', suggested, [format.ending]);
  if (!path) return false;
  let result;
  try {
    result = await host.exportModel(path, toModelFile(null), documentPath, format.id);
  } catch (err) {
    result = {
      ok: false as const,
      path,
      message: err instanceof Error ? err.message : String(err),
    };
  }
  if (!result.ok) {
    showMessage(t('interop.window.exportFailed', { format: t(format.labelKey) }), result.message);
    return false;
  }
  return true;
}

export function registerInteropActions() {
  register({
    name: 'document.export',
    label: tKey('interop.window.exportMenu'),
    perform: async (ctx) => {
      await exportDocument(ctx.host);
    },
  });
}
