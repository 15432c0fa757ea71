/**
 * The document's data, loaded in the window for the views that draw or
 * predict on it (Predictions, step mode, the Data tab). Built-in and inline
 * data are generated here; a CSV file is read through the Host
 * (`readDataText`, relative to the document's file) and parsed here.
 *
 * Loads are shared: the views ask for the same (path, data spec) and get the
 * same promise, so a file is read once, not once per view. Failed loads are
 * not kept, so a file created or fixed afterwards is read on the next ask.
 */
import type { Host } from '../../shared/host';
import { DataError } from '#src/model/csv';
import { loadDataset, type LoadedData } from '#src/model/data';
import type { DataSpec } from '#src/model/types';
import { t } from '#src/i18n';

export type DocumentData = { ok: true; data: LoadedData } | { ok: false; message: string };

/** Loads kept at most (a CSV can be large; the views only ever want the current one or two). */
const MAX_CACHED = 4;

let host: Host | null = null;
const cache = new Map<string, Promise<DocumentData>>();

/** Gives the loader its host (App does, once). Returns a function that takes it away. */
export function connectData(next: Host): () => void {
  host = next;
  cache.clear();
  return () => {
    if (host === next) host = null;
    cache.clear();
  };
}

function messageOf(error: unknown): string {
  if (error instanceof DataError) return error.problems.join('; ');
  return error instanceof Error ? error.message : String(error);
}

async function load(spec: DataSpec, path: string | null): Promise<DocumentData> {
  let text: string | undefined;
  if ('csv' in spec) {
    let message: string;
    try {
      const read = host
        ? await host.readDataText(path, spec.csv)
        : { ok: false as const, message: t('editor.data.noFileAccess') };
      if (read.ok) text = read.text;
      message = read.ok ? '' : read.message;
    } catch (error) {
      message = messageOf(error);
    }
    if (text === undefined) {
      return {
        ok: false,
        message: t('editor.data.cannotRead', { file: spec.csv, reason: message }),
      };
    }
  }
  try {
    const data = await loadDataset(spec, text === undefined ? undefined : () => text!);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, message: t('editor.data.cannotLoad', { reason: messageOf(error) }) };
  }
}

/**
 * The data `spec` describes, for the document saved at `path` (null: unsaved, so a relative
 * CSV path is read from the host's work folder). Never rejects: a failure is a message to show.
 */
export function loadDocumentData(spec: DataSpec, path: string | null): Promise<DocumentData> {
  // Only a CSV file depends on where the document is.
  const key = JSON.stringify('csv' in spec ? [path, spec] : [null, spec]);
  let loading = cache.get(key);
  if (loading) {
    // Most recently used last, so the oldest goes first.
    cache.delete(key);
    cache.set(key, loading);
    return loading;
  }
  loading = load(spec, path);
  cache.set(key, loading);
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  void loading.then((result) => {
    if (!result.ok && cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}
