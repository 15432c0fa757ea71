/**
 * What the Data panel decides about a CSV before it becomes a document's
 * data: each column's guessed type, the cells a column choice cannot read,
 * the output layer and loss the chosen targets call for, and where the model
 * file keeps the CSV's path. Pure: the panel's worker and the tests run it.
 */
import type { Graph, GraphNode, LossFn, ActivationFn } from '../engine/graph';
import { language, t } from '../i18n';
import { cellNumber, cellWhere, shownCell, type CsvRows } from './csv';
import type { Task } from './datasets';

export type ColumnType = 'number' | 'category' | 'empty';

/** A cell a column choice cannot use, by 1-based line and column name (as the command line names it). */
export interface BadCell {
  line: number;
  column: string;
  message: string;
  /** The cell is empty or missing (a categorical target still cannot use it). */
  blank?: boolean;
}

export interface ColumnSummary {
  name: string;
  /** Guessed type: mostly numbers → number (the rest are bad cells); mostly text → category. */
  type: ColumnType;
  numbers: number;
  empty: number;
  /** Number columns: smallest and largest number. */
  min?: number;
  max?: number;
  /** Category columns: the first distinct values, in order of first appearance (up to MAX_CATEGORIES). */
  categories?: string[];
  /** Distinct non-empty values (counted up to MAX_CATEGORIES + 1). */
  distinct: number;
  /** Non-numeric and empty cells, first MAX_BAD_CELLS, in file order. */
  badCells: BadCell[];
  /** All non-numeric or empty cells, however many. */
  badCount: number;
  /** Number columns whose numbers are all 0 or 1 (a binary target). */
  binary?: boolean;
}

export const MAX_CATEGORIES = 50;
const MAX_BAD_CELLS = 50;

/** Guesses each column's type from every row (a column is a number column when most cells are numbers). */
export function summarizeColumns(csv: CsvRows): ColumnSummary[] {
  return csv.header.map((name, c) => {
    let numbers = 0;
    let empty = 0;
    let min = Infinity;
    let max = -Infinity;
    let binary = true;
    const categories = new Set<string>();
    let distinctOverflow = false;
    const bad: BadCell[] = [];
    let badCount = 0;
    const texts: { line: number; cell: string | undefined }[] = [];
    for (const { line, cells } of csv.rows) {
      const cell = cells[c];
      const value = cell === undefined ? null : cellNumber(cell);
      if (value !== null) {
        numbers++;
        if (value < min) min = value;
        if (value > max) max = value;
        if (value !== 0 && value !== 1) binary = false;
      } else {
        if (cell === undefined || cell.trim() === '') empty++;
        else if (categories.size <= MAX_CATEGORIES) categories.add(cell.trim());
        else distinctOverflow = true;
        badCount++;
        if (texts.length < MAX_BAD_CELLS) texts.push({ line, cell });
      }
    }
    const text = csv.rows.length - numbers - empty;
    const type: ColumnType =
      numbers === 0 && text === 0 ? 'empty' : numbers >= text ? 'number' : 'category';
    const summary: ColumnSummary = {
      name,
      type,
      numbers,
      empty,
      distinct: categories.size + (distinctOverflow ? 1 : 0),
      badCells: bad,
      badCount: 0,
    };
    if (type === 'number') {
      summary.min = min;
      summary.max = max;
      summary.binary = binary;
      summary.badCount = badCount;
      for (const { line, cell } of texts) bad.push(badCell(line, name, cell, csv.header.length));
    } else if (type === 'category') {
      summary.categories = [...categories].slice(0, MAX_CATEGORIES);
      summary.badCount = empty;
      for (const { line, cell } of texts)
        if (cell === undefined || cell.trim() === '')
          bad.push({
            line,
            column: name,
            message: t('data.cell.categoryEmpty', { where: cellWhere(line, name) }),
            blank: true,
          });
    }
    return summary;
  });
}

function badCell(line: number, column: string, cell: string | undefined, width: number): BadCell {
  const where = cellWhere(line, column);
  const blank = cell === undefined || cell.trim() === '';
  const message =
    cell === undefined
      ? t('data.cell.missingHeader', { where, width })
      : blank
        ? t('data.cell.empty', { where })
        : t('data.cell.notNumber', { where, cell: shownCell(cell) });
  return blank ? { line, column, message, blank } : { line, column, message };
}

export interface ColumnChoice {
  features: string[];
  /** One target column (the panel chooses one; the format allows several numeric ones). */
  targets: string[];
  /** The target column holds categories: one-hot encode them. */
  categorical: boolean;
}

/** A first choice: the last column is the target (categorical when it holds text), the other number columns are features. */
export function guessChoice(columns: ColumnSummary[]): ColumnChoice {
  const target = columns[columns.length - 1];
  return {
    features: columns.filter((c) => c !== target && c.type === 'number').map((c) => c.name),
    targets: target ? [target.name] : [],
    categorical: target?.type === 'category',
  };
}

/** The cells the choice cannot read, in file order: what Apply would refuse. */
export function badCellsFor(columns: ColumnSummary[], choice: ColumnChoice): BadCell[] {
  const cells: BadCell[] = [];
  for (const column of columns) {
    const isFeature = choice.features.includes(column.name);
    const isTarget = choice.targets.includes(column.name);
    if (!isFeature && !isTarget) continue;
    if (isTarget && choice.categorical) {
      for (const b of column.badCells) if (b.blank) cells.push(b);
      continue;
    }
    if (column.type === 'number') cells.push(...column.badCells);
    else
      cells.push({
        line: 0,
        column: column.name,
        message: t(isTarget ? 'data.import.holdsTextTarget' : 'data.import.holdsText', {
          column: column.name,
          sample: column.categories?.slice(0, 3).join(', '),
        }),
      });
  }
  return cells.sort((a, b) => a.line - b.line);
}

/** One-hot columns for a categorical target: the categories in order of first appearance, as parseCsv encodes them. */
export function oneHotNames(target: string, classes: string[]): string[] {
  return classes.map((c) => `${target}=${c}`);
}

export interface OutputFix {
  /** The dense layer that produces the prediction, and its units now and after the fix. */
  denseId: string;
  units: number;
  targets: number;
  /** The activation between it and the loss, when there is one, and the function the task calls for. */
  activationId?: string;
  activation?: ActivationFn;
  lossId: string;
  loss: LossFn;
  /** One sentence for the offer: "Give dense2 3 units, softmax and cross-entropy for 3 classes". */
  summary: string;
}

/** The loss (and output activation) a task calls for: mse for numbers, bce + sigmoid for two classes, cross-entropy + softmax for several. */
export function suggestedLoss(task: Task): { loss: LossFn; activation: ActivationFn } {
  if (task === 'multiclass') return { loss: 'cross_entropy', activation: 'softmax' };
  if (task === 'binary') return { loss: 'bce', activation: 'sigmoid' };
  return { loss: 'mse', activation: 'linear' };
}

/**
 * What to change so the network's output fits `targets` targets of `task`: the last dense
 * layer's units, its activation and the loss. Null when they already fit, or when the graph
 * has no loss fed (through activations) by a dense layer.
 */
export function outputFix(graph: Graph, targets: number, task: Task): OutputFix | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const loss = graph.nodes.find((n) => n.kind === 'loss');
  if (!loss) return null;
  const sourceOf = (id: string): GraphNode | undefined => {
    const edge = graph.edges.find((e) => e.target === id);
    return edge ? byId.get(edge.source) : undefined;
  };
  let node = sourceOf(loss.id);
  let activation: GraphNode | undefined;
  while (node && node.kind === 'activation') {
    activation ??= node;
    node = sourceOf(node.id);
  }
  if (!node || node.kind !== 'dense') return null;
  const want = suggestedLoss(task);
  const units = Number(node.params.units);
  const fix: OutputFix = {
    denseId: node.id,
    units,
    targets,
    lossId: loss.id,
    loss: want.loss,
    summary: '',
  };
  const changes: string[] = [];
  if (units !== targets) changes.push(t('data.import.giveUnits', { id: node.id, count: targets }));
  if (activation && activation.params.fn !== want.activation) {
    fix.activationId = activation.id;
    fix.activation = want.activation;
    changes.push(t('data.import.activation', { id: activation.id, fn: want.activation }));
  }
  if (loss.params.fn !== want.loss)
    changes.push(t('data.import.loss', { fn: want.loss.replace('_', '-') }));
  if (!changes.length) return null;
  const what =
    task === 'multiclass'
      ? t('data.import.classes', { count: targets })
      : task === 'binary'
        ? t('data.import.binary')
        : t('data.import.numbers', { count: targets });
  const summary = t('data.import.summary', {
    changes: changes.join(t('data.import.separator')),
    what,
  });
  // English starts the sentence with a capital (`Give dense2 3 units, …`); Chinese has none.
  fix.summary = language() === 'en' ? summary[0].toUpperCase() + summary.slice(1) : summary;
  return fix;
}

/** The graph with an output fix applied (units, output activation, loss). */
export function applyOutputFix(graph: Graph, fix: OutputFix): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id === fix.denseId) return { ...n, params: { ...n.params, units: fix.targets } };
      if (n.id === fix.activationId) return { ...n, params: { ...n.params, fn: fix.activation } };
      if (n.id === fix.lossId) return { ...n, params: { ...n.params, fn: fix.loss } };
      return n;
    }),
  };
}

const isAbsolutePath = (p: string) =>
  p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

function parts(path: string): { root: string; segments: string[] } {
  const p = path.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.exec(p);
  const root = drive ? drive[0].toLowerCase() : p.startsWith('/') ? '/' : '';
  const segments: string[] = [];
  for (const s of p.slice(root.length).split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && segments.length && segments[segments.length - 1] !== '..') segments.pop();
    else segments.push(s);
  }
  return { root, segments };
}

/**
 * The path a model file keeps for its CSV (docs/model-format.md: relative to the model file).
 * `modelPath` null (an unsaved document): the CSV's absolute path, which Save makes relative.
 * A CSV on another drive (Windows) stays absolute. Relative paths use `/` on every system.
 */
export function dataPathFor(modelPath: string | null, csvPath: string): string {
  if (!modelPath || !isAbsolutePath(csvPath) || !isAbsolutePath(modelPath)) return csvPath;
  const from = parts(modelPath);
  const to = parts(csvPath);
  if (from.root !== to.root) return csvPath;
  const dir = from.segments.slice(0, -1);
  let i = 0;
  const windows = from.root !== '/';
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  while (i < dir.length && i < to.segments.length - 1 && same(dir[i], to.segments[i])) i++;
  return [...dir.slice(i).map(() => '..'), ...to.segments.slice(i)].join('/');
}

/** Whether the path is absolute on POSIX or Windows. */
export function isAbsoluteDataPath(path: string): boolean {
  return isAbsolutePath(path);
}
