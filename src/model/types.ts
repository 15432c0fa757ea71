/**
 * The model file, version 1 (`.bpmodel`): what users save, load and send.
 * docs/model-format.md describes it for people; schema/model.schema.json for
 * machines. This module is pure TypeScript (no Node built-ins) so that the
 * renderer, the main process and the command line share it.
 */
import type { Graph } from '../engine/graph';
import type { OptimizerName } from '../engine/optimizers';
import type { BatchMode, TrainConfig } from '../engine/train';

export type { BatchMode, OptimizerName };

export const MODEL_FORMAT = 'backprop-studio.model';
export const MODEL_VERSION = 1;

/** The training settings of a file are the engine's TrainConfig (src/engine/train.ts). */
export type TrainingSettings = TrainConfig;

export type BuiltinDataset =
  'article' | 'xor' | 'circle' | 'gauss' | 'spiral' | 'sine' | 'plane' | 'iris' | 'digits';

export interface BuiltinDataSpec {
  builtin: BuiltinDataset;
  samples?: number;
  noise?: number;
  seed?: number;
  /** Share of samples held out for validation, 0 ≤ v < 1. */
  validation?: number;
}

export interface CsvDataSpec {
  /** Path relative to the model file. */
  csv: string;
  features: string[];
  targets: string[];
  /** Targets that are categories become one-hot columns. */
  categorical?: boolean;
  standardize?: boolean;
  validation?: number;
  seed?: number;
}

export interface InlineDataSpec {
  inline: {
    x: number[][];
    y: number[][];
    /** Column names (as in the CSV the rows came from); default x1…, y… */
    features?: string[];
    targets?: string[];
    /** One-hot targets: the category of each target column, in order. */
    classes?: string[];
  };
  standardize?: boolean;
  validation?: number;
  seed?: number;
}

export type DataSpec = BuiltinDataSpec | CsvDataSpec | InlineDataSpec;

import type { WeightsRecord } from '../engine/weights';

export type { DenseWeights, Tensor, WeightsRecord } from '../engine/weights';

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
  /** The `id` of the run (in `runs`) that trained this epoch; absent in files from before runs. */
  run?: number;
}

/** One training run of the document: its settings, and how far it got. */
export interface RunRecord {
  /** 1, 2, 3… in the order the runs started. */
  id: number;
  /** When it started (ISO 8601). */
  started: string;
  optimizer: OptimizerName;
  learningRate: number;
  batch: BatchMode;
  /** Epochs the weights had when it started: 0 for weights drawn from the seed. */
  fromEpoch: number;
  /** Epochs it completed, its last epoch's training loss, and how long it ran (ms, pauses included). */
  epochs: number;
  finalLoss?: number;
  durationMs?: number;
  /** How it ended; absent while it runs (or if the window closed first). */
  end?: 'done' | 'stopped' | 'diverged';
}

export interface ViewState {
  viewport?: { x: number; y: number; zoom: number };
  panels?: Record<string, unknown>;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  name: string;
  graph: Graph;
  data: DataSpec;
  training: TrainingSettings;
  weights?: WeightsRecord;
  history?: EpochRecord[];
  runs?: RunRecord[];
  view?: ViewState;
}

/** One thing wrong with a file, named by its JSON path (`graph.nodes[2].params.units`). */
export interface FileProblem {
  path: string;
  message: string;
}
