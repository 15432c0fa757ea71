/**
 * Reading a model file: JSON syntax → format and version → migration of an
 * older version (migrate.ts) → JSON Schema →
 * the checks a schema cannot express (unique ids, edges to existing nodes,
 * weight shapes, sizes). Every problem is reported, each named by its JSON
 * path; nothing here throws for a bad file, and nothing allocates in
 * proportion to the sizes a file asks for.
 */
import { OPS } from '../engine/ops';
import { isNodeKind } from '../engine/registry';
import { formatNumber, t } from '../i18n';
import { findJsonError } from './json-error';
import { LIMITS } from './limits';
import { migrateModel } from './migrate';
import { describe, jsonPath, schemaProblems } from './schema-check';
import { graphSize } from './size';
import { MODEL_FORMAT, MODEL_VERSION, type FileProblem, type ModelFile } from './types';

export type ParseResult = { ok: true; model: ModelFile } | { ok: false; problems: FileProblem[] };

/** At most this many problems are listed; the rest are counted. */
export const MAX_PROBLEMS = 100;

/** Parses and validates the text of a `.bpmodel` file. */
export function parseModel(text: string): ParseResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail([{ path: '(file)', message: t('problems.file.empty') }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail([{ path: '(file)', message: jsonSyntaxMessage(text, error) }]);
  }
  return validateModel(value);
}

/** Validates a value that is already parsed (an example, a document sent over IPC). */
export function validateModel(value: unknown): ParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail([
      {
        path: '(file)',
        message: t('problems.file.notObject', { got: describe(value) }),
      },
    ]);
  }
  const deep = tooDeep(value);
  if (deep) {
    return fail([
      {
        path: jsonPath(deep),
        message: t('problems.file.tooDeep', { max: MAX_DEPTH }),
      },
    ]);
  }
  const top = value as Record<string, unknown>;
  if (top.format !== MODEL_FORMAT) {
    return fail([
      {
        path: 'format',
        message:
          top.format === undefined
            ? t('problems.file.noFormat', { format: MODEL_FORMAT })
            : t('problems.file.badFormat', { format: MODEL_FORMAT, got: describe(top.format) }),
      },
    ]);
  }
  if (
    typeof top.version === 'number' &&
    Number.isInteger(top.version) &&
    top.version > MODEL_VERSION
  ) {
    return fail([
      {
        path: 'version',
        message: t('problems.file.newer', { version: top.version, supported: MODEL_VERSION }),
      },
    ]);
  }
  const current = migrateModel(value);
  const problems = schemaProblems(current);
  if (problems.length) return fail(problems);
  const model = current as ModelFile;
  const more = semanticProblems(model);
  return more.length ? fail(more) : { ok: true, model };
}

function fail(problems: FileProblem[]): ParseResult {
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const rest = problems.length - MAX_PROBLEMS;
  return {
    ok: false,
    problems: [
      ...problems.slice(0, MAX_PROBLEMS),
      { path: '(file)', message: t('problems.file.more', { count: rest, n: fmt(rest) }) },
    ],
  };
}

/** How deep lists and objects may nest (weights need 4; the serializer and validator recurse). */
export const MAX_DEPTH = 64;

/** The path of the first list or object nested deeper than MAX_DEPTH, or null. Not recursive. */
function tooDeep(value: object): (string | number)[] | null {
  const stack: { value: object; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (path.length >= MAX_DEPTH) return path;
    const push = (child: unknown, key: string | number) => {
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, path: [...path, key] });
    };
    if (Array.isArray(value)) value.forEach(push);
    else for (const key of Object.keys(value)) push((value as Record<string, unknown>)[key], key);
  }
  return null;
}

/** A JSON syntax error with its line and column. */
function jsonSyntaxMessage(text: string, error: unknown): string {
  const found = findJsonError(text);
  if (!found)
    return t('problems.json.invalid', {
      reason: error instanceof Error ? error.message : String(error),
    });
  if (found.offset >= text.trimEnd().length) {
    return t('problems.json.truncated');
  }
  const near = JSON.stringify(text.slice(found.offset, found.offset + 20));
  return t('problems.json.at', {
    line: found.line,
    column: found.column,
    reason: found.message,
    near,
  });
}

const fmt = (n: number): string => formatNumber(n);

/** The checks a JSON Schema cannot express. `model` already conforms to the schema. */
export function semanticProblems(model: ModelFile): FileProblem[] {
  const problems: FileProblem[] = [];
  const add = (path: (string | number)[], message: string): void => {
    problems.push({ path: jsonPath(path), message });
  };
  const { nodes, edges } = model.graph;

  const nodeIndex = new Map<string, number>();
  nodes.forEach((node, i) => {
    const first = nodeIndex.get(node.id);
    if (first !== undefined) {
      add(['graph', 'nodes', i, 'id'], t('problems.file.sameNodeId', { id: node.id, first }));
    } else nodeIndex.set(node.id, i);
  });
  const edgeIndex = new Map<string, number>();
  edges.forEach((edge, i) => {
    const first = edgeIndex.get(edge.id);
    if (first !== undefined) {
      add(['graph', 'edges', i, 'id'], t('problems.file.sameEdgeId', { id: edge.id, first }));
    } else edgeIndex.set(edge.id, i);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(edge[end])) {
        add(['graph', 'edges', i, end], t('problems.file.noSuchNode', { id: edge[end] }));
      }
    }
    if (edge.source === edge.target) {
      add(['graph', 'edges', i], t('problems.file.selfLoop', { id: edge.source }));
    }
  });

  // Sizes: refuse before anything is allocated.
  const size = graphSize(model.graph);
  for (const d of size.dense) {
    if (d.parameters !== undefined && d.parameters > LIMITS.maxParameters) {
      add(
        ['graph', 'nodes', d.index],
        t('problems.file.denseTooLarge', {
          id: d.id,
          parameters: fmt(d.parameters),
          units: fmt(d.units),
          inputs: fmt(d.inputs ?? 0),
          max: fmt(LIMITS.maxParameters),
        }),
      );
    }
  }
  if (
    size.parameters > LIMITS.maxParameters &&
    !problems.some((p) => p.path.startsWith('graph.nodes'))
  ) {
    add(
      ['graph'],
      t('problems.file.graphTooLarge', {
        parameters: fmt(size.parameters),
        max: fmt(LIMITS.maxParameters),
      }),
    );
  }

  // Weights: only for nodes that keep tensors; a dense node's W shaped [units][inputs] and b
  // [units] when it has a bias.
  if (model.weights) {
    const denseById = new Map(size.dense.map((d) => [d.id, d]));
    for (const [id, params] of Object.entries(model.weights)) {
      const at = ['weights', id];
      const index = nodeIndex.get(id);
      if (index === undefined) {
        add(at, t('problems.file.noSuchNode', { id }));
        continue;
      }
      const d = denseById.get(id);
      if (!d) {
        const kind = nodes[index].kind;
        // Other kinds' tensors are checked against their declared shapes once the graph compiles.
        if (!isNodeKind(kind) || !OPS[kind].parameters)
          add(at, t('problems.file.weightsNotDense', { id, kind }));
        continue;
      }
      const names = d.bias ? ['W', 'b'] : ['W'];
      for (const name of Object.keys(params)) {
        if (!names.includes(name)) {
          add(
            [...at, name],
            t(name === 'b' ? 'problems.file.noBias' : 'problems.file.noSuchParam', {
              id,
              names: names.join(', '),
            }),
          );
        }
      }
      for (const name of names) {
        if (!Object.hasOwn(params, name)) add([...at, name], t('problems.schema.missing'));
      }
      const W = params.W;
      if (W) {
        if (W.length !== d.units) {
          add([...at, 'W'], t('problems.file.rows', { units: d.units, got: W.length }));
        }
        const first = W[0];
        const width = d.inputs ?? (Array.isArray(first) ? first.length : 0);
        let wrongRows = 0;
        W.forEach((row, r) => {
          if (!Array.isArray(row)) {
            if (wrongRows++ < 5) add([...at, 'W', r], t('problems.file.rowNotList'));
          } else if ((row.length !== width || row.some(Array.isArray)) && wrongRows++ < 5) {
            add(
              [...at, 'W', r],
              row.some(Array.isArray)
                ? t('problems.file.rowNotList')
                : t(
                    d.inputs !== undefined
                      ? 'problems.file.rowWidthInput'
                      : 'problems.file.rowWidthFirst',
                    { width, got: row.length },
                  ),
            );
          }
        });
        if (wrongRows > 5) add([...at, 'W'], t('problems.file.moreRows', { n: wrongRows - 5 }));
      }
      const b = d.bias ? params.b : undefined;
      if (b) {
        if (b.some(Array.isArray)) add([...at, 'b'], t('problems.file.notVector'));
        else if (b.length !== d.units) {
          add([...at, 'b'], t('problems.file.biasLength', { units: d.units, got: b.length }));
        }
      }
    }
  }

  // Data that lives in the file.
  const data = model.data;
  if ('inline' in data) {
    const { x, y } = data.inline;
    if (x.length !== y.length) {
      add(['data', 'inline'], t('problems.file.inlineRows', { x: x.length, y: y.length }));
    }
    for (const [name, rows] of [
      ['x', x],
      ['y', y],
    ] as const) {
      let wrong = 0;
      rows.forEach((row, r) => {
        if (row.length !== rows[0].length && wrong++ < 5) {
          add(
            ['data', 'inline', name, r],
            t('problems.file.inlineRow', { width: rows[0].length, got: row.length }),
          );
        }
      });
    }
    for (const [name, width, of] of [
      ['features', x[0].length, 'x'],
      ['targets', y[0].length, 'y'],
      ['classes', y[0].length, 'y'],
    ] as const) {
      const names = data.inline[name];
      if (names && names.length !== width)
        add(
          ['data', 'inline', name],
          t('problems.file.inlineNames', { width, of, got: names.length }),
        );
    }
  } else if ('csv' in data) {
    const seen = new Map<string, string>();
    for (const list of ['features', 'targets'] as const) {
      data[list].forEach((column, i) => {
        const other = seen.get(column);
        if (other) add(['data', list, i], t('problems.file.columnTwice', { column, other }));
        else seen.set(column, `${list}[${i}]`);
      });
    }
  }
  return problems;
}
