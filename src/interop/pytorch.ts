/**
 * Export to PyTorch: one readable Python script that holds the document's
 * network as an nn.Module, its weights, its data (regenerated or read as the
 * app does), its loss, optimizer and batch mode, and a training loop that
 * runs on one process or data-parallel on many (torch.distributed).
 *
 * The script's arithmetic follows the app's: float64, the losses' gradients
 * of src/engine/losses.ts, the update rules of src/engine/optimizers.ts
 * (torch.optim's SGD / Adam with L2 on weights only compute the same), and
 * the Trainer's order of samples, so one process reproduces an app run.
 * Pure: the caller writes the files.
 */
import type { CompiledGraph, CompiledNode } from '../engine/compile';
import type { WeightsRecord } from '../engine/network';
import { t } from '../i18n';
import { buildNetwork } from '../model/network';
import { weightsEpoch } from '../model/runs';
import type { ModelFile } from '../model/types';
import { PY_DATA, PY_LOSS, PY_MAIN, PY_RNG } from './pytorch-runtime';
import { unsupportedKind } from './types';
import { dataSection, pyLiteral } from './pytorch-data';

export { pyLiteral } from './pytorch-data';

export interface PyTorchExportOptions {
  /** Where the document is: a CSV it names relative to itself is found from there. */
  modelPath?: string;
  /** The script's file name (default `model.py`). */
  fileName?: string;
  /** Weights in the script, or in `<name>.weights.json` beside it (default: in the script up to 10,000 parameters). */
  weights?: 'embedded' | 'sibling';
  /** The app's version, named in the script's first lines. */
  appVersion?: string;
}

export interface PyTorchExport {
  /** The script first; the weights file when they are kept beside it. */
  files: { name: string; text: string }[];
}

const EMBED_LIMIT = 10_000;

/** The script (and weights file) for a document. Throws naming the graph's problems when it does not compile. */
export function exportPyTorch(model: ModelFile, opts: PyTorchExportOptions = {}): PyTorchExport {
  const built = buildNetwork(model);
  if (!built.ok) {
    const problems = built.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new Error(t('pytorch.notExportable', { problems }));
  }
  const { compiled, net } = built;
  const weights = net.getWeights();
  const fileName = opts.fileName ?? 'model.py';
  const sibling =
    (opts.weights ?? (compiled.parameterCount > EMBED_LIMIT ? 'sibling' : 'embedded')) ===
    'sibling';
  const weightsName = `${fileName.replace(/\.py$/, '')}.weights.json`;
  const script = [
    header(model, fileName, opts.appVersion),
    IMPORTS,
    documentSection(model, weights, sibling ? weightsName : null),
    networkClass(compiled),
    PY_RNG,
    dataSection(model.data, opts.modelPath),
    PY_DATA,
    PY_LOSS,
    PY_MAIN,
  ]
    .map((part) => part.trim())
    .join('\n\n\n');
  const files = [{ name: fileName, text: `${script}\n` }];
  if (sibling) files.push({ name: weightsName, text: `${JSON.stringify(weights)}\n` });
  return { files };
}

// Names -----------------------------------------------------------------------

/** Python keywords, the forward pass's own names, and nn.Module attributes a layer must not shadow. */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield self x logits torch nn math forward training train eval parameters modules ' +
    'children buffers state_dict load_state_dict to cpu cuda double float half type apply ' +
    'zero_grad register_buffer register_parameter add_module named_parameters named_modules ' +
    'requires_grad_ dense_layers dump_patches T_destination call_super_init'
  ).split(' '),
);

/** One Python identifier per node id, unique, readable (`hidden 1` → `hidden_1`). */
function identifiers(nodes: readonly CompiledNode[], inputId: string): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    if (node.id === inputId) {
      names.set(node.id, 'x');
      continue;
    }
    let base = node.id.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+(?=.)/, '') || 'node';
    if (/^\d/.test(base)) base = `n${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}

// Sections --------------------------------------------------------------------

function header(model: ModelFile, fileName: string, appVersion?: string): string {
  const tr = model.training;
  const from = appVersion ? `Backprop Studio ${appVersion}` : 'Backprop Studio';
  const title = model.name.replace(/\\/g, '/').replace(/"""/g, '"').replace(/\n/g, ' ');
  return String.raw`#!/usr/bin/env python3
r"""${title}: a network exported from ${from} to PyTorch.

The network (an nn.Module), its weights, its data, loss, optimizer
(${tr.optimizer}, learning rate ${tr.learningRate}), batch mode and seed, trained as the app trains it.
Use a Python that has PyTorch (Debian: apt-get install python3-torch, then /usr/bin/python3):

  python3 ${fileName}                                   train ${tr.epochs} epochs, printing progress
  python3 ${fileName} --epochs 500 --out trained.bpmodel  train, then write a model file the app opens
  python3 ${fileName} --predict rows.json               predictions for raw rows (a JSON array of rows)

Data-parallel on several processes or machines (torch.distributed: gloo on CPU,
nccl where CUDA is present): start it with torchrun, or set RANK, WORLD_SIZE,
MASTER_ADDR and MASTER_PORT yourself. Rank 0 prints progress and writes --out.

  torchrun --nnodes 2 --nproc_per_node 4 --rdzv_backend c10d \
      --rdzv_endpoint HOST:29500 ${fileName} --out trained.bpmodel
"""`;
}

const IMPORTS = `
import argparse
import csv
import datetime
import io
import json
import math
import os
import re
import sys
import time

try:
    import torch
except ImportError:
    sys.exit(f"PyTorch is missing for {sys.executable}: install it (Debian: apt-get install python3-torch, "
             "then run this with /usr/bin/python3; elsewhere: pip install torch)")
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

# The app's reference arithmetic is float64.
torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))`;

function documentSection(
  model: ModelFile,
  weights: WeightsRecord,
  weightsFile: string | null,
): string {
  const { weights: _drop, ...doc } = model;
  const runId = Math.max(0, ...(model.runs ?? []).map((r) => r.id)) + 1;
  const weightsCode = weightsFile
    ? `# Weights by Dense node: W is units × inputs (as nn.Linear.weight), b one value per unit.
with open(os.path.join(HERE, ${JSON.stringify(weightsFile)}), encoding="utf-8") as _f:
    WEIGHTS = json.load(_f)`
    : `# Weights by Dense node: W is units × inputs (as nn.Linear.weight), b one value per unit.
WEIGHTS = ${pyLiteral(weights)}`;
  return `# The document this script came from (its weights are below): --out writes it back with
# the trained weights, its history and this run.
DOCUMENT = ${pyLiteral(doc)}

# Epochs the weights below have been trained, and the number this run gets in the document.
FROM_EPOCH = ${weightsEpoch(model)}
RUN_ID = ${runId}

${weightsCode}`;
}

/** Text broken into lines of at most `width` characters (longer words stay whole), each indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(indent + line);
  return lines.join('\n');
}

function activationCode(node: CompiledNode, src: string): string {
  const fn = node.params.fn as string;
  switch (fn) {
    case 'sigmoid':
      return `torch.sigmoid(${src})`;
    case 'tanh':
      return `torch.tanh(${src})`;
    case 'relu':
      return `torch.relu(${src})`;
    case 'elu':
      return `F.elu(${src})`;
    case 'gelu':
      return `F.gelu(${src}, approximate='tanh')`;
    case 'softplus':
      return `F.softplus(${src})`;
    case 'leaky_relu':
      return `F.leaky_relu(${src}, ${pyLiteral(node.params.alpha ?? 0.01)})`;
    case 'softmax':
      return `torch.softmax(${src}, dim=1)`;
    default:
      return `${src}  # linear: a = z`;
  }
}

/** The nn.Module: one nn.Linear per Dense node, the forward pass in the graph's order. */
function networkClass(compiled: CompiledGraph): string {
  const names = identifiers(compiled.nodes, compiled.inputId);
  const name = (id: string): string => names.get(id)!;
  const widths = new Map(compiled.nodes.map((n) => [n.id, n.width]));
  const fused =
    compiled.lossFn === 'cross_entropy' &&
    compiled.nodes.some(
      (n) => n.id === compiled.outputId && n.kind === 'activation' && n.params.fn === 'softmax',
    );
  const init: string[] = [];
  const forward: string[] = [];
  const chain: string[] = [];
  const dense: string[] = [];
  for (const node of compiled.nodes) {
    const v = name(node.id);
    const srcs = node.inputs.map((i) => name(i.source));
    const quoted = JSON.stringify(node.id);
    switch (node.kind) {
      case 'input':
        chain.push(`${quoted} (${node.width})`);
        break;
      case 'dense': {
        const inputs = widths.get(node.inputs[0].source)!;
        const bias = node.params.bias === false ? ', bias=False' : '';
        init.push(`self.${v} = nn.Linear(${inputs}, ${node.width}${bias})  # Dense ${quoted}`);
        forward.push(`${v} = self.${v}(${srcs[0]})`);
        dense.push(node.id);
        chain.push(`${quoted} dense ${node.width}`);
        break;
      }
      case 'activation':
        if (fused && node.id === compiled.outputId) {
          forward.push(`if logits:`, `    return ${srcs[0]}  # the softmax's input, for the loss`);
        }
        forward.push(`${v} = ${activationCode(node, srcs[0])}`);
        chain.push(`${quoted} ${String(node.params.fn)}`);
        break;
      case 'add':
        forward.push(`${v} = ${srcs.join(' + ')}  # Add ${quoted}`);
        chain.push(`${quoted} add`);
        break;
      case 'concat':
        forward.push(`${v} = torch.cat([${srcs.join(', ')}], dim=1)  # Concat ${quoted}`);
        chain.push(`${quoted} concat`);
        break;
      case 'loss':
        chain.push(`${quoted} loss ${String(node.params.fn)}`);
        break;
      case 'dropout': {
        const p = pyLiteral(node.params.rate);
        forward.push(
          `${v} = F.dropout(${srcs[0]}, p=${p}, training=self.training)  # Dropout ${quoted}`,
        );
        chain.push(`${quoted} dropout ${String(node.params.rate)}`);
        break;
      }
      case 'batchnorm':
      case 'layernorm':
      case 'conv2d':
      case 'maxpool2d':
      case 'avgpool2d':
      case 'flatten':
        throw unsupportedKind(node);
    }
  }
  forward.push(`return ${name(compiled.outputId)}`);
  const layers = dense.map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(name(id))},`);
  const indent = (lines: string[]) => lines.map((l) => `        ${l}`).join('\n');
  return `class Network(nn.Module):
    """The document's graph, node by node:
${wrap(`${chain.join(' → ')}.`, 84, '    ')}

    Rows are samples: x is m × ${compiled.features}, the result m × ${compiled.outputs}.
    """

    def __init__(self):
        super().__init__()
${init.length ? `${indent(init)}\n` : ''}        self.eval()  # inference (no dropout) unless train() says otherwise

    def forward(self, x, logits=False):
        """The prediction for rows x (standardised as the data is).${fused ? " With logits, the softmax's input." : ''}"""
${indent(forward)}

    def dense_layers(self):
        return [${dense.map((id) => `self.${name(id)}`).join(', ')}]


# The nn.Linear attribute of each Dense node, by the node's id in the document.
LAYERS = {
${layers.join('\n')}
}

LOSS = ${JSON.stringify(compiled.lossFn)}
# Softmax feeding cross-entropy: the loss takes the softmax's input and uses dL/dz = (p - y) / m.
FUSED = ${fused ? 'True' : 'False'}`;
}
