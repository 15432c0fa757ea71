/**
 * The document's commands (File menu: new, open, open recent, examples, save, save as),
 * registered once. Names match the native menus' commands (app/shared/ipc.ts MENU_COMMANDS).
 */
import { register } from '../actions/registry';
import { tKey } from '../common/i18n';
import { newDocument, openDocument, openExample, openPath, save, saveAs } from './open-save';

export function registerFileActions() {
  register({
    name: 'document.new',
    label: tKey('editor.action.new'),
    keys: ['Mod+N'],
    perform: (ctx) => newDocument(ctx.host),
  });
  register({
    name: 'document.newEmpty',
    label: tKey('editor.action.newEmpty'),
    keys: ['Mod+Alt+N'],
    perform: (ctx) => newDocument(ctx.host, true),
  });
  register({
    name: 'document.open',
    label: tKey('editor.action.open'),
    keys: ['Mod+O'],
    perform: (ctx) => openDocument(ctx.host),
  });
  register({
    name: 'document.openPath',
    label: tKey('editor.action.openRecent'),
    perform: (ctx, path) => (path ? openPath(ctx.host, path) : undefined),
  });
  register({
    name: 'document.openExample',
    label: tKey('editor.action.openExample'),
    perform: (ctx, id) => (id ? openExample(ctx.host, id) : undefined),
  });
  register({
    name: 'document.save',
    label: tKey('editor.action.save'),
    keys: ['Mod+S'],
    perform: async (ctx) => {
      await save(ctx.host);
    },
  });
  register({
    name: 'document.saveAs',
    label: tKey('editor.action.saveAs'),
    keys: ['Mod+Shift+S'],
    perform: async (ctx) => {
      await saveAs(ctx.host);
    },
  });
}
