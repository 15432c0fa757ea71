/**
 * The formats a document can be written to and read from: one table that the
 * command line (`export --format`, `import`) and the window (File → Export…,
 * File → Open) both read. The converters load on first use, so a window that
 * never exports does not carry the protobuf code.
 */
import { tKey } from '../i18n';
import type { ModelFile } from '../model/types';
import type { ExportInput, ExportedFile } from './types';

export interface ExportFormat {
  id: string;
  /** The ending of the file the user picks (`.onnx`); the picker suggests it. */
  ending: string;
  /** Catalogue keys: the format's name and one line about it. */
  labelKey: string;
  hintKey: string;
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
  import(source: ImportSource): Promise<ModelFile>;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    id: 'onnx',
    ending: '.onnx',
    labelKey: tKey('interop.format.onnx'),
    hintKey: tKey('interop.format.onnxHint'),
    export: async (input, fileName) => (await import('./onnx-export')).exportOnnx(input, fileName),
  },
  {
    id: 'tfjs',
    ending: '.json',
    labelKey: tKey('interop.format.tfjs'),
    hintKey: tKey('interop.format.tfjsHint'),
    export: async (input, fileName) => (await import('./tfjs-export')).exportTfjs(input, fileName),
  },
  // ── PyTorch (issue 14): the lead adds the `pytorch` row (`.py`, exportPyTorch from
  //    src/interop/pytorch.ts, on the `pytorch` branch) here when merging. ──
];

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
