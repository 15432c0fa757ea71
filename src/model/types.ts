/**
 * The model file, version 2 (`.bpmodel`): what users save, load and send.
 * Version-1 files are migrated on load (migrate.ts).
 * docs/model-format.md describes it for people; schema/model.schema.json for
 * machines. This module is pure TypeScript (no Node built-ins) so that the
 * renderer, the main process and the command line share it.
 */
import type { Graph } from '../engine/graph';
import type { WeightsRecord } from '../engine/weights';
import type { OptimizerName } from '../engine/optimizers';
import type { BatchMode, TrainConfig } from '../engine/train';

export type { BatchMode, OptimizerName };

export const MODEL_FORMAT = 'backprop-studio.model';
export const MODEL_VERSION = 2;

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

export type { DenseWeights, Tensor, WeightsRecord } from '../engine/weights';

/** Tensors by node id and parameter name, as the file's `weights` holds them. */
export type TensorRecord = WeightsRecord;

/**
 * What training continues from besides the weights (`resume`), so that a run
 * saved and trained again continues bit for bit: the update rule's memory and
 * the shuffle's position. Written with the weights it belongs to; a run whose
 * settings it does not fit starts that part afresh.
 */
export interface ResumeState {
  /** Updates applied in every run so far. */
  updates: number;
  /** The network's training passes so far: they seed each pass's random draws (dropout). */
  passes: number;
  optimizer: {
    /** The rule the memory belongs to. */
    name: OptimizerName;
    /** Updates the rule has applied (Adam's t). */
    t: number;
    /** Per buffer (momentum: `velocity`; adam: `m`, `v`), one tensor per parameter, shaped like it. */
    moments: Record<string, TensorRecord>;
  };
  shuffle: {
    /** The seed and samples per update the order was drawn for. */
    seed: number;
    batch: number;
    /** The shuffle generator's state (and a normal value it drew ahead, if any). */
    rng: number;
    spare?: number;
    /** This epoch's order of the training samples, and how many of them were used. */
    order: number[];
    position: number;
  };
  /** The epoch in progress (when `position` > 0): loss × samples, correct samples, samples. */
  epoch?: { loss: number; correct: number; seen: number };
}

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
  resume?: ResumeState;
  history?: EpochRecord[];
  runs?: RunRecord[];
  view?: ViewState;
}

/** One thing wrong with a file, named by its JSON path (`graph.nodes[2].params.units`). */
export interface FileProblem {
  path: string;
  message: string;
}
