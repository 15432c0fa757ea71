/**
 * A CSV's preview for the Data panel, built off the UI thread: the worker
 * (parse.worker.ts) splits the text, guesses each column's type and keeps
 * the first rows plus every row that holds a listed bad cell, so a 50 MB
 * file previews without freezing the window.
 */
import { DataError, readCsvRows } from '#src/model/csv';
import { summarizeColumns, type ColumnSummary } from '#src/model/data-import';
import { language, t, type Language } from '#src/i18n';

export const PREVIEW_ROWS = 100;

export interface CsvPreview {
  header: string[];
  /** The first rows and the rows of listed bad cells, in file order. */
  rows: { line: number; cells: string[] }[];
  rowCount: number;
  columns: ColumnSummary[];
  /** True while only the first rows are read: types and bad cells are of those rows. */
  partial?: boolean;
}

/** What the worker is sent: the CSV, and the language to word its problems in. */
export interface WorkerJob {
  source: string | Blob;
  language: Language;
}

export type WorkerReply =
  | { type: 'progress'; fraction: number }
  /** The first rows, before the whole file is read. */
  | { type: 'head'; preview: CsvPreview }
  | { type: 'done'; preview: CsvPreview }
  | { type: 'error'; problems: string[] };

/** The first rows of CSV text, shown while the rest is read (never throws: null when they do not parse). */
export function headPreview(text: string): CsvPreview | null {
  // Cut at a line break after about PREVIEW_ROWS lines (a quoted line break only makes the head shorter).
  let end = 0;
  for (let i = 0; i <= PREVIEW_ROWS && end >= 0; i++) end = text.indexOf('\n', end + 1);
  if (end < 0) return null;
  try {
    return { ...buildPreview(text.slice(0, end + 1)), partial: true };
  } catch {
    return null;
  }
}

/** The preview of CSV text (what the worker runs). Throws DataError for a CSV with no usable header or rows. */
export function buildPreview(text: string, onProgress?: (fraction: number) => void): CsvPreview {
  const csv = readCsvRows(text, { onProgress });
  const columns = summarizeColumns(csv);
  const badLines = new Set(columns.flatMap((c) => c.badCells.map((b) => b.line)));
  const rows = csv.rows.filter((r, i) => i < PREVIEW_ROWS || badLines.has(r.line));
  return { header: csv.header, rows, rowCount: csv.rows.length, columns };
}

/** Parses in a Web Worker, reporting progress; rejects with a DataError naming what is wrong. */
export function previewInWorker(
  text: string | Blob,
  onProgress: (fraction: number) => void,
  onHead: (preview: CsvPreview) => void,
): { promise: Promise<CsvPreview>; cancel: () => void } {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  const promise = new Promise<CsvPreview>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const reply = e.data;
      if (reply.type === 'progress') return onProgress(reply.fraction);
      if (reply.type === 'head') return onHead(reply.preview);
      worker.terminate();
      if (reply.type === 'done') resolve(reply.preview);
      else reject(new DataError(reply.problems));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || t('datapanel.csv.readerStopped')));
    };
  });
  worker.postMessage({ source: text, language: language() } satisfies WorkerJob);
  return { promise, cancel: () => worker.terminate() };
}
