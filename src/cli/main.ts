/**
 * `backprop-studio <command>`: check, train, predict and grad on model files,
 * without a window. docs/cli.md describes the commands.
 *
 * Exit codes: 0 done, 1 bad input (a message, never a stack trace), 2 bad usage.
 */
import { MAX_THREADS } from '../engine/parallel';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { language, setLanguage, t } from '../i18n';
import { LIMITS } from '../model/limits';
import { checkCommand, gradCommand, predictCommand, trainCommand } from './commands';
import { CliError, type Io } from './io';
import { exportCommand, importCommand } from './interop';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(t('cli.arg.whole', { value }));
    const n = Number(value);
    if (n < min || n > max)
      throw new InvalidArgumentError(t('cli.arg.range', { min, max, value: n }));
    return n;
  };
}

/** Commander's own headings, in the current language (its help writes them itself). */
const TITLES: Record<string, string> = {
  'Usage:': 'cli.titles.usage',
  'Options:': 'cli.titles.options',
  'Commands:': 'cli.titles.commands',
  'Arguments:': 'cli.titles.arguments',
  'Global Options:': 'cli.titles.globalOptions',
};

/**
 * Commander's usage errors (`error: unknown option '--x'`) in the current language. Commander
 * words them in English; each is recognised by its fixed shape and reworded, names kept.
 */
export function commanderMessage(text: string): string {
  if (language() === 'en') return text;
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^unknown option '(.*)'$/, (m) => t('cli.errors.unknownOption', { option: m[1] })],
    [/^unknown command '(.*)'$/, (m) => t('cli.errors.unknownCommand', { command: m[1] })],
    [/^\(Did you mean (.*)\?\)$/, (m) => t('cli.errors.didYouMean', { what: m[1] })],
    [/^missing required argument '(.*)'$/, (m) => t('cli.errors.missingArgument', { name: m[1] })],
    [
      /^option '(.*)' argument missing$/,
      (m) => t('cli.errors.optionArgumentMissing', { option: m[1] }),
    ],
    [
      /^required option '(.*)' not specified$/,
      (m) => t('cli.errors.requiredOption', { option: m[1] }),
    ],
    [
      /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
      (m) =>
        t('cli.errors.tooManyArguments', {
          where: m[1] ? t('cli.errors.forCommand', { command: m[1] }) : '',
          expected: m[2],
          got: m[3],
        }),
    ],
    [
      /^option '(.*)' argument '(.*)' is invalid\. ?(.*)$/,
      (m) => t('cli.errors.invalidOption', { option: m[1], value: m[2], why: m[3] }),
    ],
  ];
  return text
    .split('\n')
    .map((line) => {
      const body = line.startsWith('error: ') ? line.slice('error: '.length) : line;
      for (const [pattern, word] of rules) {
        const m = body.match(pattern);
        if (m) return `${body === line ? '' : t('cli.errors.prefix')}${word(m)}`;
      }
      return line;
    })
    .join('\n');
}

function program(io: Io): Command {
  const cli = new Command('backprop-studio')
    .description(t('cli.program'))
    .version('1', '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .helpCommand('help [command]', t('cli.help'))
    .exitOverride()
    .showHelpAfterError(t('cli.afterError'))
    .configureHelp({ styleTitle: (title) => (TITLES[title] ? t(TITLES[title]) : title) })
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(commanderMessage(s)),
    })
    .allowExcessArguments(false);

  /** `<name> <file>`: a command on one file (a model file unless another argument is named). */
  const onFile = (name: string, description: string, argument = '<file>', about = t('cli.file')) =>
    cli.command(name).description(description).argument(argument, about);

  onFile('check', t('cli.check.description'))
    .option('--json', t('cli.check.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      await checkCommand(io, file, opts);
    });

  onFile('train', t('cli.train.description'))
    .option('--epochs <n>', t('cli.train.epochs'), wholeNumber(1, LIMITS.maxEpochs))
    .option('--seed <s>', t('cli.train.seed'), wholeNumber(0, 4294967295))
    .option('--out <path>', t('cli.train.out'))
    .option('--json', t('cli.train.json'))
    .option('--threads <n>', t('cli.train.threads'), wholeNumber(1, MAX_THREADS))
    .action(
      async (
        file: string,
        opts: { epochs?: number; seed?: number; out?: string; json?: boolean; threads?: number },
      ) => {
        await trainCommand(io, file, opts);
      },
    );

  onFile('predict', t('cli.predict.description'))
    .requiredOption('--input <data>', t('cli.predict.input'))
    .option('--json', t('cli.predict.json'))
    .action(async (file: string, opts: { input: string; json?: boolean }) => {
      await predictCommand(io, file, opts);
    });

  onFile('grad', t('cli.grad.description'))
    .option('--json', t('cli.grad.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      await gradCommand(io, file, opts);
    });

  onFile('export', t('interop.cli.exportDescription'), '<file>', t('interop.cli.fileArgument'))
    .option('--format <format>', t('interop.cli.formatOption'))
    .requiredOption('--out <path>', t('interop.cli.exportOut'))
    .action(async (file: string, opts: { format?: string; out: string }) => {
      await exportCommand(io, file, opts);
    });

  onFile('import', t('interop.cli.importDescription'), '<model>', t('interop.cli.modelArgument'))
    .requiredOption('--out <file>', t('interop.cli.importOut'))
    .action(async (model: string, opts: { out: string }) => {
      await importCommand(io, model, opts);
    });

  return cli;
}

/** Runs the command line with `argv` (without node and the script). Returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  // The language the environment asks for (LANG and friends, read by processIo); English otherwise.
  setLanguage(io.language ?? 'en');
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
    io.stderr(`${t('cli.errors.internal', { message })}\n`);
    if (process.env.BACKPROP_STUDIO_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return EXIT_BAD_INPUT;
  }
}
