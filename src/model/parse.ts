/**
 * Reading a model file: JSON syntax → format and version → JSON Schema →
 * the checks a schema cannot express (unique ids, edges to existing nodes,
 * weight shapes, sizes). Every problem is reported, each named by its JSON
 * path; nothing here throws for a bad file, and nothing allocates in
 * proportion to the sizes a file asks for.
 */
import { findJsonError } from './json-error';
import { LIMITS } from './limits';
import { describe, jsonPath, schemaProblems } from './schema-check';
import { graphSize } from './size';
import { MODEL_FORMAT, MODEL_VERSION, type FileProblem, type ModelFile } from './types';

export type ParseResult = { ok: true; model: ModelFile } | { ok: false; problems: FileProblem[] };

/** At most this many problems are listed; the rest are counted. */
export const MAX_PROBLEMS = 100;

/** Parses and validates the text of a `.bpmodel` file. */
export function parseModel(text: string): ParseResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail([{ path: '(file)', message: 'the file is empty' }]);
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
        message: `must be a JSON object (a Backprop Studio model), got ${describe(value)}`,
      },
    ]);
  }
  const deep = tooDeep(value);
  if (deep) {
    return fail([
      {
        path: jsonPath(deep),
        message: `nests lists and objects more than ${MAX_DEPTH} deep; a model file needs far fewer`,
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
            ? `is missing: this is not a Backprop Studio model file (expected "format": "${MODEL_FORMAT}")`
            : `must be "${MODEL_FORMAT}", got ${describe(top.format)}: this is not a Backprop Studio model file`,
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
        message: `this file uses model format version ${top.version}, written by a newer Backprop Studio; this version reads version ${MODEL_VERSION}. Update Backprop Studio to open it.`,
      },
    ]);
  }
  const problems = schemaProblems(value);
  if (problems.length) return fail(problems);
  const model = value as ModelFile;
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
      { path: '(file)', message: `… and ${rest} more problem${rest === 1 ? '' : 's'}` },
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
  if (!found) return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  if (found.offset >= text.trimEnd().length) {
    return 'not valid JSON: the text ends too early (is the file truncated?)';
  }
  const near = JSON.stringify(text.slice(found.offset, found.offset + 20));
  return `not valid JSON at line ${found.line}, column ${found.column}: ${found.message}, found ${near}`;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

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
      add(['graph', 'nodes', i, 'id'], `"${node.id}" is already the id of graph.nodes[${first}]`);
    } else nodeIndex.set(node.id, i);
  });
  const edgeIndex = new Map<string, number>();
  edges.forEach((edge, i) => {
    const first = edgeIndex.get(edge.id);
    if (first !== undefined) {
      add(['graph', 'edges', i, 'id'], `"${edge.id}" is already the id of graph.edges[${first}]`);
    } else edgeIndex.set(edge.id, i);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(edge[end])) {
        add(['graph', 'edges', i, end], `no node has the id "${edge[end]}"`);
      }
    }
    if (edge.source === edge.target) {
      add(['graph', 'edges', i], `connects node "${edge.source}" to itself`);
    }
  });

  // Sizes: refuse before anything is allocated.
  const size = graphSize(model.graph);
  for (const d of size.dense) {
    if (d.parameters !== undefined && d.parameters > LIMITS.maxParameters) {
      add(
        ['graph', 'nodes', d.index],
        `dense node "${d.id}" would have ${fmt(d.parameters)} parameters (${fmt(d.units)} units × ${fmt(d.inputs ?? 0)} inputs); the limit for a whole graph is ${fmt(LIMITS.maxParameters)}`,
      );
    }
  }
  if (
    size.parameters > LIMITS.maxParameters &&
    !problems.some((p) => p.path.startsWith('graph.nodes'))
  ) {
    add(
      ['graph'],
      `the graph would have ${fmt(size.parameters)} parameters; the limit is ${fmt(LIMITS.maxParameters)}`,
    );
  }

  // Weights: one entry per dense node, shaped [units][inputs] and [units].
  if (model.weights) {
    const denseById = new Map(size.dense.map((d) => [d.id, d]));
    for (const [id, w] of Object.entries(model.weights)) {
      const at = ['weights', id];
      const index = nodeIndex.get(id);
      if (index === undefined) {
        add(at, `no node has the id "${id}"`);
        continue;
      }
      const d = denseById.get(id);
      if (!d) {
        add(at, `node "${id}" is a ${nodes[index].kind} node; only dense nodes have weights`);
        continue;
      }
      if (w.W.length !== d.units) {
        add([...at, 'W'], `must have ${d.units} rows (one per unit), got ${w.W.length}`);
      }
      const width = d.inputs ?? w.W[0]?.length;
      let wrongRows = 0;
      w.W.forEach((row, r) => {
        if (row.length !== width && wrongRows++ < 5) {
          add(
            [...at, 'W', r],
            `must have ${width} values (${d.inputs !== undefined ? 'the width of the node’s input' : 'like row 0'}), got ${row.length}`,
          );
        }
      });
      if (wrongRows > 5) add([...at, 'W'], `${wrongRows - 5} more rows have the wrong length`);
      if (w.b.length !== d.units) {
        const zeros = d.bias ? '' : ', zeros since the node has no bias';
        add([...at, 'b'], `must have ${d.units} values (one per unit${zeros}), got ${w.b.length}`);
      }
    }
  }

  // Data that lives in the file.
  const data = model.data;
  if ('inline' in data) {
    const { x, y } = data.inline;
    if (x.length !== y.length) {
      add(['data', 'inline'], `x has ${x.length} rows but y has ${y.length}; they must match`);
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
            `must have ${rows[0].length} values like row 0, got ${row.length}`,
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
          `must name ${width} columns (one per ${of} value), got ${names.length}`,
        );
    }
  } else if ('csv' in data) {
    const seen = new Map<string, string>();
    for (const list of ['features', 'targets'] as const) {
      data[list].forEach((column, i) => {
        const other = seen.get(column);
        if (other) add(['data', list, i], `column "${column}" is already listed in data.${other}`);
        else seen.set(column, `${list}[${i}]`);
      });
    }
  }
  return problems;
}
