/**
 * Writing a model file. The output is JSON with a fixed key order, two-space
 * indentation, and every list of plain values (a weight row, a data row) on
 * one line, so a file stays readable and diffs well. Numbers are written with
 * JavaScript's shortest round-trip form: load → save → load gives the same
 * bits. A value JSON cannot hold (NaN, ±Infinity, usually from a diverged
 * training run) is refused with its path, instead of being written as null.
 */
import { jsonPath } from './schema-check';
import { t } from '../i18n';
import type { ModelFile } from './types';

const TOP_ORDER = [
  'format',
  'version',
  'name',
  'graph',
  'data',
  'training',
  'weights',
  'resume',
  'history',
  'runs',
  'view',
];

export class NonFiniteValueError extends Error {
  constructor(
    readonly path: string,
    readonly value: number,
  ) {
    super(t('problems.file.nonFinite', { path, value }));
    this.name = 'NonFiniteValueError';
  }
}

export function serializeModel(model: ModelFile): string {
  const source = model as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_ORDER) if (source[key] !== undefined) ordered[key] = source[key];
  for (const key of Object.keys(source)) {
    if (!(key in ordered) && source[key] !== undefined) ordered[key] = source[key];
  }
  return `${write(ordered, '', [])}\n`;
}

function isPlain(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function write(value: unknown, indent: string, path: (string | number)[]): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonFiniteValueError(jsonPath(path), value);
    return JSON.stringify(value);
  }
  if (isPlain(value)) return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON(): unknown }).toJSON(), indent, path);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    if (items.length === 0) return '[]';
    if (items.every(isPlain))
      return `[${items.map((v, i) => write(v, inner, [...path, i])).join(', ')}]`;
    return `[\n${items.map((v, i) => inner + write(v, inner, [...path, i])).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isPlain(v))) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${write(v, inner, [...path, k])}`).join(', ')} }`;
    if (line.length <= 80) return line;
  }
  return `{\n${entries
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, [...path, k])}`)
    .join(',\n')}\n${indent}}`;
}
