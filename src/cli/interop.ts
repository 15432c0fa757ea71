/**
 * `backprop-studio export FILE --format onnx|tfjs|pytorch --out PATH` and
 * `backprop-studio import MODEL --out FILE.bpmodel`: the format table in
 * src/interop/formats.ts, files through src/node/interop-files.ts.
 */
import { relative, resolve } from 'node:path';
import { t } from '../i18n';
import { EXPORT_FORMATS, exportFormat } from '../interop/formats';
import { exportModelFile, importModelFile } from '../node/interop-files';
import { readModelFile, writeModelFile } from '../node/model-files';
import type { FileProblem } from '../model/types';
import { CliError, type Io } from './io';

const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

const problemsText = (file: string, problems: FileProblem[]): string =>
  [
    t('interop.cli.problems', { file: shown(file), count: problems.length }),
    ...problems.map((p) => `  ${p.path}: ${p.message}`),
  ].join('\n');

export async function exportCommand(
  io: Io,
  file: string,
  opts: { format?: string; out: string },
): Promise<void> {
  const ids = EXPORT_FORMATS.map((f) => f.id).join(', ');
  const byEnding = EXPORT_FORMATS.find((f) => opts.out.toLowerCase().endsWith(f.ending));
  const format = opts.format === undefined ? byEnding : exportFormat(opts.format);
  if (!format) {
    throw new CliError(
      opts.format === undefined
        ? t('interop.cli.formatNeeded', { out: opts.out, formats: ids })
        : t('interop.cli.unknownFormat', { format: opts.format, formats: ids }),
      2,
    );
  }
  const read = await readModelFile(file);
  if (!read.ok) throw new CliError(problemsText(read.path, read.problems));
  const result = await exportModelFile(read.model, read.path, format, resolve(opts.out));
  if (!result.ok) {
    throw new CliError(
      'problems' in result ? problemsText(read.path, result.problems) : result.message,
    );
  }
  io.stdout(
    `${t('interop.cli.exported', { format: t(format.labelKey), paths: result.paths.map(shown).join(', ') })}\n`,
  );
}

export async function importCommand(io: Io, model: string, opts: { out: string }): Promise<void> {
  const imported = await importModelFile(model);
  if (!imported.ok) throw new CliError(imported.message);
  const out = resolve(opts.out);
  const written = await writeModelFile(out, imported.model);
  if (!written.ok) throw new CliError(written.message);
  const nodes = imported.model.graph.nodes.length;
  io.stdout(
    `${t('interop.cli.imported', { source: shown(imported.path), path: shown(written.path), count: nodes })}\n`,
  );
  if (!imported.hasData) io.stderr(`${t('interop.cli.noData')}\n`);
}
