/**
 * The document's inference graph as ONNX (opset 13), built with onnx-proto's
 * protobuf classes. Every node of the document becomes one ONNX node of the
 * same name whose output tensor has that name too:
 *
 *   Dense       → Gemm(x, W, b) with transB = 1 (W stays units × inputs, as the file holds it)
 *   Activation  → Relu / LeakyRelu(alpha) / Sigmoid / Tanh / Softmax(axis −1) / Identity (linear)
 *   Add         → Add (two inputs) or Sum (more)
 *   Concat      → Concat(axis 1)
 *
 * The Loss is left out: the graph's one output is what the loss compares, the prediction.
 * The one input is named after the Input node, `batch × features` with a dynamic batch.
 * Standardised data is exported as explicit nodes on the raw input, Sub(mean) then Div(std),
 * so the weights in the file are exactly the document's and the model takes raw rows as
 * `backprop-studio predict` does. Weights are float32 initialisers.
 */
import type { CompiledNode } from '../engine/compile';
import { denseWeights } from '../engine/weights';
import {
  FLOAT,
  GELU_IR_VERSION,
  GELU_OPSET,
  IR_VERSION,
  LAYERNORM_IR_VERSION,
  LAYERNORM_OPSET,
  OPSET,
  onnx,
} from './onnx-proto';
import { studioMetadata } from './metadata';
import { METADATA_KEY, unsupportedKind, type ExportInput, type ExportedFile } from './types';

type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;

/** Little-endian float32 bytes (ONNX raw_data is little-endian whatever the machine). */
function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: float32Bytes(values) });
}

function attribute(name: string, value: number, kind: 'int' | 'float') {
  return kind === 'int'
    ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value })
    : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value });
}

function valueInfo(name: string, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] },
      },
    },
  });
}

const ACTIVATION_OPS: Record<string, string> = {
  linear: 'Identity',
  relu: 'Relu',
  leaky_relu: 'LeakyRelu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  softplus: 'Softplus',
  softmax: 'Softmax',
};

/** The ModelProto for a document; `encodeOnnx` turns it into bytes. */
export function onnxModel(input: ExportInput): InstanceType<typeof onnx.ModelProto> {
  const { model, compiled, weights, standardization } = input;
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const inputId = compiled.inputId;
  // The tensor each document node's output is: its own id, but the input's may be standardised.
  const tensorOf = new Map<string, string>([[inputId, inputId]]);

  if (standardization) {
    const mean = `${inputId}.mean`;
    const std = `${inputId}.std`;
    initializers.push(tensor(mean, [compiled.features], standardization.mean));
    initializers.push(tensor(std, [compiled.features], standardization.std));
    const centred = `${inputId}/centred`;
    const scaled = `${inputId}/standardized`;
    nodes.push(
      onnx.NodeProto.create({
        name: `${inputId}/Sub`,
        opType: 'Sub',
        input: [inputId, mean],
        output: [centred],
      }),
      onnx.NodeProto.create({
        name: `${inputId}/Div`,
        opType: 'Div',
        input: [centred, std],
        output: [scaled],
      }),
    );
    tensorOf.set(inputId, scaled);
  }

  const emit = (
    node: CompiledNode,
    opType: string,
    inputs: string[],
    attrs = [] as ReturnType<typeof attribute>[],
  ) => {
    nodes.push(
      onnx.NodeProto.create({
        name: node.id,
        opType,
        input: inputs,
        output: [node.id],
        attribute: attrs,
      }),
    );
    tensorOf.set(node.id, node.id);
  };

  for (const node of compiled.nodes) {
    const sources = node.inputs.map((i) => tensorOf.get(i.source)!);
    switch (node.kind) {
      case 'input':
      case 'loss':
        break;
      case 'dropout':
        // The identity in inference: its output is its input's tensor.
        tensorOf.set(node.id, sources[0]);
        break;
      case 'batchnorm':
      case 'layernorm': {
        // ONNX normalises axis 1 (batch norm) or the last (layer norm): the same axis as ours
        // only for a vector per sample; an image's channels are not ONNX's NCHW axis 1.
        if (node.shape.length !== 1) throw unsupportedKind(node);
        const w = weights[node.id];
        const names = (
          node.kind === 'batchnorm' ? ['gamma', 'beta', 'mean', 'variance'] : ['gamma', 'beta']
        ).map((name) => {
          initializers.push(tensor(`${node.id}.${name}`, [node.width], w[name] as number[]));
          return `${node.id}.${name}`;
        });
        const epsilon = attribute('epsilon', Number(node.params.epsilon), 'float');
        if (node.kind === 'batchnorm')
          emit(
            node,
            'BatchNormalization',
            [sources[0], ...names],
            [epsilon, attribute('momentum', Number(node.params.momentum), 'float')],
          );
        else
          emit(
            node,
            'LayerNormalization',
            [sources[0], ...names],
            [epsilon, attribute('axis', -1, 'int')],
          );
        break;
      }
      case 'dense': {
        const w = denseWeights(weights[node.id])!;
        const inputs = w.W[0]?.length ?? 0;
        initializers.push(tensor(`${node.id}.W`, [node.width, inputs], w.W.flat()));
        const args = [sources[0], `${node.id}.W`];
        if (node.params.bias !== false) {
          initializers.push(tensor(`${node.id}.b`, [node.width], w.b));
          args.push(`${node.id}.b`);
        }
        emit(node, 'Gemm', args, [attribute('transB', 1, 'int')]);
        break;
      }
      case 'activation': {
        const fn = String(node.params.fn);
        if (fn === 'gelu') {
          // Opset 20's Gelu; approximate="tanh" is the formula the app computes.
          emit(node, 'Gelu', sources, [
            onnx.AttributeProto.create({
              name: 'approximate',
              type: onnx.AttributeProto.AttributeType.STRING,
              s: new TextEncoder().encode('tanh'),
            }),
          ]);
          break;
        }
        const attrs =
          fn === 'leaky_relu'
            ? [attribute('alpha', Number(node.params.alpha), 'float')]
            : fn === 'softmax'
              ? [attribute('axis', -1, 'int')]
              : [];
        emit(node, ACTIVATION_OPS[fn], sources, attrs);
        break;
      }
      case 'add':
        emit(node, sources.length === 2 ? 'Add' : 'Sum', sources);
        break;
      case 'concat':
        emit(node, 'Concat', sources, [attribute('axis', 1, 'int')]);
        break;
      case 'conv2d':
      case 'maxpool2d':
      case 'avgpool2d':
      case 'flatten':
        // ONNX's Conv and pools are channels first (NCHW): not covered yet.
        throw unsupportedKind(node);
    }
  }

  let output = tensorOf.get(compiled.outputId)!;
  if (output === inputId || compiled.outputId === inputId) {
    // The loss reads the input itself: ONNX wants the output to be a tensor of its own.
    const name = `${compiled.lossId}/prediction`;
    nodes.push(
      onnx.NodeProto.create({ name, opType: 'Identity', input: [output], output: [name] }),
    );
    output = name;
  }

  const metadata = studioMetadata(input);
  // Newer operators need newer operator sets: Gelu 20, LayerNormalization 17.
  const gelu = compiled.nodes.some((n) => n.kind === 'activation' && n.params.fn === 'gelu');
  const layernorm = compiled.nodes.some((n) => n.kind === 'layernorm');
  const [opset, irVersion] = gelu
    ? [GELU_OPSET, GELU_IR_VERSION]
    : layernorm
      ? [LAYERNORM_OPSET, LAYERNORM_IR_VERSION]
      : [OPSET, IR_VERSION];

  return onnx.ModelProto.create({
    irVersion,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'backprop-studio',
    producerVersion: input.appVersion,
    docString: model.name,
    graph: {
      name: model.name,
      node: nodes,
      initializer: initializers,
      input: [valueInfo(inputId, compiled.features)],
      output: [valueInfo(output, compiled.outputs)],
    },
    metadataProps: [
      { key: METADATA_KEY, value: JSON.stringify(metadata) },
      { key: 'features', value: JSON.stringify(input.featureNames) },
      { key: 'targets', value: JSON.stringify(input.targetNames) },
    ],
  });
}

export function encodeOnnx(model: InstanceType<typeof onnx.ModelProto>): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** `name.onnx`: one file. */
export function exportOnnx(input: ExportInput, fileName: string): ExportedFile[] {
  return [{ name: fileName, bytes: encodeOnnx(onnxModel(input)) }];
}
