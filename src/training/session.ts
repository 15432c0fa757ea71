/**
 * A training session, main side: one per open document. It owns a worker
 * thread so that the main process's event loop (and so the window) never
 * waits for training, and relays the worker's frames and checkpoints.
 * Plain Node: the Electron shell and the web server both use it.
 */
import { language } from '../i18n';
import { Worker } from 'node:worker_threads';
import { workerUrl } from './worker-url';
import type { WeightsRecord } from '../engine/network';
import type { FileProblem, ModelFile, ResumeState } from '../model/types';
import type { FromWorker, ToWorker } from './protocol';

export interface SessionListener {
  frame(buffer: ArrayBuffer): void;
  checkpoint(weights: WeightsRecord, resume?: ResumeState): void;
  problems(problems: FileProblem[]): void;
}

export interface SessionOptions {
  /** The worker's entry; defaults to `workerUrl()`. */
  workerUrl?: URL;
  /**
   * The worker's JavaScript heap limit, in MB (default 2048). A run that needs more ends with
   * a message; without a limit it would take the whole process (the window, the web host) down.
   */
  maxHeapMb?: number;
}

const MAX_HEAP_MB = 2048;

export class TrainingSession {
  private worker: Worker | null = null;

  constructor(
    private readonly listener: SessionListener,
    private readonly options: SessionOptions = {},
  ) {}

  /** Starts a run of the document as it is now (graph, data, settings, weights, history). */
  start(
    model: ModelFile,
    path: string | null,
    mode: 'run' | 'step' = 'run',
    baseDir?: string,
    pace: number | null = null,
    threads: number | null = null,
  ): void {
    this.dispose();
    const maxHeapMb = this.options.maxHeapMb ?? MAX_HEAP_MB;
    const worker = new Worker(this.options.workerUrl ?? workerUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'frame') this.listener.frame(message.buffer);
      else if (message.type === 'checkpoint')
        this.listener.checkpoint(message.weights, message.resume);
      else this.listener.problems(message.problems);
    });
    worker.on('error', (error: NodeJS.ErrnoException) => {
      // The worker is gone: the session no longer runs.
      if (this.worker === worker) this.worker = null;
      const message =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Training ran out of memory (its limit is ${maxHeapMb} MB): use less data or a smaller network.`
          : `Training failed: ${error.message}`;
      this.listener.problems([{ path: '', message }]);
    });
    this.worker = worker;
    this.send({ type: 'start', model, path, mode, baseDir, pace, threads, language: language() });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  step(): void {
    this.send({ type: 'step' });
  }

  stop(message?: string): void {
    this.send({ type: 'stop', message });
  }

  setLearningRate(value: number): void {
    this.send({ type: 'learningRate', value });
  }

  /** Updates per second; null for full speed. */
  setPace(updatesPerSecond: number | null): void {
    this.send({ type: 'pace', updatesPerSecond });
  }

  get active(): boolean {
    return this.worker !== null;
  }

  /** Ends the worker (after a stop has delivered its checkpoint, or when the document closes). */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
