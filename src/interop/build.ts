/**
 * What both importers share: a document assembled node by node from a
 * foreign graph, then checked whole. The graph is laid out with the canvas's
 * own layout (src/model/layout.ts), the loss is the one our exporter recorded
 * or the one the last activation suggests, and the result compiles, or the
 * import fails with every problem named: nothing is half-imported.
 */
import { compile } from '../engine/compile';
import type { GraphEdge, GraphNode, LossFn } from '../engine/graph';
import { LOSSES } from '../engine/registry';
import { t } from '../i18n';
import { newDocument } from '../model/examples';
import { layoutGraph } from '../model/layout';
import { validateModel } from '../model/parse';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile, type WeightsRecord } from '../model/types';
import { ImportError, type Imported, type StudioMetadata } from './types';

/** The size the canvas gives a node before measuring it (app/renderer/store/document.ts). */
const NODE_BOX = { width: 152, height: 66 };

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly weights: WeightsRecord = {};
  private readonly taken = new Set<string>();

  /** Adds a node under `wanted` (made unique with a suffix) and returns its id. */
  add(kind: GraphNode['kind'], params: Record<string, unknown>, wanted: string): string {
    const base = wanted.trim().slice(0, 190) || kind;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.nodes.push({ id, kind, params });
    return id;
  }

  /** Edges from each source into `target`, in slot order. */
  connect(sources: readonly string[], target: string): void {
    sources.forEach((source, slot) => {
      this.edges.push({
        id: `e${this.edges.length + 1}`,
        source,
        target,
        ...(sources.length > 1 ? { targetSlot: slot } : {}),
      });
    });
  }

  node(id: string): GraphNode | undefined {
    return this.nodes.find((n) => n.id === id);
  }

  /**
   * The finished document: a Loss after `output` (the network's last node and its width), laid
   * out, validated and compiled, named after the model's file unless the metadata names it.
   * `source` names the file in messages. Throws ImportError listing every problem.
   */
  async finish(options: {
    source: string;
    output: { id: string; width: number };
    features: number;
    featureNames?: string[];
    targetNames?: string[];
    metadata?: StudioMetadata;
  }): Promise<Imported> {
    const { metadata, output } = options;
    const lossFn =
      metadata && isLoss(metadata.lossFn) ? metadata.lossFn : this.guessLoss(output.id);
    const lossId = this.add(
      'loss',
      { fn: lossFn },
      typeof metadata?.lossId === 'string' ? metadata.lossId : 'loss',
    );
    this.connect([output.id], lossId);
    const positions = await layoutGraph(
      this.nodes.map((n) => ({ id: n.id, ...NODE_BOX })),
      this.edges,
    );
    for (const node of this.nodes) {
      // The file's metadata is not trusted: only its own keys count ("__proto__" is an id too).
      const kept =
        metadata?.positions && Object.hasOwn(metadata.positions, node.id)
          ? metadata.positions[node.id]
          : undefined;
      node.position = kept ?? positions[node.id] ?? { x: 0, y: 0 };
    }
    // The importers give every Dense node a b; one without a bias has none in the file (version 2).
    for (const node of this.nodes) {
      if (node.kind === 'dense' && node.params.bias === false && this.weights[node.id])
        delete (this.weights[node.id] as { b?: number[] }).b;
    }
    const fallback = newDocument();
    const model: ModelFile = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      name: metadata?.name ?? fileStem(options.source),
      graph: { nodes: this.nodes, edges: this.edges },
      data: metadata?.data ?? placeholderData({ ...options, outputs: output.width }),
      training: metadata?.training ?? fallback.training,
      weights: this.weights,
    };
    const checked = validateModel(JSON.parse(JSON.stringify(model)));
    const problems = checked.ok ? [] : checked.problems.map((p) => `${p.path}: ${p.message}`);
    if (checked.ok) {
      const compiled = compile(model.graph, {});
      if (!compiled.ok) problems.push(...compiled.problems.map((p) => p.message));
    }
    if (problems.length) {
      throw new ImportError(
        t('interop.import.notANetwork', {
          source: options.source,
          problems: problems.join('\n  '),
        }),
      );
    }
    return { model, hasData: metadata?.data !== undefined };
  }

  /** softmax → cross-entropy, sigmoid → binary cross-entropy, anything else → mean squared error. */
  private guessLoss(outputId: string): LossFn {
    const node = this.node(outputId);
    if (node?.kind === 'activation' && node.params.fn === 'softmax') return 'cross_entropy';
    if (node?.kind === 'activation' && node.params.fn === 'sigmoid') return 'bce';
    return 'mse';
  }
}

function isLoss(value: unknown): value is LossFn {
  return typeof value === 'string' && (LOSSES as readonly string[]).includes(value);
}

/**
 * A foreign model brings no data: the document gets one row of zeros named after the model's
 * input and output, so it opens, predicts and can be inspected; the Data panel chooses real data.
 */
function placeholderData(options: {
  features: number;
  outputs: number;
  featureNames?: string[];
  targetNames?: string[];
}): ModelFile['data'] {
  const names = (given: string[] | undefined, n: number, prefix: string) =>
    given?.length === n ? given : Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  return {
    inline: {
      x: [new Array<number>(options.features).fill(0)],
      y: [new Array<number>(options.outputs).fill(0)],
      features: names(options.featureNames, options.features, 'x'),
      targets: names(options.targetNames, options.outputs, 'y'),
    },
  };
}

/** A foreign model's document name: its file's, without folder and ending (graph names are "main_graph"). */
function fileStem(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || path;
}

/** "node 4 of 9, "/fc2/Gemm" (Conv)": where a problem is in a foreign graph. */
export function nodePlace(index: number, count: number, name: string, op: string): string {
  return t('interop.import.nodePlace', {
    position: index + 1,
    count,
    name: name || t('interop.import.unnamed'),
    op,
  });
}
