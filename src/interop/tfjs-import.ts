/**
 * TF.js Layers models (`model.json` + weights) as documents: Sequential and
 * functional models (Keras 2 and Keras 3 topologies) made of InputLayer, Dense
 * (its built-in activation becomes an Activation node after it), Activation,
 * ReLU, LeakyReLU, Softmax, Add, Concatenate, Dropout, and Flatten (passed
 * through). Any other layer stops the import with its name and position.
 *
 * Our own export folds standardisation into the first Dense layers and records
 * it; when the recorded data standardises again on import, it is taken out so
 * the document's weights are those it had.
 */
import { t, tKey } from '../i18n';
import { standardizes } from '../model/data';
import { GraphBuilder, nodePlace } from './build';
import { readMetadata } from './metadata';
import { ImportError, METADATA_KEY, type Imported } from './types';

type Json = Record<string, unknown>;

interface Layer {
  className: string;
  name: string;
  config: Json;
  /** Names of the layers feeding it, in order. */
  inbound: string[];
}

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
}

const obj = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

/** Layer names a Keras 3 `inbound_nodes` entry ({args, kwargs}) or a Keras 2 one ([[name, 0, 0, {}], …]) names. */
function inboundNames(layer: Json): string[] {
  const nodes = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : [];
  const first: unknown = nodes[0];
  if (first === undefined) return [];
  if (Array.isArray(first)) return first.map((entry: unknown) => String((entry as unknown[])[0]));
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const history = obj(obj(v).config).keras_history;
      if (Array.isArray(history)) found.push(String(history[0]));
      else Object.values(v).forEach(walk);
    }
  };
  walk(obj(first).args);
  return found;
}

function inputWidth(config: Json): number | null {
  const shape = config.batch_input_shape ?? config.batchInputShape ?? config.batch_shape;
  if (Array.isArray(shape) && shape.length >= 2) {
    const width = shape.slice(1).reduce((a: number, d: unknown) => a * Number(d), 1);
    return Number.isInteger(width) && width > 0 ? width : null;
  }
  const inputShape = config.input_shape ?? config.inputShape;
  if (Array.isArray(inputShape) && inputShape.length >= 1) {
    const width = inputShape.reduce((a: number, d: unknown) => a * Number(d), 1);
    return Number.isInteger(width) && width > 0 ? width : null;
  }
  return null;
}

/** The layers of a model.json in order, each with the layers it reads. */
function layersOf(topology: Json, source: string): { layers: Layer[]; output: string } {
  const top = topology.model_config ? obj(topology.model_config) : topology;
  const className = String(top.class_name ?? '');
  const config = top.config;
  const raw: Json[] = (
    Array.isArray(config) ? config : Array.isArray(obj(config).layers) ? obj(config).layers : []
  ) as Json[];
  if (raw.length === 0) throw new ImportError(t('interop.tfjs.noLayers', { source }));
  const layers: Layer[] = raw.map((l, i) => {
    const cfg = obj(l.config);
    return {
      className: String(l.class_name ?? ''),
      name: String(cfg.name ?? l.name ?? `layer${i + 1}`),
      config: cfg,
      inbound: inboundNames(l),
    };
  });
  if (className === 'Sequential') {
    // A chain: an input layer (explicit, or implied by the first layer's shape) then each layer.
    if (layers[0].className !== 'InputLayer') {
      const width = inputWidth(layers[0].config);
      layers.unshift({
        className: 'InputLayer',
        name: 'input',
        config: { batch_input_shape: [null, width] },
        inbound: [],
      });
    }
    layers.forEach((l, i) => (l.inbound = i === 0 ? [] : [layers[i - 1].name]));
    return { layers, output: layers[layers.length - 1].name };
  }
  if (className !== 'Model' && className !== 'Functional') {
    throw new ImportError(t('interop.tfjs.unknownModel', { source, className }));
  }
  const outputs = obj(config).output_layers;
  const list = Array.isArray(outputs) ? outputs : [];
  // Keras 2 writes [[name, 0, 0]], Keras 3 may write [name, 0, 0] for one output.
  const names = list.length && !Array.isArray(list[0]) ? [list] : list;
  if (names.length !== 1)
    throw new ImportError(t('interop.tfjs.outputCount', { source, count: names.length }));
  return { layers, output: String((names[0] as unknown[])[0]) };
}

/** Every weight of the manifest by name, read from the files `read` returns. */
async function weightValues(
  manifest: ManifestGroup[],
  read: (path: string) => Promise<Uint8Array>,
  source: string,
): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const group of manifest) {
    const parts = await Promise.all(group.paths.map(read));
    const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const view = new DataView(bytes.buffer);
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization) {
        throw new ImportError(
          t('interop.tfjs.weightType', { source, name: w.name, dtype: w.dtype }),
        );
      }
      const count = w.shape.reduce((a, d) => a * d, 1);
      if (offset + count * 4 > bytes.length) {
        throw new ImportError(t('interop.tfjs.weightsShort', { source, name: w.name }));
      }
      const values = Float32Array.from({ length: count }, (_, i) =>
        view.getFloat32(offset + i * 4, true),
      );
      offset += count * 4;
      out.set(w.name, { shape: w.shape, values });
    }
  }
  return out;
}

const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  elu: 'elu',
  gelu_new: 'gelu',
  softplus: 'softplus',
  softmax: 'softmax',
};

/**
 * The document a TF.js `model.json` describes. `read` returns the bytes of a weights file
 * the manifest names (relative to the model.json); `source` names the file in messages.
 */
export async function importTfjs(
  text: string,
  read: (path: string) => Promise<Uint8Array>,
  source: string,
): Promise<Imported> {
  let json: Json;
  try {
    json = obj(JSON.parse(text));
  } catch (error) {
    throw new ImportError(
      t('interop.tfjs.notJson', {
        source,
        why: error instanceof Error ? error.message : String(error),
      }),
    );
  }
  if (!json.modelTopology) throw new ImportError(t('interop.tfjs.notLayers', { source }));
  const { layers, output } = layersOf(obj(json.modelTopology), source);
  const manifest = (
    Array.isArray(json.weightsManifest) ? json.weightsManifest : []
  ) as ManifestGroup[];
  const weights = await weightValues(manifest, read, source);
  const metadata = readMetadata(obj(json.userDefinedMetadata)[METADATA_KEY]);
  const scaling =
    metadata?.standardization && standardizes(metadata.data) ? metadata.standardization : undefined;
  const idOf = (name: string): string => {
    const ids = metadata?.ids;
    const id = ids && Object.hasOwn(ids, name) ? ids[name] : undefined;
    return typeof id === 'string' ? id : name;
  };

  const builder = new GraphBuilder();
  /** Layer name → the document node whose output it is, and its width. */
  const flows = new Map<string, { id: string; width: number }>();
  let features = 0;
  let inputId = '';

  layers.forEach((layer, index) => {
    const place = nodePlace(index, layers.length, layer.name, layer.className);
    const fail = (key: string, values: Record<string, unknown> = {}): never => {
      throw new ImportError(`${source}: ${place}: ${t(key, values)}`);
    };
    const ins = layer.inbound.map((name) => {
      const flow = flows.get(name);
      if (!flow) fail(tKey('interop.tfjs.unknownInbound'), { name });
      return flow!;
    });
    const node = (
      kind: string,
      params: Json,
      from: { id: string }[],
      width: number,
      id = idOf(layer.name),
    ) => {
      const made = builder.add(kind, params, id);
      builder.connect(
        from.map((f) => f.id),
        made,
      );
      flows.set(layer.name, { id: made, width });
      return made;
    };
    const activation = (fn: unknown, from: { id: string; width: number }, id?: string) => {
      const name = ACTIVATIONS[String(fn)];
      if (!name) fail(tKey('interop.tfjs.unsupportedActivation'), { fn: String(fn) });
      return node('activation', { fn: name }, [from], from.width, id);
    };
    const config = layer.config;

    switch (layer.className) {
      case 'InputLayer': {
        if (inputId) fail(tKey('interop.tfjs.secondInput'));
        const width = inputWidth(config);
        if (!width) fail(tKey('interop.tfjs.inputShape'));
        features = width!;
        inputId = node('input', { features }, [], features);
        return;
      }
      case 'Dense': {
        if (ins.length !== 1) fail(tKey('interop.tfjs.oneInbound'));
        const from = ins[0];
        const units = Number(config.units);
        const kernel = findWeight(weights, layer.name, 'kernel');
        if (!kernel) fail(tKey('interop.tfjs.missingWeight'), { weight: 'kernel' });
        if (
          kernel!.shape.length !== 2 ||
          kernel!.shape[0] !== from.width ||
          kernel!.shape[1] !== units
        ) {
          fail(tKey('interop.tfjs.kernelShape'), {
            shape: kernel!.shape.join(' × '),
            inputs: from.width,
            units,
          });
        }
        const useBias = config.use_bias !== false && config.useBias !== false;
        const biasW = useBias ? findWeight(weights, layer.name, 'bias') : undefined;
        if (useBias && !biasW) fail(tKey('interop.tfjs.missingWeight'), { weight: 'bias' });
        let W = Array.from({ length: units }, (_, u) =>
          Array.from({ length: from.width }, (_, i) => kernel!.values[i * units + u]),
        );
        let b = biasW ? Array.from(biasW.values) : new Array<number>(units).fill(0);
        if (scaling && from.id === inputId) {
          // Our export folded (x − mean) / std in: W′ = W / std, b′ = b − W′·mean.
          b = b.map((v, u) => v + W[u].reduce((s, w, i) => s + w * scaling.mean[i], 0));
          W = W.map((row) => row.map((w, i) => w * scaling.std[i]));
        }
        // A bias our export added only to hold the folded standardisation goes again.
        const hasBias =
          useBias &&
          !(
            scaling &&
            Array.isArray(metadata?.foldedBias) &&
            metadata.foldedBias.includes(idOf(layer.name))
          );
        if (!hasBias) b = new Array<number>(units).fill(0);
        const activationFn = String(config.activation ?? 'linear');
        const id = node('dense', { units, ...(hasBias ? {} : { bias: false }) }, [from], units);
        builder.weights[id] = { W, b };
        if (activationFn !== 'linear')
          activation(activationFn, { id, width: units }, `${id}_${activationFn}`);
        return;
      }
      case 'Activation':
        if (ins.length !== 1) fail(tKey('interop.tfjs.oneInbound'));
        activation(config.activation, ins[0]);
        return;
      case 'ReLU':
        if (config.max_value != null || Number(config.threshold ?? 0) !== 0)
          fail(tKey('interop.tfjs.reluOptions'));
        if (Number(config.negative_slope ?? 0) !== 0) {
          node(
            'activation',
            { fn: 'leaky_relu', alpha: Number(config.negative_slope) },
            ins,
            ins[0].width,
          );
        } else activation('relu', ins[0]);
        return;
      case 'LeakyReLU': {
        // Keras' default slope is 0.3; Keras 3 calls it negative_slope.
        const alpha = Number(config.alpha ?? config.negative_slope ?? 0.3);
        if (!(alpha >= 0 && alpha <= 1)) fail(tKey('interop.tfjs.leakyAlpha'), { alpha });
        node(
          'activation',
          { fn: 'leaky_relu', alpha: Number(alpha.toPrecision(7)) },
          ins,
          ins[0].width,
        );
        return;
      }
      case 'Softmax':
        activation('softmax', ins[0]);
        return;
      case 'Add': {
        if (ins.some((f) => f.width !== ins[0].width))
          fail(tKey('interop.tfjs.addWidths'), { widths: ins.map((f) => f.width).join(', ') });
        node('add', {}, ins, ins[0].width);
        return;
      }
      case 'Concatenate': {
        const axis = Number(config.axis ?? -1);
        if (axis !== -1 && axis !== 1) fail(tKey('interop.tfjs.concatAxis'), { axis });
        node(
          'concat',
          {},
          ins,
          ins.reduce((s, f) => s + f.width, 0),
        );
        return;
      }
      case 'BatchNormalization':
      case 'LayerNormalization': {
        if (ins.length !== 1) fail(tKey('interop.tfjs.oneInbound'));
        const batch = layer.className === 'BatchNormalization';
        const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
        if (axis.length !== 1 || !(Number(axis[0]) === -1 || Number(axis[0]) === 1))
          fail(tKey('interop.tfjs.normAxis'), { axis: JSON.stringify(config.axis) });
        const width = ins[0].width;
        const vector = (keras: string, fill: number): number[] => {
          const found = findWeight(weights, layer.name, keras);
          if (found && found.values.length !== width)
            fail(tKey('interop.tfjs.kernelShape'), {
              shape: found.shape.join(' × '),
              inputs: width,
              units: width,
            });
          // center / scale off: β = 0, γ = 1.
          return found ? Array.from(found.values) : new Array<number>(width).fill(fill);
        };
        const epsilon = Number(Number(config.epsilon ?? 0.001).toPrecision(7));
        const id = node(
          batch ? 'batchnorm' : 'layernorm',
          batch ? { momentum: Number(config.momentum ?? 0.99), epsilon } : { epsilon },
          ins,
          width,
        );
        builder.weights[id] = {
          gamma: vector('gamma', 1),
          beta: vector('beta', 0),
          ...(batch
            ? { mean: vector('moving_mean', 0), variance: vector('moving_variance', 1) }
            : {}),
        };
        return;
      }
      case 'Dropout': {
        // A dropout node when the app can hold its rate; otherwise (as in inference) passed through.
        const rate = Number(config.rate ?? 0);
        if (ins.length === 1 && rate >= 0 && rate <= 0.95)
          node('dropout', { rate }, ins, ins[0].width);
        else flows.set(layer.name, ins[0]);
        return;
      }
      case 'Flatten':
        flows.set(layer.name, ins[0]);
        return;
      default:
        fail(tKey('interop.tfjs.unsupportedLayer'), { className: layer.className });
    }
  });

  const result = flows.get(output);
  if (!result || result.id === inputId)
    throw new ImportError(t('interop.tfjs.outputNotComputed', { source, name: output }));
  return builder.finish({
    source,
    output: result,
    features,
    metadata,
  });
}

/** `name/kernel`, also under a scope (`sequential/name/kernel`) or a TF.js suffix (`name/kernel_1`). */
function findWeight(
  weights: Map<string, { shape: number[]; values: Float32Array }>,
  layer: string,
  kind: string,
) {
  const exact = weights.get(`${layer}/${kind}`);
  if (exact) return exact;
  for (const [name, w] of weights) {
    if (
      new RegExp(`(^|/)${layer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${kind}(_\\d+)?$`).test(name)
    )
      return w;
  }
  return undefined;
}
