/**
 * The palette's sections. Every kind names its section (a `Record<NodeKind, …>`:
 * a new kind without one does not compile); within a section the kinds keep
 * the registry's order (OPS in src/engine/ops/index.ts).
 */
import { PALETTE_KINDS, type NodeKind } from './engine';
import { tKey } from './i18n';

/** The drag data type of a kind dragged from the palette onto the canvas. */
export const PALETTE_MIME = 'application/x-backprop-kind';

export const PALETTE_GROUPS = ['basic', 'image', 'regularise'] as const;
export type PaletteGroup = (typeof PALETTE_GROUPS)[number];

const GROUP_OF: Record<NodeKind, PaletteGroup> = {
  input: 'basic',
  dense: 'basic',
  activation: 'basic',
  loss: 'basic',
  add: 'basic',
  concat: 'basic',
  conv2d: 'image',
  maxpool2d: 'image',
  avgpool2d: 'image',
  flatten: 'image',
  dropout: 'regularise',
  batchnorm: 'regularise',
  layernorm: 'regularise',
};

/** Catalogue key of a section's heading (`panels.palette.groups.<group>`). */
export const groupLabel = (group: PaletteGroup): string => tKey(`panels.palette.groups.${group}`);

/** The sections with their kinds, in palette order. */
export const paletteSections: readonly { group: PaletteGroup; kinds: readonly NodeKind[] }[] =
  PALETTE_GROUPS.map((group) => ({
    group,
    kinds: PALETTE_KINDS.filter((k) => GROUP_OF[k] === group),
  }));

/** Every kind in palette order: section by section (quick add lists them so too). */
export const PALETTE_ORDER: readonly NodeKind[] = paletteSections.flatMap((s) => s.kinds);
