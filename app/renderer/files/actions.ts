/**
 * The document's commands (File menu: new, open, open recent, examples, save, save as),
 * registered once. Names match the native menus' commands (app/shared/ipc.ts MENU_COMMANDS).
 */
import { registerHostCommands } from '../actions/registry';
import { tKey } from '../common/i18n';
import { newDocument, openDocument, openExample, openPath, save, saveAs } from './open-save';

export function registerFileActions() {
  registerHostCommands([
    {
      name: 'document.new',
      label: tKey('editor.action.new'),
      keys: ['Mod+N'],
      run: (host) => newDocument(host),
    },
    {
      name: 'document.newEmpty',
      label: tKey('editor.action.newEmpty'),
      keys: ['Mod+Alt+N'],
      run: (host) => newDocument(host, true),
    },
    {
      name: 'document.open',
      label: tKey('editor.action.open'),
      keys: ['Mod+O'],
      run: openDocument,
    },
    {
      name: 'document.openPath',
      label: tKey('editor.action.openRecent'),
      run: (host, path) => (path ? openPath(host, path) : undefined),
    },
    {
      name: 'document.openExample',
      label: tKey('editor.action.openExample'),
      run: (host, id) => (id ? openExample(host, id) : undefined),
    },
    { name: 'document.save', label: tKey('editor.action.save'), keys: ['Mod+S'], run: save },
    {
      name: 'document.saveAs',
      label: tKey('editor.action.saveAs'),
      keys: ['Mod+Shift+S'],
      run: saveAs,
    },
  ]);
}
