/**
 * What the window calls a node or a connection when it names one in a list:
 * the kind's label and the node's number (`Dense 1` for `dense1`, `Loss` for
 * `loss`), and `Dense 1 → Activation 1` for a connection, rather than ids like
 * `e-act1-add1-1`. A node whose id has no such number, or whose name another
 * node would share, is named with its id in quotes (`Dense "hidden"`), as the
 * compiler's messages do.
 */
import { useMemo } from 'react';
import { isNodeKind, KINDS } from '../common/engine';
import { t } from '#src/i18n';
import { useTranslation } from '../common/i18n';
import { useDocument } from './document';

interface Named {
  id: string;
  data: { kind: string };
}

function shortName(node: Named, label: string): string | null {
  const number = /^[a-z_]+?(\d+)$/i.exec(node.id)?.[1];
  if (number) return `${label} ${Number(number)}`;
  if (node.id.toLowerCase() === node.data.kind || node.id.toLowerCase() === label.toLowerCase()) {
    return label;
  }
  return null;
}

/**
 * Every node's name, unique within the graph. Each kind's label is translated once (a thousand
 * lookups in i18next took ~3 ms as the details panel opened).
 */
export function nodeNames(nodes: readonly Named[]): Map<string, string> {
  const labels = new Map<string, string>();
  const labelOf = (kind: string) => {
    let label = labels.get(kind);
    if (label === undefined) {
      label = isNodeKind(kind) ? t(KINDS[kind].label) : kind;
      labels.set(kind, label);
    }
    return label;
  };
  const short = nodes.map((n) =>
    isNodeKind(n.data.kind) ? shortName(n, labelOf(n.data.kind)) : null,
  );
  const uses = new Map<string, number>();
  for (const s of short) if (s) uses.set(s, (uses.get(s) ?? 0) + 1);
  return new Map(
    nodes.map((n, i) => {
      const s = short[i];
      if (s && uses.get(s) === 1) return [n.id, s];
      return [n.id, `${labelOf(n.data.kind)} "${n.id}"`];
    }),
  );
}

/** A connection's name from its ends' names: `Dense 1 → Activation 1`. */
export function edgeName(
  names: Map<string, string>,
  edge: { source: string; target: string },
): string {
  return `${names.get(edge.source) ?? `"${edge.source}"`} → ${names.get(edge.target) ?? `"${edge.target}"`}`;
}

/** The last key `idsAndKinds` made, and the nodes it was made from. */
let lastKey: { nodes: readonly Named[]; key: string } | null = null;

/**
 * The node ids and kinds as one string (`id\tkind` lines): the key of the names. A node array
 * with the same ids and kinds as the last one (a drag, a selection) gets the last key back without
 * building it again: the store changes on every step of a drag, and each panel that names nodes
 * asks again.
 */
export function idsAndKinds(nodes: readonly Named[]): string {
  const last = lastKey;
  if (
    last &&
    (last.nodes === nodes ||
      (last.nodes.length === nodes.length &&
        nodes.every(
          (n, i) => n.id === last.nodes[i].id && n.data.kind === last.nodes[i].data.kind,
        )))
  ) {
    lastKey = { nodes, key: last.key };
    return last.key;
  }
  const key = nodes.map((n) => `${n.id}\t${n.data.kind}`).join('\n');
  lastKey = { nodes, key };
  return key;
}

/** The last names made, shared by every panel that names nodes (they mount together). */
let lastNames: { key: string; language: string; names: Map<string, string> } | null = null;

/** Names from `useNodeNames`' key, in `language` (the window's). */
function namesOf(key: string, language: string): Map<string, string> {
  if (lastNames?.key === key && lastNames.language === language) return lastNames.names;
  const names = nodeNames(
    key
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id, kind] = line.split('\t');
        return { id, data: { kind } };
      }),
  );
  lastNames = { key, language, names };
  return names;
}

/**
 * The document's node names, in the window's language; re-renders only when ids or kinds
 * change (not on a drag), or the language.
 */
export function useNodeNames(): Map<string, string> {
  const key = useDocument((s) => idsAndKinds(s.nodes));
  const language = useTranslation().i18n.language;
  return useMemo(() => namesOf(key, language), [key, language]);
}
