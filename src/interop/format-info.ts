/**
 * The formats by name and file ending, without their converters: what the window's
 * menus, Export dialog and file pickers show (the renderer imports this, not formats.ts).
 */
import { tKey } from '../i18n';

export interface FormatInfo {
  id: string;
  /** The ending of the file the user picks (`.onnx`); pickers list and suggest it. */
  ending: string;
  /** Catalogue keys: the format's name and one line about it. */
  labelKey: string;
  hintKey: string;
}

export const EXPORT_FORMAT_INFO: readonly FormatInfo[] = [
  {
    id: 'onnx',
    ending: '.onnx',
    labelKey: tKey('interop.format.onnx'),
    hintKey: tKey('interop.format.onnxHint'),
  },
  {
    id: 'tfjs',
    ending: '.json',
    labelKey: tKey('interop.format.tfjs'),
    hintKey: tKey('interop.format.tfjsHint'),
  },
  {
    id: 'pytorch',
    ending: '.py',
    labelKey: tKey('interop.format.pytorch'),
    hintKey: tKey('interop.format.pytorchHint'),
  },
];

/** Endings of the files File → Open imports as new documents (besides our own .bpmodel). */
export const IMPORT_ENDINGS: readonly string[] = ['.onnx', '.json'];

export function formatInfo(id: string): FormatInfo | undefined {
  return EXPORT_FORMAT_INFO.find((f) => f.id === id);
}
