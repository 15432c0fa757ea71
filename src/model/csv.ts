/**
 * CSV import (papaparse does the parsing; this module decides what the cells
 * mean). The first row is the header. Feature columns must hold numbers;
 * target columns hold numbers, or categories that become one-hot columns.
 * Every bad cell is reported with its line and column, e.g.
 * `line 14, column "sepal_width": "abc" is not a number`.
 */
import Papa from 'papaparse';
import { count, listed } from '../engine/messages';
import { t, tKey } from '../i18n';

/** A data problem: the message names the line and column when there is one. */
export class DataError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'DataError';
  }
}

export interface CsvOptions {
  features: string[];
  targets: string[];
  /** The (single) target column holds categories: one-hot encode them. */
  categorical?: boolean;
}

export interface Table {
  /** m × features, row-major. */
  x: Float64Array;
  /** m × targets, row-major. */
  y: Float64Array;
  m: number;
  features: number;
  targets: number;
  featureNames: string[];
  targetNames: string[];
  /** For categorical targets: the category of each one-hot column, in order of first appearance. */
  classes?: string[];
}

export interface CsvRows {
  header: string[];
  /** Data rows (blank lines skipped), with the 1-based line each starts on. */
  rows: { line: number; cells: string[] }[];
}

const MAX_REPORTED = 20;
/** Values one table (features, targets, one-hot categories) may hold: 400 MB of float64. */
export const MAX_TABLE_VALUES = 50_000_000;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** At most MAX_REPORTED problems, then how many more there are. */
function capped(problems: string[]): string[] {
  if (problems.length <= MAX_REPORTED) return problems;
  const rest = problems.length - MAX_REPORTED;
  return [...problems.slice(0, MAX_REPORTED), t('data.csv.more', { count: rest, n: count(rest) })];
}

/** Why a table of `rows × width` values cannot be allocated, or null when it can. */
function tableTooLarge(rows: number, width: number, what: string): string | null {
  if (rows * width <= MAX_TABLE_VALUES) return null;
  return t('data.csv.tooLarge', {
    rows: count(rows),
    width: count(width),
    what: t(what),
    values: count(rows * width),
    max: count(MAX_TABLE_VALUES),
  });
}

/** `line 14, column "sepal_width"`: where a cell is, as every cell problem starts. */
export const cellWhere = (line: number, column: string): string =>
  t('data.cell.where', { line, column });

/** A cell as a message quotes it: JSON, cut at 30 characters. */
export const shownCell = (cell: string | undefined): string =>
  JSON.stringify(cell && cell.length > 30 ? `${cell.slice(0, 30)}…` : cell);

/** Reads a cell as a number, or returns null when it is not one (empty, text, hex, Infinity, …). */
export function cellNumber(cell: string): number | null {
  const s = cell.trim();
  if (!NUMBER.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Splits CSV text into a header and rows, keeping each row's line number. */
export function readCsvRows(
  text: string,
  options: { headerless?: 'auto'; onProgress?: (fraction: number) => void } = {},
): CsvRows {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: { line: number; cells: string[] }[] = [];
  const problems: string[] = [];
  let line = 1;
  let scanned = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step(result) {
      const start = scanned;
      const end = result.meta.cursor;
      const cells = result.data;
      for (const error of result.errors) {
        if (error.code === 'UndetectableDelimiter') continue;
        if (problems.length < MAX_REPORTED)
          problems.push(t('data.csv.lineError', { line, message: error.message }));
      }
      if (!cells.every((c) => c.trim() === '')) rows.push({ line, cells });
      if (options.onProgress && rows.length % 20000 === 0) options.onProgress(end / text.length);
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      scanned = end;
    },
  });
  if (problems.length) throw new DataError(problems);
  const first = rows.shift();
  if (!first) throw new DataError([t('data.csv.empty')]);
  let header = first.cells.map((c) => c.trim());
  if (options.headerless === 'auto' && header.every((h) => cellNumber(h) !== null)) {
    // No header: the first row is data; columns are numbered.
    rows.unshift(first);
    header = header.map((_, i) => `${i + 1}`);
    return { header, rows };
  }
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '')
      problems.push(t('data.csv.unnamedColumn', { line: first.line, column: i + 1 }));
    else if (seen.has(name)) problems.push(t('data.csv.columnTwice', { line: first.line, name }));
    seen.add(name);
  });
  if (problems.length) throw new DataError(capped(problems));
  if (rows.length === 0) throw new DataError([t('data.csv.noRows')]);
  return { header, rows };
}

/** Reads the named columns of every row as numbers. */
/** A cell problem and the line it is on, so problems from several columns can be listed in file order. */
interface Problem {
  line: number;
  message: string;
}

function sorted(problems: Problem[]): string[] {
  return [...problems]
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_REPORTED)
    .map((p) => p.message);
}

function numericColumns(
  csv: CsvRows,
  columns: number[],
  problems: Problem[],
  categorical = false,
): Float64Array {
  const width = columns.length;
  const out = new Float64Array(csv.rows.length * width);
  csv.rows.forEach(({ line, cells }, r) => {
    columns.forEach((c, j) => {
      const cell = cells[c];
      const value = cell === undefined ? null : cellNumber(cell);
      if (value !== null) {
        out[r * width + j] = value;
        return;
      }
      if (problems.length >= 10 * MAX_REPORTED) return;
      const where = cellWhere(line, csv.header[c]);
      const message =
        cell === undefined
          ? t('data.cell.missingRow', { where, cells: cells.length, header: csv.header.length })
          : cell.trim() === ''
            ? t('data.cell.empty', { where })
            : t(categorical ? 'data.cell.notNumberCategorical' : 'data.cell.notNumber', {
                where,
                cell: shownCell(cell),
              });
      problems.push({ line, message });
    });
  });
  return out;
}

function columnIndices(csv: CsvRows, names: string[], problems: string[]): number[] {
  return names.map((name) => {
    const index = csv.header.indexOf(name);
    if (index < 0) {
      problems.push(t('data.csv.notInHeader', { name, columns: listed(csv.header) }));
    }
    return index;
  });
}

/** Parses CSV text into a table of features and targets. Throws DataError listing every problem (up to 20). */
export function parseCsv(text: string, options: CsvOptions): Table {
  const csv = readCsvRows(text);
  const problems: string[] = [];
  const featureCols = columnIndices(csv, options.features, problems);
  const targetCols = columnIndices(csv, options.targets, problems);
  if (options.categorical && options.targets.length !== 1) {
    problems.push(t('data.csv.oneTarget', { got: options.targets.length }));
  }
  const m = csv.rows.length;
  for (const [width, what] of [
    [featureCols.length, tKey('data.csv.featureColumns')],
    [options.categorical ? 0 : targetCols.length, tKey('data.csv.targetColumns')],
  ] as const) {
    const tooLarge = tableTooLarge(m, width, what);
    if (tooLarge) problems.push(t('data.csv.dataTooLarge', { why: tooLarge }));
  }
  if (problems.length) throw new DataError(capped(problems));
  const cellProblems: Problem[] = [];
  const x = numericColumns(csv, featureCols, cellProblems);
  let y: Float64Array;
  let targetNames = options.targets;
  let classes: string[] | undefined;
  if (options.categorical) {
    const col = targetCols[0];
    const labels = csv.rows.map(({ line, cells }) => {
      const cell = cells[col]?.trim() ?? '';
      if (cell === '' && problems.length < MAX_REPORTED) {
        const where = cellWhere(line, csv.header[col]);
        problems.push(
          t(cells[col] === undefined ? 'data.cell.categoryMissing' : 'data.cell.categoryEmpty', {
            where,
          }),
        );
      }
      return cell;
    });
    classes = [...new Set(labels.filter((l) => l !== ''))];
    const tooLarge = tableTooLarge(m, classes.length, tKey('data.csv.categories'));
    if (tooLarge) {
      throw new DataError([
        t('data.csv.tooManyCategories', {
          column: csv.header[col],
          n: count(classes.length),
          why: tooLarge,
        }),
      ]);
    }
    if (!cellProblems.length && classes.length < 2) {
      problems.push(
        t('data.csv.oneCategory', {
          column: csv.header[col],
          category: JSON.stringify(classes[0] ?? ''),
        }),
      );
    }
    y = new Float64Array(m * classes.length);
    const index = new Map(classes.map((c, i) => [c, i]));
    labels.forEach((label, r) => {
      const k = index.get(label);
      if (k !== undefined) y[r * classes!.length + k] = 1;
    });
    targetNames = classes.map((c) => `${options.targets[0]}=${c}`);
  } else {
    y = numericColumns(csv, targetCols, cellProblems, true);
  }
  if (problems.length || cellProblems.length) {
    throw new DataError([...problems, ...sorted(cellProblems)]);
  }
  return {
    x,
    y,
    m,
    features: featureCols.length,
    targets: targetNames.length,
    featureNames: options.features,
    targetNames,
    classes,
  };
}

/**
 * Reads rows to predict on: CSV text with a header naming the feature columns
 * (`columns`), or, when the header does not name them, every column in order.
 */
export function parseCsvInputs(text: string, columns: string[]): { x: Float64Array; m: number } {
  const csv = readCsvRows(text, { headerless: 'auto' });
  const problems: Problem[] = [];
  const named = columns.every((c) => csv.header.includes(c));
  const indices = named ? columns.map((c) => csv.header.indexOf(c)) : csv.header.map((_, i) => i);
  if (indices.length !== columns.length) {
    throw new DataError([
      t('data.csv.inputColumns', {
        count: indices.length,
        header: listed(csv.header),
        features: columns.length,
        names: listed(columns),
      }),
    ]);
  }
  const tooLarge = tableTooLarge(csv.rows.length, indices.length, tKey('data.csv.columns'));
  if (tooLarge) throw new DataError([t('data.csv.inputTooLarge', { why: tooLarge })]);
  const x = numericColumns(csv, indices, problems);
  if (problems.length) throw new DataError(sorted(problems));
  return { x, m: csv.rows.length };
}
