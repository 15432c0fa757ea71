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

function shortName(node: Named): string | null {
  if (!isNodeKind(node.data.kind)) return null;
  const label = t(KINDS[node.data.kind].label);
  const number = /^[a-z_]+?(\d+)$/i.exec(node.id)?.[1];
  if (number) return `${label} ${Number(number)}`;
  if (node.id.toLowerCase() === node.data.kind || node.id.toLowerCase() === label.toLowerCase()) {
    return label;
  }
  return null;
}

/** Every node's name, unique within the graph. */
export function nodeNames(nodes: readonly Named[]): Map<string, string> {
  const short = nodes.map((n) => shortName(n));
  const uses = new Map<string, number>();
  for (const s of short) if (s) uses.set(s, (uses.get(s) ?? 0) + 1);
  return new Map(
    nodes.map((n, i) => {
      const s = short[i];
      if (s && uses.get(s) === 1) return [n.id, s];
      const label = isNodeKind(n.data.kind) ? t(KINDS[n.data.kind].label) : n.data.kind;
      return [n.id, `${label} "${n.id}"`];
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

/** Names from `useNodeNames`' key; `_language`, the window's, is part of the memo's key. */
function namesOf(key: string, _language: string): Map<string, string> {
  return nodeNames(
    key
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id, kind] = line.split('\t');
        return { id, data: { kind } };
      }),
  );
}

/**
 * The document's node names, in the window's language; re-renders only when ids or kinds
 * change (not on a drag), or the language.
 */
export function useNodeNames(): Map<string, string> {
  const key = useDocument((s) => s.nodes.map((n) => `${n.id}\t${n.data.kind}`).join('\n'));
  const language = useTranslation().i18n.language;
  return useMemo(() => namesOf(key, language), [key, language]);
}
