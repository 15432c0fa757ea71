/**
 * What the exporters take and give, and how the importers fail. Pure: the
 * callers (src/cli, app/services) read and write the files.
 */
import type { CompiledGraph } from '../engine/compile';
import type { NodeKind } from '../engine/graph';
import { kindLabel } from '../engine/registry';
import { t } from '../i18n';
import type { WeightsRecord } from '../engine/network';
import type { Standardization } from '../model/data';
import type { ModelFile } from '../model/types';

/** A document ready to leave the app: its compiled graph, its weights, and how its inputs are scaled. */
export interface ExportInput {
  model: ModelFile;
  compiled: CompiledGraph;
  /** Every dense node's W (units × inputs) and b: the file's, or those drawn from its seed. */
  weights: WeightsRecord;
  /** Present when the data is standardised: the exported model takes raw rows. */
  standardization?: Standardization;
  featureNames: string[];
  targetNames: string[];
  /** The app's version, written into the file (ONNX producer_version, TF.js generatedBy). */
  appVersion: string;
  /**
   * Where the document is (or, unsaved, a path in the folder its relative CSV
   * path resolves against): the PyTorch script reads the CSV from there.
   */
  modelPath?: string;
}

/** One file an export writes, named relative to the folder of the chosen path. */
export interface ExportedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Why a model could not be imported. `message` names the node and its position
 * (`node 4 of 9, "/fc2/Gemm" (Conv)`); nothing of the model is kept.
 */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** An imported model as a new document. */
export interface Imported {
  model: ModelFile;
  /**
   * False when the file brought no data (every foreign model): the document holds one row of
   * zeros as a stand-in, and the user chooses data in the Data panel.
   */
  hasData: boolean;
}

/** Why a document cannot be written in a format (a graph the format cannot express). */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The error for a node whose kind a format cannot express, naming the kind and the node. */
export function unsupportedKind(node: { kind: NodeKind; id: string }): ExportError {
  return new ExportError(
    t('interop.unsupportedKind', { kind: kindLabel(node.kind), node: node.id }),
  );
}

/** Metadata our exporters write beside the graph, so a round trip keeps what the graph cannot say. */
export interface StudioMetadata {
  name: string;
  lossFn: string;
  lossId: string;
  training: ModelFile['training'];
  data: ModelFile['data'];
  /** Ids of the document's nodes where the format renamed them (TF.js layer names). */
  ids?: Record<string, string>;
  positions?: Record<string, { x: number; y: number }>;
  /** TF.js: the standardisation folded into the first Dense layers, so an import can take it out. */
  standardization?: { mean: number[]; std: number[] };
  /** TF.js: Dense layers without a bias that got one only from the folding. */
  foldedBias?: string[];
}

/** The key our exporters store `StudioMetadata` under (ONNX metadata_props, TF.js userDefinedMetadata). */
export const METADATA_KEY = 'backprop-studio';
