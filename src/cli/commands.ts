/**
 * The four commands. Each reads a model file through src/node, runs the
 * engine through src/model, and reports through `Io`. Bad input becomes a
 * CliError (exit code 1) whose message names what is wrong and where.
 */
import { relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Trainer } from '../engine/train';
import { DataError, parseCsvInputs } from '../model/csv';
import { applyStandardization } from '../model/data';
import type { Backend } from '../engine/backend';
import { createTrainingBackend } from '../engine/backends';
import type { ThreadGroup } from '../engine/parallel';
import { startThreadGroup, threadCount } from '../training/threads';
import { shapeOfTensor, type Tensor } from '../engine/weights';
import { formatNumber, t } from '../i18n';
import { prepareModel, describeModel, type Prepared } from '../model/prepare';
import { weightsFromNetwork } from '../model/network';
import { resumeFromTrainer, resumeTrainer } from '../model/resume';
import { newRun } from '../model/runs';
import type { EpochRecord, FileProblem, ModelFile } from '../model/types';
import { readModelFile, readTextFile, writeModelFile } from '../node/model-files';
import { FileReadError } from '../node/read-file';
import { CliError, type Io } from './io';

/** A path as the user would write it: relative to the working folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function problemsText(file: string, problems: FileProblem[]): string {
  const n = problems.length;
  const lines = problems.map(
    (p) => `  ${t('cli.problemLine', { path: p.path, message: p.message })}`,
  );
  return `${t('cli.problems', { file: shown(file), count: n })}\n${lines.join('\n')}`;
}

interface Loaded extends Prepared {
  path: string;
}

type LoadResult = ({ ok: true } & Loaded) | { ok: false; path: string; problems: FileProblem[] };

/**
 * Reads, validates and prepares a model file; every problem comes back, file format and graph alike.
 * `train` runs on the fast float32 training kernels (as the app's sessions do); the other commands
 * compute in float64.
 */
async function tryLoad(
  file: string,
  override?: (model: ModelFile) => ModelFile,
  backend?: Backend,
): Promise<LoadResult> {
  const read = await readModelFile(file);
  if (!read.ok) return read;
  const model = override ? override(read.model) : read.model;
  const prepared = await prepareModel(model, { readText: read.readText, backend });
  if (!prepared.ok) return { ok: false, path: read.path, problems: prepared.problems };
  return { ...prepared, path: read.path };
}

async function load(
  file: string,
  override?: (model: ModelFile) => ModelFile,
  backend?: Backend,
): Promise<Loaded> {
  const result = await tryLoad(file, override, backend);
  if (!result.ok) throw new CliError(problemsText(result.path, result.problems));
  return result;
}

// check --------------------------------------------------------------------

export async function checkCommand(io: Io, file: string, opts: { json?: boolean }): Promise<void> {
  const loaded = await tryLoad(file);
  if (!loaded.ok) {
    if (!opts.json) throw new CliError(problemsText(loaded.path, loaded.problems));
    io.stdout(`${JSON.stringify({ ok: false, file: loaded.path, problems: loaded.problems })}\n`);
    throw new CliError('');
  }
  if (opts.json) {
    io.stdout(
      `${JSON.stringify({
        ok: true,
        file: loaded.path,
        nodes: loaded.model.graph.nodes.length,
        parameters: loaded.compiled.parameterCount,
        trained: Boolean(loaded.model.weights),
        data: loaded.data.summary,
      })}\n`,
    );
  } else
    io.stdout(`${t('cli.ok', { file: shown(loaded.path), summary: describeModel(loaded) })}\n`);
}

// train --------------------------------------------------------------------

const fixed = (n: number | undefined, digits = 6): string =>
  n === undefined ? '–' : Math.abs(n) >= 1e-3 || n === 0 ? n.toFixed(digits) : n.toExponential(3);

export async function trainCommand(
  io: Io,
  file: string,
  opts: { epochs?: number; seed?: number; out?: string; json?: boolean; threads?: number },
): Promise<void> {
  // Every core unless told: a batch is split across threads where it is worth it (engine/parallel.ts).
  const group = startThreadGroup(threadCount(opts.threads, 'cli'));
  try {
    await train(io, file, opts, group);
  } finally {
    group?.close();
  }
}

async function train(
  io: Io,
  file: string,
  opts: { epochs?: number; seed?: number; out?: string; json?: boolean },
  group: ThreadGroup | null,
): Promise<void> {
  const loaded = await load(
    file,
    (model) => ({
      ...model,
      training: {
        ...model.training,
        ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      },
    }),
    group?.backend() ?? createTrainingBackend(),
  );
  const { model, net, data } = loaded;
  const config = model.training;
  const trainer = new Trainer(net, data.train, config, { threads: group ?? undefined });
  // Trained weights continue where their run stopped: the optimizer's memory and the shuffle.
  if (model.weights && model.resume) resumeTrainer(trainer, model.resume);
  const history: EpochRecord[] = [...(model.history ?? [])];
  // The file's run list gains this run, as a run in the window would add it.
  const run = newRun(model, config, new Date());
  const started = performance.now();
  const firstEpoch = run.fromEpoch;

  const bar =
    io.isTTY && !opts.json && io.progressStream
      ? new cliProgress.SingleBar(
          {
            format: t('cli.progress'),
            stream: io.progressStream,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(config.epochs, 0, { loss: '–' });

  let trainingMs = 0;
  let samples = 0;
  let last: EpochRecord | undefined;
  try {
    for (let e = 0; e < config.epochs; e++) {
      const t0 = performance.now();
      const stats = trainer.runEpoch();
      trainingMs += performance.now() - t0;
      samples += data.train.m;
      if (!Number.isFinite(stats.loss)) {
        throw new CliError(
          t('cli.diverged', {
            epoch: stats.epoch,
            loss: stats.loss,
            rate: config.learningRate,
          }),
        );
      }
      const record: EpochRecord = {
        epoch: firstEpoch + stats.epoch,
        loss: stats.loss,
        run: run.id,
      };
      if (stats.accuracy !== undefined) record.accuracy = stats.accuracy;
      if (data.validation) {
        const val = net.evaluate(data.validation);
        if (Number.isFinite(val.loss)) record.valLoss = val.loss;
        if (val.accuracy !== undefined) record.valAccuracy = val.accuracy;
      }
      history.push(record);
      last = record;
      bar?.update(e + 1, { loss: fixed(stats.loss) });
      if (config.targetLoss !== undefined && stats.loss <= config.targetLoss) break;
    }
  } finally {
    bar?.stop();
  }

  const runs = [
    ...(model.runs ?? []),
    {
      ...run,
      epochs: trainer.epoch,
      finalLoss: last?.loss,
      durationMs: Math.round(performance.now() - started),
      end: 'done' as const,
    },
  ];
  const trained: ModelFile = {
    ...model,
    weights: weightsFromNetwork(net),
    resume: resumeFromTrainer(trainer),
    history,
    runs,
  };
  const out = resolve(opts.out ?? loaded.path);
  const written = await writeModelFile(out, trained, { fromPath: loaded.path });
  if (!written.ok) throw new CliError(written.message);

  const epochs = trainer.epoch;
  const samplesPerSecond = trainingMs > 0 ? samples / (trainingMs / 1000) : 0;
  if (opts.json) {
    io.stdout(
      `${JSON.stringify({
        loss: last?.loss,
        accuracy: last?.accuracy,
        valLoss: last?.valLoss,
        valAccuracy: last?.valAccuracy,
        epochs,
        samples: data.train.m,
        samplesPerSecond: Math.round(samplesPerSecond),
        threads: trainer.threads,
        out: written.path,
      })}\n`,
    );
  } else {
    const parts = [t('cli.result.loss', { value: fixed(last?.loss) })];
    if (last?.accuracy !== undefined)
      parts.push(t('cli.result.accuracy', { value: (last.accuracy * 100).toFixed(1) }));
    if (last?.valLoss !== undefined)
      parts.push(t('cli.result.valLoss', { value: fixed(last.valLoss) }));
    if (last?.valAccuracy !== undefined)
      parts.push(t('cli.result.valAccuracy', { value: (last.valAccuracy * 100).toFixed(1) }));
    const trainedLine = t('cli.result.trained', {
      count: epochs,
      samples: data.train.m,
      results: parts.join(t('cli.result.separator')),
      speed: formatNumber(Math.round(samplesPerSecond)),
    });
    io.stdout(`${trainedLine}\n${t('cli.result.wrote', { file: shown(written.path) })}\n`);
  }
}

// predict ------------------------------------------------------------------

async function readInputs(
  input: string,
  features: string[],
): Promise<{ x: Float64Array; m: number }> {
  let text = input;
  const inline = input.trimStart().startsWith('[');
  if (!inline) {
    try {
      text = await readTextFile(resolve(input));
    } catch (error) {
      const why =
        error instanceof FileReadError ? t('cli.input.why', { reason: error.reason }) : '';
      throw new CliError(t('cli.input.cannotRead', { input, why }));
    }
  }
  const source = inline ? '--input' : shown(resolve(input));
  if (text.trimStart().startsWith('[')) {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (error) {
      throw new CliError(
        t('cli.input.notJson', {
          source,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    return rowsFromJson(rows, features.length, source);
  }
  try {
    return parseCsvInputs(text, features);
  } catch (error) {
    if (error instanceof DataError)
      throw new CliError(error.problems.map((p) => `${source}: ${p}`).join('\n'));
    throw error;
  }
}

function rowsFromJson(
  rows: unknown,
  width: number,
  source: string,
): { x: Float64Array; m: number } {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new CliError(t('cli.input.notRows', { source, width }));
  }
  // A single row may be given flat: [1, 0, 0].
  const list = rows.every((v) => typeof v === 'number') ? [rows] : rows;
  const x = new Float64Array(list.length * width);
  const problems: string[] = [];
  list.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      problems.push(`[${r}]: ${t('cli.input.badRow', { width })}`);
      return;
    }
    row.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        problems.push(`[${r}][${j}]: ${t('cli.input.badValue', { got: JSON.stringify(v) })}`);
      else x[r * width + j] = v;
    });
  });
  if (problems.length)
    throw new CliError(
      problems
        .slice(0, 20)
        .map((p) => `${source}${p}`)
        .join('\n'),
    );
  return { x, m: list.length };
}

export async function predictCommand(
  io: Io,
  file: string,
  opts: { input: string; json?: boolean },
): Promise<void> {
  const loaded = await load(file);
  const { model, net, data } = loaded;
  const inputs = await readInputs(opts.input, data.featureNames);
  if (!model.weights) {
    io.stderr(`${t('cli.noWeights', { file: shown(loaded.path), seed: model.training.seed })}\n`);
  }
  const x = data.standardization ? applyStandardization(inputs.x, data.standardization) : inputs.x;
  const out = net.predict(x, inputs.m);
  const width = net.graph.outputs;
  const rows = Array.from({ length: inputs.m }, (_, r) =>
    Array.from(out.subarray(r * width, (r + 1) * width)),
  );
  const classes = data.classes;
  const labels = classes ? rows.map((row) => classes[row.indexOf(Math.max(...row))]) : undefined;
  if (opts.json) {
    io.stdout(
      `${JSON.stringify({ outputs: data.targetNames, predictions: rows, ...(labels ? { classes: labels } : {}) })}\n`,
    );
    return;
  }
  const header = [...data.targetNames, ...(labels ? ['class'] : [])];
  const lines = rows.map((row, r) =>
    [...row.map((v) => String(Number(v.toPrecision(6)))), ...(labels ? [labels[r]] : [])].join(','),
  );
  io.stdout(`${header.join(',')}\n${lines.join('\n')}\n`);
}

// grad ---------------------------------------------------------------------

const flatValues = (tensor: Tensor | number): number[] =>
  typeof tensor === 'number' ? [tensor] : (tensor as Tensor[]).flatMap(flatValues);

export async function gradCommand(io: Io, file: string, opts: { json?: boolean }): Promise<void> {
  const loaded = await load(file);
  const { model, net, data } = loaded;
  const loss = net.lossAndGradients(data.all);
  const gradients = net.getGradients();
  if (opts.json) {
    io.stdout(`${JSON.stringify({ loss, samples: data.all.m, gradients })}\n`);
    return;
  }
  const weights = model.weights
    ? t('cli.gradient.fileWeights')
    : t('cli.gradient.untrained', { seed: model.training.seed });
  const out = [t('cli.gradient.loss', { loss, samples: data.all.m, weights })];
  for (const [id, tensors] of Object.entries(gradients)) {
    for (const [name, g] of Object.entries(tensors)) {
      const shape = shapeOfTensor(g) ?? [];
      const rows = (shape.length === 1 ? [g] : g) as Tensor[];
      out.push('', `${id}: ∂L/∂${name} (${shape.join(' × ')})`);
      for (const row of rows) {
        const values = flatValues(row);
        out.push(`  [${values.map((v) => v.toExponential(6)).join(', ')}]`);
      }
    }
  }
  io.stdout(`${out.join('\n')}\n`);
}
