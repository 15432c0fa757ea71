/**
 * The native menus. Every editor item sends a command (MENU_COMMANDS) to the
 * renderer, which performs the action registered under that name. Shortcuts
 * are shown but not captured (`registerAccelerator: false`): the page's own
 * shortcut handler, the same on both hosts, receives the keys.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { ExampleInfo } from '../shared/host';
import type { MenuCommandName } from '../shared/ipc';
import { t } from '../../src/i18n';

export interface MenuModel {
  recent: string[];
  examples: ExampleInfo[];
  send(command: MenuCommandName, arg?: string): void;
  clearRecent(): void;
}

export function buildMenu(model: MenuModel): Menu {
  const isMac = process.platform === 'darwin';
  const item = (
    label: string,
    command: MenuCommandName,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => model.send(command),
  });

  const recent: MenuItemConstructorOptions[] =
    model.recent.length === 0
      ? [{ label: 'No Recent Documents', enabled: false }]
      : [
          ...model.recent.map((path) => ({
            label: basename(path),
            toolTip: path,
            click: () => model.send('document.openPath', path),
          })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => model.clearRecent() },
        ];

  const examples: MenuItemConstructorOptions[] = model.examples.map((example) => ({
    label: example.title,
    toolTip: example.description,
    click: () => model.send('document.openExample', example.id),
  }));

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'New',
          submenu: [
            item('Article Network', 'document.new', 'CmdOrCtrl+N'),
            item('Empty Canvas', 'document.newEmpty', 'CmdOrCtrl+Alt+N'),
          ],
        },
        item('Open…', 'document.open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recent },
        {
          label: 'Examples',
          submenu: examples.length ? examples : [{ label: 'None', enabled: false }],
        },
        { type: 'separator' },
        item('Save', 'document.save', 'CmdOrCtrl+S'),
        item('Save As…', 'document.saveAs', 'CmdOrCtrl+Shift+S'),
        item(t('interop.window.exportMenu'), 'document.export'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('Redo', 'edit.redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        item('Cut', 'edit.cut', 'CmdOrCtrl+X'),
        item('Copy', 'edit.copy', 'CmdOrCtrl+C'),
        item('Paste', 'edit.paste', 'CmdOrCtrl+V'),
        item('Duplicate', 'edit.duplicate', 'CmdOrCtrl+D'),
        item('Delete', 'edit.delete', 'Delete'),
        { type: 'separator' },
        item('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Fit View', 'view.fit', 'F'),
        item('Auto Layout', 'view.autoLayout', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        item('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        item('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        { type: 'separator' },
        item('Toggle Details Panel', 'view.details', 'CmdOrCtrl+Alt+I'),
        item('Toggle Training Panel', 'view.trainingPanel', 'CmdOrCtrl+J'),
        item('Toggle Minimap', 'view.minimap', 'CmdOrCtrl+Alt+M'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged
          ? []
          : ([{ role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
