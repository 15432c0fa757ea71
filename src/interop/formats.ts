/**
 * The formats a document can be written to and read from: one table that the
 * command line (`export --format`, `import`) and the window (File → Export…,
 * File → Open) both read. The converters load on first use, so a window that
 * never exports does not carry the protobuf code.
 */
import { tKey } from '../i18n';
import { EXPORT_FORMAT_INFO, type FormatInfo } from './format-info';
import type { ExportInput, ExportedFile, Imported } from './types';

export interface ExportFormat extends FormatInfo {
  /** The files to write, the first named `fileName`, the rest beside it. */
  export(input: ExportInput, fileName: string): Promise<ExportedFile[]>;
}

/** A model file to import: its bytes, and a way to read files it names beside it (TF.js weights). */
export interface ImportSource {
  /** The path, as messages name it. */
  path: string;
  bytes: Uint8Array;
  readSibling(relativePath: string): Promise<Uint8Array>;
}

export interface ImportFormat {
  id: string;
  labelKey: string;
  /** Whether a file of this name is one (by its ending). */
  matches(fileName: string): boolean;
  import(source: ImportSource): Promise<Imported>;
}

const CONVERTERS: Record<string, ExportFormat['export']> = {
  onnx: async (input, fileName) => (await import('./onnx-export')).exportOnnx(input, fileName),
  tfjs: async (input, fileName) => (await import('./tfjs-export')).exportTfjs(input, fileName),
  pytorch: async (input, fileName) => {
    const { exportPyTorch } = await import('./pytorch');
    const { files } = exportPyTorch(input.model, {
      fileName,
      appVersion: input.appVersion,
      modelPath: input.modelPath,
    });
    return files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.text) }));
  },
};

export const EXPORT_FORMATS: readonly ExportFormat[] = EXPORT_FORMAT_INFO.map((info) => ({
  ...info,
  export: CONVERTERS[info.id],
}));

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  {
    id: 'onnx',
    labelKey: tKey('interop.format.onnx'),
    matches: (name) => /\.onnx$/i.test(name),
    import: async (source) => (await import('./onnx-import')).importOnnx(source.bytes, source.path),
  },
  {
    id: 'tfjs',
    labelKey: tKey('interop.format.tfjs'),
    matches: (name) => /\.json$/i.test(name),
    import: async (source) =>
      (await import('./tfjs-import')).importTfjs(
        new TextDecoder().decode(source.bytes),
        source.readSibling,
        source.path,
      ),
  },
];

export function exportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}

/** The import format a file's name says, or undefined for our own `.bpmodel` and anything else. */
export function importFormatFor(fileName: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.matches(fileName));
}
