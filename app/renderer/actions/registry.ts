/**
 * Editor commands as registered actions (excalidraw's `register(...)`): the
 * toolbar, the in-app and native menus and the keyboard all dispatch by name,
 * so a command behaves the same wherever it is invoked.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { Host } from '../../shared/host';
import { t } from '#src/i18n';
import type { FlowEdge, FlowNode } from '../store/document';

export interface ActionContext {
  host: Host;
  /** The canvas, once mounted. */
  flow: ReactFlowInstance<FlowNode, FlowEdge> | null;
}

export interface Action {
  name: string;
  /** A catalogue key (`tKey('editor.action.save')`), translated where it is shown: `actionLabel`. */
  label: string;
  /** Key chords: `Mod` is Ctrl (or ⌘ on macOS); e.g. `Mod+Shift+Z`, `Delete`, `.`. */
  keys?: string[];
  /** Whether the action changes the graph (and so records an undo entry). */
  undoable?: boolean;
  enabled?(): boolean;
  /** `arg` comes with some menu commands (a path for `document.openPath`, an id for `document.openExample`). */
  perform(ctx: ActionContext, arg?: string): void | Promise<void>;
}

const actions = new Map<string, Action>();
let context: ActionContext | null = null;

export function register(action: Action): Action {
  actions.set(action.name, action);
  return action;
}

/** An action whose whole work is one call with the host (and the menu command's `arg`, if any). */
export type HostCommand = Omit<Action, 'perform'> & { run(host: Host, arg?: string): unknown };

/** Registers each command with a `perform` that calls its `run` with the host and waits for it. */
export function registerHostCommands(commands: readonly HostCommand[]) {
  for (const { run, ...action } of commands) {
    register({
      ...action,
      perform: async (ctx, arg) => {
        await run(ctx.host, arg);
      },
    });
  }
}

export function getAction(name: string): Action | undefined {
  return actions.get(name);
}

export function allActions(): Action[] {
  return [...actions.values()];
}

export function setActionContext(ctx: ActionContext | null) {
  context = ctx;
}

export function getActionContext(): ActionContext | null {
  return context;
}

/** Runs an action by name. Unknown names and disabled actions do nothing (and say so in the console). */
export async function dispatch(name: string, arg?: string): Promise<void> {
  const action = actions.get(name);
  if (!action) {
    console.warn(`Unknown editor command "${name}"`);
    return;
  }
  if (!context || (action.enabled && !action.enabled())) return;
  await action.perform(context, arg);
}

function chordOf(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Mod');
  if (event.altKey) parts.push('Alt');
  // Shift matters for letters and named keys, not for punctuation typed with it.
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  if (event.shiftKey && (/^[A-Z]$/.test(key) || key.length > 1)) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** The action bound to a key event, if any. */
export function actionForKey(event: KeyboardEvent): Action | undefined {
  const chord = chordOf(event);
  for (const action of actions.values()) {
    if (action.keys?.some((k) => k.toUpperCase() === chord.toUpperCase())) return action;
  }
  return undefined;
}

/** The action's name for people, in the window's language. */
export function actionLabel(action: Action): string {
  return t(action.label);
}

/** How a chord reads in a menu: `Ctrl+Shift+Z`. */
export function keyLabel(action: Action): string | undefined {
  const k = action.keys?.[0];
  if (!k) return undefined;
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return k.replace('Mod', mac ? '⌘' : 'Ctrl');
}
