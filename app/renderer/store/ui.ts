/**
 * Interface state: which dialog is open, the quick-add popup, the open menu
 * (transient), and the window layout the user chose (`layout`: panels shown or
 * hidden, the bottom panel's height), kept across sessions in localStorage.
 * Dialogs that need an answer return a promise, so document flows read top to
 * bottom (`if ((await confirmUnsaved()) === 'cancel') ...`).
 */
import { useSyncExternalStore } from 'react';
import { create } from 'zustand';
import type { FileProblem } from '#src/model/types';
import type { RecoveryEntry } from '../../shared/host';

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

export type Dialog =
  | { type: 'unsaved'; name: string; resolve: (c: UnsavedChoice) => void }
  | { type: 'problems'; title: string; problems: FileProblem[]; intro?: string }
  | {
      type: 'confirm';
      title: string;
      message: string;
      confirmLabel: string;
      resolve: (ok: boolean) => void;
    }
  | { type: 'message'; title: string; message: string }
  /** Copies of unsaved documents an earlier window or tab left (app/renderer/files/autosave.ts). */
  | { type: 'recovery'; entries: RecoveryEntry[] }
  /** File → Export…'s format choice (app/renderer/interop). */
  | { type: 'export'; name: string; initial: string; resolve: (formatId: string | null) => void }
  | {
      type: 'file';
      mode: 'open' | 'save' | 'data';
      suggestedName: string;
      /** The file endings listed and taken, lower case with the dot; the first is added when saving. */
      extensions: string[];
      resolve: (path: string | null) => void;
    };

/**
 * What the user chose for the window's panels. `null` follows the window: the
 * details panel and the minimap show by default on windows at least
 * `WIDE_WINDOW` px wide, so a laptop's canvas has room to draw text readably.
 */
export interface Layout {
  /** The right-hand panel (inspector, problems, warnings). */
  details: boolean | null;
  minimap: boolean | null;
  /** The training panel under the canvas: open, and its height in CSS px. */
  bottomOpen: boolean;
  bottomHeight: number;
}

export const WIDE_WINDOW = 1400;
export const BOTTOM_HEIGHT = { min: 120, initial: 256 };
const LAYOUT_KEY = 'bp.layout.v1';
const DEFAULT_LAYOUT: Layout = {
  details: null,
  minimap: null,
  bottomOpen: true,
  bottomHeight: BOTTOM_HEIGHT.initial,
};

/** The saved layout, each field checked; anything missing or malformed takes its default. */
export function readLayout(text: string | null): Layout {
  let saved: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') saved = parsed as Record<string, unknown>;
  } catch {
    // A damaged entry is forgotten: the defaults are a working layout.
  }
  const flag = (v: unknown, d: boolean | null) => (typeof v === 'boolean' ? v : d);
  const height = saved.bottomHeight;
  return {
    details: flag(saved.details, DEFAULT_LAYOUT.details),
    minimap: flag(saved.minimap, DEFAULT_LAYOUT.minimap),
    bottomOpen: flag(saved.bottomOpen, DEFAULT_LAYOUT.bottomOpen) ?? true,
    bottomHeight:
      typeof height === 'number' && Number.isFinite(height) && height >= BOTTOM_HEIGHT.min
        ? Math.round(height)
        : DEFAULT_LAYOUT.bottomHeight,
  };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export interface UiState {
  dialog: Dialog | null;
  /** The quick-add popup, at a screen position. */
  quickAdd: { x: number; y: number } | null;
  menu: string | null;
  /** A short note in the status bar (e.g. why a connection was refused). */
  status: string | null;
  closeDialog(): void;
  setQuickAdd(at: { x: number; y: number } | null): void;
  setMenu(menu: string | null): void;
  setStatus(status: string | null): void;
  layout: Layout;
  setLayout(change: Partial<Layout>): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  quickAdd: null,
  menu: null,
  status: null,
  closeDialog: () => set({ dialog: null }),
  setQuickAdd: (quickAdd) => set({ quickAdd }),
  setMenu: (menu) => set({ menu }),
  setStatus: (status) => set({ status }),
  layout: readLayout(storage()?.getItem(LAYOUT_KEY) ?? null),
  setLayout: (change) =>
    set((s) => {
      const layout = { ...s.layout, ...change };
      try {
        storage()?.setItem(LAYOUT_KEY, JSON.stringify(layout));
      } catch {
        // Storage full or disabled: the choice holds for this session.
      }
      return { layout };
    }),
}));

/**
 * Shows a dialog that answers (`open` makes it around its `resolve`); the promise resolves
 * with the answer once the dialog has closed.
 */
export function ask<T>(open: (resolve: (answer: T) => void) => Dialog): Promise<T> {
  return new Promise((resolve) =>
    useUi.setState({
      dialog: open((answer) => {
        useUi.setState({ dialog: null });
        resolve(answer);
      }),
    }),
  );
}

export function confirmUnsaved(name: string): Promise<UnsavedChoice> {
  return ask((resolve) => ({ type: 'unsaved', name, resolve }));
}

/** A list of problems; `intro` replaces the file wording ("The file has 2 problems…"). */
export function showProblems(title: string, problems: FileProblem[], intro?: string) {
  useUi.setState({ dialog: { type: 'problems', title, problems, intro } });
}

/** Asks to confirm a destructive command. Resolves true when confirmed. */
export function confirmAction(title: string, message: string, confirmLabel: string) {
  return ask<boolean>((resolve) => ({ type: 'confirm', title, message, confirmLabel, resolve }));
}

export function showMessage(title: string, message: string) {
  useUi.setState({ dialog: { type: 'message', title, message } });
}

/** The in-app file picker (browser host, where there are no native dialogs). */
export function pickFileInApp(
  mode: 'open' | 'save' | 'data',
  suggestedName = '',
  extensions = mode === 'data' ? ['.csv'] : ['.bpmodel'],
): Promise<string | null> {
  return ask((resolve) => ({ type: 'file', mode, suggestedName, extensions, resolve }));
}

/** Whether the minimap shows in a window `width` px wide: the user's choice, else on wide windows. */
export function minimapShown(layout: Layout, width: number): boolean {
  return layout.minimap ?? width >= WIDE_WINDOW;
}

const subscribeResize = (notify: () => void) => {
  window.addEventListener('resize', notify);
  return () => window.removeEventListener('resize', notify);
};

/** The window's inner height, following resizes. */
export function useWindowHeight(): number {
  return useSyncExternalStore(subscribeResize, () => window.innerHeight);
}

/** Whether the window is wide enough for the panels that are optional on a laptop. */
export function useWideWindow(): boolean {
  return useSyncExternalStore(subscribeResize, () => window.innerWidth >= WIDE_WINDOW);
}
