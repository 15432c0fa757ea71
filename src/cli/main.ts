/**
 * `backprop-studio <command>`: check, train, predict and grad on model files,
 * without a window. docs/cli.md describes the commands.
 *
 * Exit codes: 0 done, 1 bad input (a message, never a stack trace), 2 bad usage.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { LIMITS } from '../model/limits';
import { checkCommand, gradCommand, predictCommand, trainCommand } from './commands';
import { CliError, type Io } from './io';
import { exportCommand, importCommand } from './interop';
import { t } from '../i18n';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`must be a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max)
      throw new InvalidArgumentError(`must be from ${min} to ${max}, got ${n}`);
    return n;
  };
}

function program(io: Io): Command {
  const cli = new Command('backprop-studio')
    .description('Check, train and query Backprop Studio model files (.bpmodel).')
    .version('1', '-V, --version', 'print the model format version this tool reads')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .allowExcessArguments(false);

  cli
    .command('check')
    .description('validate a model file: every problem, or a one-line summary')
    .argument('<file>', 'the .bpmodel file')
    .option('--json', 'print the result as one JSON line')
    .action(async (file: string, opts: { json?: boolean }) => {
      await checkCommand(io, file, opts);
    });

  cli
    .command('train')
    .description('train as the file says and write the trained model (weights and history)')
    .argument('<file>', 'the .bpmodel file')
    .option(
      '--epochs <n>',
      'epochs to train (overrides training.epochs)',
      wholeNumber(1, LIMITS.maxEpochs),
    )
    .option(
      '--seed <s>',
      'seed for initialisation and shuffling (overrides training.seed)',
      wholeNumber(0, 4294967295),
    )
    .option('--out <path>', 'where to write the trained model (default: back to FILE)')
    .option('--json', 'print one JSON line: final loss, metrics, epochs, samples per second')
    .action(
      async (
        file: string,
        opts: { epochs?: number; seed?: number; out?: string; json?: boolean },
      ) => {
        await trainCommand(io, file, opts);
      },
    );

  cli
    .command('predict')
    .description('predict the outputs for rows of input features')
    .argument('<file>', 'the .bpmodel file')
    .requiredOption(
      '--input <data>',
      'a CSV file, a JSON file holding an array of rows, or such an array inline',
    )
    .option('--json', 'print the predictions as JSON')
    .action(async (file: string, opts: { input: string; json?: boolean }) => {
      await predictCommand(io, file, opts);
    });

  cli
    .command('grad')
    .description(
      "the loss and every parameter's gradient at the file's weights on its whole data set",
    )
    .argument('<file>', 'the .bpmodel file')
    .option('--json', 'print { loss, gradients } as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      await gradCommand(io, file, opts);
    });

  cli
    .command('export')
    .description(t('interop.cli.exportDescription'))
    .argument('<file>', t('interop.cli.fileArgument'))
    .option('--format <format>', t('interop.cli.formatOption'))
    .requiredOption('--out <path>', t('interop.cli.exportOut'))
    .action(async (file: string, opts: { format?: string; out: string }) => {
      await exportCommand(io, file, opts);
    });

  cli
    .command('import')
    .description(t('interop.cli.importDescription'))
    .argument('<model>', t('interop.cli.modelArgument'))
    .requiredOption('--out <file>', t('interop.cli.importOut'))
    .action(async (model: string, opts: { out: string }) => {
      await importCommand(io, model, opts);
    });

  return cli;
}

/** Runs the command line with `argv` (without node and the script). Returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const cli = program(io);
  if (argv.length === 0) {
    io.stderr(cli.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message) io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Commander has printed its message already.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT_OK;
      if (error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    // A bug, not bad input: say so briefly, without a stack trace unless asked.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`internal error: ${message}\n`);
    if (process.env.BACKPROP_STUDIO_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return EXIT_BAD_INPUT;
  }
}
