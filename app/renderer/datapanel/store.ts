/**
 * The Data panel's state and flows: which source is shown (a built-in set or
 * a CSV), the CSV's preview as the worker builds it, and applying the choice
 * to the document as one undoable edit, followed by the output-width offer.
 */
import { create } from 'zustand';
import type { Host } from '../../shared/host';
import { DataError, parseCsv } from '#src/model/csv';
import { BUILTIN_DATASETS, type Task } from '#src/model/datasets';
import {
  dataPathFor,
  guessChoice,
  outputFix,
  type ColumnChoice,
  type OutputFix,
} from '#src/model/data-import';
import type { BuiltinDataSpec, DataSpec } from '#src/model/types';
import { toGraph, useDocument } from '../store/document';
import { pickFileInApp } from '../store/ui';
import { previewInWorker, type CsvPreview } from './preview';

export interface CsvSource {
  /** The file's name, for titles. */
  name: string;
  /** Where it is (host dialog, in-app picker, a file dropped on the desktop); null for a file dropped in a browser. */
  path: string | null;
  /** The text, or (a dropped file) the file itself: only the worker reads it, and Embed when applied. */
  text: string | Blob;
}

export type CsvStatus =
  | { kind: 'parsing'; fraction: number; head?: CsvPreview }
  | { kind: 'ready'; preview: CsvPreview }
  | { kind: 'error'; problems: string[] };

export interface CsvOptions extends ColumnChoice {
  standardize: boolean;
  validation: number;
  seed: number;
  /** Keep the rows in the model file instead of the CSV's path. */
  embed: boolean;
}

interface DataPanelState {
  open: boolean;
  tab: 'builtin' | 'csv';
  source: CsvSource | null;
  status: CsvStatus | null;
  options: CsvOptions;
  /** After Apply: the output layer and loss the new data calls for, offered in one click. */
  fix: { fix: OutputFix; data: DataSpec; features: number } | null;
  /** The bad cell line the preview should scroll to. */
  focusLine: number | null;
  /** The document's CSV could not be read when it opened: why, until the user locates it. */
  missing: { csv: string; message: string } | null;
}

const DEFAULT_OPTIONS: CsvOptions = {
  features: [],
  targets: [],
  categorical: false,
  standardize: true,
  validation: 0.2,
  seed: 1,
  embed: false,
};

export const useDataPanel = create<DataPanelState>()(() => ({
  open: false,
  tab: 'builtin',
  source: null,
  status: null,
  options: DEFAULT_OPTIONS,
  fix: null,
  focusLine: null,
  missing: null,
}));

let cancelParse: (() => void) | null = null;
/** The column choice guessed from the first rows, to tell whether the user has changed it since. */
let headGuess: CsvOptions | null = null;

export function openDataPanel(tab?: 'builtin' | 'csv') {
  const { source } = useDataPanel.getState();
  const isCsv = 'csv' in useDocument.getState().model.data;
  useDataPanel.setState({
    open: true,
    fix: null,
    tab: tab ?? (source || isCsv ? 'csv' : 'builtin'),
  });
}

export function closeDataPanel() {
  cancelParse?.();
  cancelParse = null;
  useDataPanel.setState({ open: false, fix: null, missing: null });
}

/** Asks for a CSV: the native dialog on the desktop, the in-app picker (CSV files only) on the web. */
function pickDataPath(host: Host): Promise<string | null> {
  return host.nativeDialogs ? host.pickDataPath() : pickFileInApp('data');
}

/** After a document opens: a CSV it names that cannot be read opens the panel with a Locate… action. */
export async function checkDocumentData(host: Host) {
  const { model, path } = useDocument.getState();
  const data = model.data;
  if (!('csv' in data)) return;
  const read = await host.readDataText(path, data.csv).catch((error: unknown) => ({
    ok: false as const,
    message: error instanceof Error ? error.message : String(error),
  }));
  if (read.ok || useDocument.getState().model.data !== data) return;
  useDataPanel.setState({
    open: true,
    tab: 'csv',
    fix: null,
    missing: { csv: data.csv, message: read.message },
  });
}

/** Locate…: the user points at the missing CSV; the document keeps its new path (one undoable edit). */
export async function locateMissing(host: Host) {
  const picked = await pickDataPath(host);
  const { model, path } = useDocument.getState();
  const data = model.data;
  if (!picked || !('csv' in data)) return;
  const read = await host.readDataText(null, picked);
  if (!read.ok) {
    useDataPanel.setState({ missing: { csv: picked, message: read.message } });
    return;
  }
  useDocument.getState().setData({ ...data, csv: dataPathFor(path, picked) }, data.features.length);
  closeDataPanel();
}

/** Shows a CSV in the panel and parses it off the UI thread. */
export function showCsv(source: CsvSource) {
  cancelParse?.();
  headGuess = null;
  useDataPanel.setState({
    open: true,
    tab: 'csv',
    source,
    fix: null,
    focusLine: null,
    status: { kind: 'parsing', fraction: 0 },
    options: { ...useDataPanel.getState().options, embed: source.path === null },
  });
  const current = () => useDataPanel.getState().source === source;
  const job = previewInWorker(
    source.text,
    (fraction) => {
      const status = useDataPanel.getState().status;
      const head = status?.kind === 'parsing' ? status.head : undefined;
      if (current()) useDataPanel.setState({ status: { kind: 'parsing', fraction, head } });
    },
    (head) => {
      const { status, options } = useDataPanel.getState();
      const fraction = status?.kind === 'parsing' ? status.fraction : 0;
      headGuess = { ...options, ...guessChoice(head.columns) };
      if (current())
        useDataPanel.setState({ status: { kind: 'parsing', fraction, head }, options: headGuess });
    },
  );
  cancelParse = job.cancel;
  job.promise.then(
    (preview) => {
      if (useDataPanel.getState().source !== source) return;
      // The whole file may guess otherwise than its first rows, unless the user chose meanwhile.
      const { options } = useDataPanel.getState();
      const untouched = headGuess === null || options === headGuess;
      useDataPanel.setState({
        status: { kind: 'ready', preview },
        options: untouched ? { ...options, ...guessChoice(preview.columns) } : options,
      });
    },
    (error: unknown) => {
      if (useDataPanel.getState().source !== source) return;
      const problems =
        error instanceof DataError
          ? error.problems
          : [error instanceof Error ? error.message : String(error)];
      useDataPanel.setState({ status: { kind: 'error', problems } });
    },
  );
}

/** A CSV dropped on the window: the desktop knows its path; a browser gives only its text. */
export function showDroppedCsv(host: Host, file: File) {
  showCsv({ name: file.name, path: host.getPathForFile(file), text: file });
}

function showCsvError(name: string, error: Error) {
  useDataPanel.setState({
    open: true,
    tab: 'csv',
    source: { name, path: null, text: '' },
    status: { kind: 'error', problems: [error instanceof Error ? error.message : String(error)] },
  });
}

/** Asks for a CSV (native dialog on the desktop, the in-app picker on the web) and shows it. */
export async function pickCsv(host: Host) {
  const path = await pickDataPath(host);
  if (!path) return;
  const name = path.split(/[\\/]/).pop() ?? path;
  const read = await host.readDataText(null, path);
  if (!read.ok) return showCsvError(name, new Error(read.message));
  showCsv({ name, path, text: read.text });
}

/** The task the chosen targets make: several categories, 0/1 numbers, or numbers. */
function taskOf(preview: CsvPreview, options: CsvOptions): { task: Task; targets: number } {
  const column = preview.columns.find((c) => c.name === options.targets[0]);
  if (options.categorical) return { task: 'multiclass', targets: column?.distinct ?? 0 };
  const binary = options.targets.length === 1 && column?.binary === true;
  return { task: binary ? 'binary' : 'regression', targets: options.targets.length };
}

/** The data spec the panel's CSV choice makes (throws DataError when the rows cannot be embedded). */
async function csvSpec(source: CsvSource, options: CsvOptions): Promise<DataSpec> {
  const shared = {
    ...(options.standardize ? { standardize: true } : {}),
    ...(options.validation > 0 ? { validation: options.validation } : {}),
    seed: options.seed,
  };
  if (options.embed || source.path === null) {
    const text = typeof source.text === 'string' ? source.text : await source.text.text();
    const table = parseCsv(text, options);
    const rows = (values: Float64Array, width: number) =>
      Array.from({ length: table.m }, (_, r) =>
        Array.from(values.subarray(r * width, (r + 1) * width)),
      );
    return {
      inline: {
        x: rows(table.x, table.features),
        y: rows(table.y, table.targets),
        features: table.featureNames,
        targets: table.targetNames,
        ...(table.classes ? { classes: table.classes } : {}),
      },
      ...shared,
    };
  }
  return {
    csv: dataPathFor(useDocument.getState().path, source.path),
    features: options.features,
    targets: options.targets,
    ...(options.categorical ? { categorical: true } : {}),
    ...shared,
  };
}

/** Makes `data` the document's data (one undoable edit) and offers the output fix it calls for. */
function applyData(data: DataSpec, features: number, task: Task, targets: number) {
  useDocument.getState().setData(data, features);
  const s = useDocument.getState();
  const fix = outputFix(toGraph(s.nodes, s.edges), targets, task);
  if (fix) useDataPanel.setState({ fix: { fix, data, features } });
  else closeDataPanel();
}

export async function applyCsv() {
  const { source, status, options } = useDataPanel.getState();
  if (!source || status?.kind !== 'ready') return;
  let spec: DataSpec;
  try {
    spec = await csvSpec(source, options);
  } catch (error) {
    const problems = error instanceof DataError ? error.problems : [String(error)];
    useDataPanel.setState({ status: { kind: 'error', problems } });
    return;
  }
  if (useDataPanel.getState().source !== source) return;
  const { task, targets } = taskOf(status.preview, options);
  applyData(spec, options.features.length, task, targets);
}

export function applyBuiltin(spec: BuiltinDataSpec) {
  const info = BUILTIN_DATASETS[spec.builtin];
  applyData(spec, info.features, info.task, info.targets);
}

/** Applies the offered output fix as its own undoable edit. */
export function acceptFix() {
  const offer = useDataPanel.getState().fix;
  if (!offer) return;
  const { fix, data, features } = offer;
  const params: Record<string, Record<string, unknown>> = {
    [fix.denseId]: { units: fix.targets },
    [fix.lossId]: { fn: fix.loss },
  };
  if (fix.activationId) params[fix.activationId] = { fn: fix.activation };
  useDocument.getState().setData(data, features, params);
  closeDataPanel();
}
