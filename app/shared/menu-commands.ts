/**
 * The names of the menu commands, apart from ipc.ts so that host.ts (which ipc.ts builds on) can
 * name them without importing ipc.ts. Pure constants: no Node, no Electron, no DOM.
 */

/**
 * Commands native menus send to the renderer. The editor registers an action
 * under each name; menus, shortcuts and toolbar buttons dispatch by name.
 * Commands marked "arg" come with a string argument.
 *
 * The desktop menu shows the shortcuts but does not capture them (Electron's
 * `registerAccelerator: false`): key presses reach the page, whose shortcut
 * handler is the same on both hosts. So when focus is in a text field, Ctrl+C
 * and friends stay native; a *click* on Edit ▸ Copy sends `edit.copy`.
 */
export const MENU_COMMANDS = [
  'document.new',
  'document.newEmpty',
  'document.open',
  /** arg: the file path (Open Recent, a file given on the command line, the OS opening a .bpmodel). */
  'document.openPath',
  /** arg: the example id from `listExamples()`. */
  'document.openExample',
  'document.save',
  'document.saveAs',
  /** File → Export…: the format dialog, then where to write (src/interop). */
  'document.export',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.selectAll',
  'view.fit',
  'view.autoLayout',
  'view.zoomIn',
  'view.zoomOut',
  'view.details',
  'view.trainingPanel',
  'view.minimap',
  /** arg: `en`, `zh-CN`, or `system` to follow the system's language. */
  'view.language',
  'help.lessons',
] as const;

export type MenuCommandName = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(name: string): name is MenuCommandName {
  return (MENU_COMMANDS as readonly string[]).includes(name);
}
