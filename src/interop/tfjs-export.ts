/**
 * The document as a TF.js Layers model: `model.json` (a Keras functional
 * model's topology) and one float32 weights file beside it, which
 * `tf.loadLayersModel` reads.
 *
 *   Input → InputLayer;  Dense → Dense (linear; kernel = Wᵀ, inputs × units);
 *   Activation → Activation (linear, relu, sigmoid, tanh, softmax) or LeakyReLU(alpha);
 *   Add → Add;  Concat → Concatenate(axis −1).  The Loss is left out.
 *   An image Input → InputLayer [null, h, w, c];  Conv2D → Conv2D (linear, channels last;
 *   kernel = W, already Keras' [k, k, in, filters]);  MaxPool2D → MaxPooling2D;
 *   AvgPool2D → AveragePooling2D;  Flatten → Flatten (the same row-major order).
 *
 * Keras has no layer that standardises with fixed numbers, so standardised data is
 * folded into the Dense layers that read the input: W′ = W / std (per input column),
 * b′ = b − W′·mean. The model then takes raw rows. The folded numbers are recorded in
 * the metadata, and importing the file takes them out again. A graph where the
 * standardised input goes anywhere but into Dense layers cannot be folded: refused.
 *
 * Layer names are the document's ids, with characters TF.js refuses in a name
 * replaced by `_`; the metadata maps them back.
 */
import type { CompiledNode } from '../engine/compile';
import { denseWeights } from '../engine/weights';
import { t } from '../i18n';
import { studioMetadata } from './metadata';
import { ExportError, METADATA_KEY, type ExportInput, type ExportedFile } from './types';

type Inbound = [string, number, number, Record<string, never>];

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
  name: string;
  inbound_nodes: Inbound[][];
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

const KERAS_ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  elu: 'elu',
  softplus: 'softplus',
  softmax: 'softmax',
};

/** The regularisers and constraints Keras' Dense and Conv2D configs name: none. */
const UNCONSTRAINED = {
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

/** A name TF.js accepts (`[A-Za-z0-9][A-Za-z0-9_.-]*`), unique among `taken`. */
function layerName(id: string, taken: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z0-9]/.test(base)) base = `n${base}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

export interface TfjsModel {
  json: Record<string, unknown>;
  weights: Float32Array;
}

/** model.json's content (weights file named `weightsName`) and the weights. */
export function tfjsModel(input: ExportInput, weightsName: string): TfjsModel {
  const { model, compiled, standardization } = input;
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const node of compiled.nodes) names.set(node.id, layerName(node.id, taken));
  const inbound = (node: CompiledNode): Inbound[][] => [
    node.inputs.map((i) => [names.get(i.source)!, 0, 0, {}]),
  ];

  if (standardization) {
    const readers = compiled.nodes.filter((n) =>
      n.inputs.some((i) => i.source === compiled.inputId),
    );
    const other = readers.find((n) => n.kind !== 'dense');
    if (other) throw new ExportError(t('interop.tfjs.cannotFold', { node: other.id }));
  }

  const layers: KerasLayer[] = [];
  const specs: WeightSpec[] = [];
  const foldedBias: string[] = [];
  const values: number[] = [];
  const layer = (node: CompiledNode, className: string, config: Record<string, unknown>) => {
    const name = names.get(node.id)!;
    layers.push({
      class_name: className,
      config: { name, trainable: true, dtype: 'float32', ...config },
      name,
      inbound_nodes: node.kind === 'input' ? [] : inbound(node),
    });
  };

  for (const node of compiled.nodes) {
    switch (node.kind) {
      case 'input':
        layer(node, 'InputLayer', { batch_input_shape: [null, ...node.shape], sparse: false });
        break;
      case 'loss':
        break;
      case 'dropout':
        layer(node, 'Dropout', { rate: node.params.rate });
        break;
      case 'batchnorm':
      case 'layernorm': {
        // Keras' layers over the last axis (an image's channels: TF.js is NHWC as we are);
        // their weights in Keras' order.
        const batch = node.kind === 'batchnorm';
        layer(node, batch ? 'BatchNormalization' : 'LayerNormalization', {
          axis: -1,
          ...(batch ? { momentum: node.params.momentum } : {}),
          epsilon: node.params.epsilon,
          center: true,
          scale: true,
        });
        const name = names.get(node.id)!;
        const w = input.weights[node.id];
        const tensors: [string, string][] = [
          ['gamma', 'gamma'],
          ['beta', 'beta'],
          ...(batch
            ? ([
                ['moving_mean', 'mean'],
                ['moving_variance', 'variance'],
              ] as [string, string][])
            : []),
        ];
        for (const [keras, ours] of tensors) {
          const v = w[ours] as number[];
          specs.push({ name: `${name}/${keras}`, shape: [v.length], dtype: 'float32' });
          values.push(...v);
        }
        break;
      }
      case 'dense': {
        const bias = node.params.bias !== false;
        let { W, b } = denseWeights(input.weights[node.id])!;
        if (standardization && node.inputs[0].source === compiled.inputId) {
          W = W.map((row) => row.map((w, i) => w / standardization.std[i]));
          b = b.map((v, u) => v - W[u].reduce((s, w, i) => s + w * standardization.mean[i], 0));
        }
        const useBias = bias || b.some((v) => v !== 0);
        if (useBias && !bias) foldedBias.push(node.id);
        layer(node, 'Dense', {
          units: node.width,
          activation: 'linear',
          use_bias: useBias,
          kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          ...UNCONSTRAINED,
        });
        const inputs = W[0]?.length ?? 0;
        const name = names.get(node.id)!;
        specs.push({ name: `${name}/kernel`, shape: [inputs, node.width], dtype: 'float32' });
        for (let i = 0; i < inputs; i++) for (let u = 0; u < node.width; u++) values.push(W[u][i]);
        if (useBias) {
          specs.push({ name: `${name}/bias`, shape: [node.width], dtype: 'float32' });
          values.push(...b);
        }
        break;
      }
      case 'activation': {
        const fn = String(node.params.fn);
        // TF.js' 'gelu' is the exact (erf) one, and its 'gelu_new' (the tanh
        // approximation the app computes) does not load in TF.js 4.22.
        if (fn === 'gelu') throw new ExportError(t('interop.tfjs.gelu', { node: node.id }));
        if (fn === 'leaky_relu') layer(node, 'LeakyReLU', { alpha: Number(node.params.alpha) });
        else layer(node, 'Activation', { activation: KERAS_ACTIVATIONS[fn] });
        break;
      }
      case 'add':
        layer(node, 'Add', {});
        break;
      case 'concat':
        layer(node, 'Concatenate', { axis: -1 });
        break;
      case 'conv2d': {
        const { kernel, stride, padding, bias } = node.params as Record<string, unknown>;
        const { W, b } = input.weights[node.id] as { W: number[][][][]; b?: number[] };
        layer(node, 'Conv2D', {
          filters: node.params.filters,
          kernel_size: [kernel, kernel],
          strides: [stride, stride],
          padding,
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation: 'linear',
          use_bias: bias !== false,
          kernel_initializer: { class_name: 'HeNormal', config: { seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          ...UNCONSTRAINED,
        });
        const name = names.get(node.id)!;
        specs.push({
          name: `${name}/kernel`,
          shape: [W.length, W.length, W[0][0].length, node.shape[2]],
          dtype: 'float32',
        });
        values.push(...(W.flat(3) as number[]));
        if (bias !== false) {
          specs.push({ name: `${name}/bias`, shape: [node.shape[2]], dtype: 'float32' });
          values.push(...b!);
        }
        break;
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        const size = node.params.size as number;
        layer(node, node.kind === 'maxpool2d' ? 'MaxPooling2D' : 'AveragePooling2D', {
          pool_size: [size, size],
          strides: [
            (node.params.stride as number | undefined) ?? size,
            (node.params.stride as number | undefined) ?? size,
          ],
          padding: node.params.padding,
          data_format: 'channels_last',
        });
        break;
      }
      case 'flatten':
        layer(node, 'Flatten', { data_format: 'channels_last' });
        break;
    }
  }

  let output = names.get(compiled.outputId)!;
  if (compiled.outputId === compiled.inputId) {
    // Keras wants the output to be a layer's, not the input itself.
    const name = layerName(`${compiled.lossId}_prediction`, taken);
    layers.push({
      class_name: 'Activation',
      config: { name, trainable: true, dtype: 'float32', activation: 'linear' },
      name,
      inbound_nodes: [[[output, 0, 0, {}]]],
    });
    output = name;
  }

  const ids = Object.fromEntries(
    [...names].filter(([id, name]) => id !== name).map(([id, name]) => [name, id]),
  );
  const metadata = studioMetadata(input, {
    ids,
    ...(standardization ? { standardization, foldedBias } : {}),
  });

  const json = {
    format: 'layers-model',
    generatedBy: `backprop-studio ${input.appVersion}`,
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: {
        name: layerName(model.name || 'model', taken),
        layers,
        input_layers: [[names.get(compiled.inputId)!, 0, 0]],
        output_layers: [[output, 0, 0]],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [weightsName], weights: specs }],
    userDefinedMetadata: { [METADATA_KEY]: metadata },
  };
  return { json, weights: Float32Array.from(values) };
}

/** Little-endian float32 bytes, as TF.js reads weights. */
export function littleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/** `name.json` and `name.weights.bin` beside it. */
export function exportTfjs(input: ExportInput, fileName: string): ExportedFile[] {
  const weightsName = `${fileName.replace(/\.json$/i, '')}.weights.bin`;
  const { json, weights } = tfjsModel(input, weightsName);
  return [
    { name: fileName, bytes: new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`) },
    { name: weightsName, bytes: littleEndian(weights) },
  ];
}
