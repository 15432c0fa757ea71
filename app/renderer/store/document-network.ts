/**
 * The document's Network: the one place the renderer builds a network from
 * the open document. `documentNetwork` builds a fresh one (its compiled graph,
 * its weights where they fit, the seed's initialisation elsewhere);
 * `cachedNetwork` keeps one per use and rebuilds it only when the compiled
 * graph, the weights or the seed change. `networkForData` builds one checked
 * against loaded data, for work that needs a network of its own (predictions,
 * step mode).
 */
import { Network } from '#src/engine/network';
import type { CompiledGraph } from '#src/engine/compile';
import { buildNetwork, type BuildResult } from '#src/model/network';
import type { ModelFile } from '#src/model/types';
import { useDocument, type DocumentState } from './document';

/** The compiled graph of the document, or null while it has problems. */
export function compiledGraph(s: DocumentState = useDocument.getState()): CompiledGraph | null {
  return s.compiled.ok ? s.compiled.net : null;
}

/**
 * A fresh Network for the document: its graph, its weights where they fit,
 * the seed's initialisation elsewhere. Null while the graph does not compile.
 */
export function documentNetwork(s: DocumentState = useDocument.getState()): Network | null {
  const graph = compiledGraph(s);
  if (!graph) return null;
  const net = new Network(graph, { seed: s.model.training.seed });
  for (const [id, w] of Object.entries(s.model.weights ?? {})) {
    try {
      net.setWeights({ [id]: w });
    } catch {
      // Weights of an older shape: the initialisation stays, as a new run would.
    }
  }
  return net;
}

interface Cached {
  compiled: unknown;
  weights: unknown;
  seed: number;
  net: Network | null;
}

const cache = new Map<string, Cached>();

/**
 * The document's network kept for `use` (each use its own instance, so one that copies a
 * live frame's weights in does not change another's), rebuilt when the compiled graph, the
 * weights or the seed change, or when `rebuild` says so. `fresh` tells whether it was built now.
 */
export function cachedNetwork(
  use: string,
  rebuild = false,
  s: DocumentState = useDocument.getState(),
): { net: Network | null; fresh: boolean } {
  const kept = cache.get(use);
  if (
    !rebuild &&
    kept &&
    kept.compiled === s.compiled &&
    kept.weights === s.model.weights &&
    kept.seed === s.model.training.seed
  )
    return { net: kept.net, fresh: false };
  const net = documentNetwork(s);
  cache.set(use, {
    compiled: s.compiled,
    weights: s.model.weights,
    seed: s.model.training.seed,
    net,
  });
  return { net, fresh: true };
}

/** A new network for the model, checked against the widths of the data it will see. */
export function networkForData(
  model: ModelFile,
  data: { features: number; targets: number },
): BuildResult {
  return buildNetwork(model, { widths: { features: data.features, targets: data.targets } });
}
