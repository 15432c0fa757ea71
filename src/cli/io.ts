import { languageFromEnv, type Language } from '../i18n';

/** Where the command line writes, so tests can run it in-process and capture everything. */
export interface Io {
  /** The language to speak (default English): the process's environment for the real command line. */
  language?: Language;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  /** The stream a progress bar draws on. */
  progressStream?: NodeJS.WritableStream;
}

export function processIo(): Io {
  return {
    language: languageFromEnv(process.env),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    progressStream: process.stderr,
  };
}

/** An error the user caused (a bad file, bad data): printed as is, exit code 1 (or the one given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
