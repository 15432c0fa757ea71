/**
 * Transient interface state: which dialog is open, the quick-add popup, and
 * the open menu. Dialogs that need an answer return a promise, so document
 * flows read top to bottom (`if ((await confirmUnsaved()) === 'cancel') ...`).
 */
import { create } from 'zustand';
import type { FileProblem } from '../../../src/model/types';

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
  | {
      type: 'file';
      mode: 'open' | 'save' | 'data';
      suggestedName: string;
      resolve: (path: string | null) => void;
    };

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
}));

export function confirmUnsaved(name: string): Promise<UnsavedChoice> {
  return new Promise((resolve) =>
    useUi.setState({
      dialog: {
        type: 'unsaved',
        name,
        resolve: (c) => {
          useUi.setState({ dialog: null });
          resolve(c);
        },
      },
    }),
  );
}

/** A list of problems; `intro` replaces the file wording ("The file has 2 problems…"). */
export function showProblems(title: string, problems: FileProblem[], intro?: string) {
  useUi.setState({ dialog: { type: 'problems', title, problems, intro } });
}

/** Asks to confirm a destructive command. Resolves true when confirmed. */
export function confirmAction(title: string, message: string, confirmLabel: string) {
  return new Promise<boolean>((resolve) =>
    useUi.setState({
      dialog: {
        type: 'confirm',
        title,
        message,
        confirmLabel,
        resolve: (ok) => {
          useUi.setState({ dialog: null });
          resolve(ok);
        },
      },
    }),
  );
}

export function showMessage(title: string, message: string) {
  useUi.setState({ dialog: { type: 'message', title, message } });
}

/** The in-app file picker (browser host, where there are no native dialogs). */
export function pickFileInApp(
  mode: 'open' | 'save' | 'data',
  suggestedName = '',
): Promise<string | null> {
  return new Promise((resolve) =>
    useUi.setState({
      dialog: {
        type: 'file',
        mode,
        suggestedName,
        resolve: (path) => {
          useUi.setState({ dialog: null });
          resolve(path);
        },
      },
    }),
  );
}
