/**
 * The native menus' template (main.ts builds it with Electron's Menu): plain data, so a
 * test reads it without Electron. Every editor item sends a command (MENU_COMMANDS) to the
 * renderer, which performs the action registered under that name. Shortcuts
 * are shown but not captured (`registerAccelerator: false`): the page's own
 * shortcut handler, the same on both hosts, receives the keys. Labels are the
 * in-app menus' catalogue keys, in the language of the moment: main builds the
 * menu again when the window's language changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { ExampleInfo } from '../shared/host';
import type { MenuCommandName } from '../shared/ipc';
import { LANGUAGES, t, type Language } from '#src/i18n';

export interface MenuModel {
  recent: string[];
  /** The window's language: View ▸ Language marks it. */
  language: Language;
  examples: ExampleInfo[];
  send(command: MenuCommandName, arg?: string): void;
  clearRecent(): void;
}

/** Where the menus are shown: macOS has an app menu and no Quit in File; development adds Reload. */
export interface MenuPlatform {
  mac: boolean;
  packaged: boolean;
}

/**
 * A top menu's label with its Alt access key (Windows, Linux): `&File`; a label not in
 * Latin letters gets the key in brackets, as Chinese Windows programs do (`文件(&F)`).
 */
function mnemonic(label: string, key: string): string {
  return /^[A-Za-z]/.test(label) ? `&${label}` : `${label}(&${key})`;
}

export function menuTemplate(
  model: MenuModel,
  { mac: isMac, packaged }: MenuPlatform,
): MenuItemConstructorOptions[] {
  /** `key`: the item's catalogue key. */
  const item = (
    key: string,
    command: MenuCommandName,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label: t(key),
    accelerator,
    registerAccelerator: false,
    click: () => model.send(command),
  });

  const recent: MenuItemConstructorOptions[] =
    model.recent.length === 0
      ? [{ label: t('menu.noRecent'), enabled: false }]
      : [
          ...model.recent.map((path) => ({
            label: basename(path),
            toolTip: path,
            click: () => model.send('document.openPath', path),
          })),
          { type: 'separator' },
          { label: t('menu.clearRecent'), click: () => model.clearRecent() },
        ];

  const examples: MenuItemConstructorOptions[] = model.examples.map((example) => ({
    label: t(example.title),
    toolTip: t(example.description),
    click: () => model.send('document.openExample', example.id),
  }));

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: mnemonic(t('menu.bar.file'), 'F'),
      submenu: [
        {
          label: t('menu.new'),
          submenu: [
            item('menu.newArticle', 'document.new', 'CmdOrCtrl+N'),
            item('menu.newEmpty', 'document.newEmpty', 'CmdOrCtrl+Alt+N'),
          ],
        },
        item('editor.action.open', 'document.open', 'CmdOrCtrl+O'),
        { label: t('menu.openRecent'), submenu: recent },
        {
          label: t('menu.examples'),
          submenu: examples.length ? examples : [{ label: t('menu.noExamples'), enabled: false }],
        },
        { type: 'separator' },
        item('editor.action.save', 'document.save', 'CmdOrCtrl+S'),
        item('editor.action.saveAs', 'document.saveAs', 'CmdOrCtrl+Shift+S'),
        item('interop.window.exportMenu', 'document.export'),
        { type: 'separator' },
        isMac
          ? { role: 'close', label: t('menu.native.close') }
          : { role: 'quit', label: t('menu.native.quit') },
      ],
    },
    {
      label: mnemonic(t('menu.bar.edit'), 'E'),
      submenu: [
        item('editor.action.undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('editor.action.redo', 'edit.redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        item('editor.action.cut', 'edit.cut', 'CmdOrCtrl+X'),
        item('editor.action.copy', 'edit.copy', 'CmdOrCtrl+C'),
        item('editor.action.paste', 'edit.paste', 'CmdOrCtrl+V'),
        item('editor.action.duplicate', 'edit.duplicate', 'CmdOrCtrl+D'),
        item('editor.action.delete', 'edit.delete', 'Delete'),
        { type: 'separator' },
        item('editor.action.selectAll', 'edit.selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: mnemonic(t('menu.bar.view'), 'V'),
      submenu: [
        item('editor.action.fit', 'view.fit', 'F'),
        item('editor.action.autoLayout', 'view.autoLayout', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        item('editor.action.zoomIn', 'view.zoomIn', 'CmdOrCtrl+='),
        item('editor.action.zoomOut', 'view.zoomOut', 'CmdOrCtrl+-'),
        { type: 'separator' },
        item('editor.action.details', 'view.details', 'CmdOrCtrl+Alt+I'),
        item('editor.action.trainingPanel', 'view.trainingPanel', 'CmdOrCtrl+J'),
        item('editor.action.minimap', 'view.minimap', 'CmdOrCtrl+Alt+M'),
        { type: 'separator' },
        {
          label: t('common.language'),
          submenu: [
            {
              label: t('common.systemLanguage'),
              click: () => model.send('view.language', 'system'),
            },
            { type: 'separator' },
            ...LANGUAGES.map((l): MenuItemConstructorOptions => ({
              label: l.name,
              type: 'radio',
              checked: l.code === model.language,
              click: () => model.send('view.language', l.code),
            })),
          ],
        },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu.native.fullScreen') },
        ...(packaged
          ? []
          : ([
              { role: 'reload', label: t('menu.native.reload') },
              { role: 'toggleDevTools', label: t('menu.native.devTools') },
            ] as MenuItemConstructorOptions[])),
      ],
    },
    {
      role: 'windowMenu',
      label: t('menu.bar.window'),
      submenu: [
        { role: 'minimize', label: t('menu.native.minimize') },
        ...(isMac ? [{ role: 'zoom', label: t('menu.native.zoom') } as const] : []),
        { role: 'close', label: t('menu.native.close') },
      ],
    },
    {
      role: 'help',
      label: t('lessons.menu.helpNative'),
      submenu: [item('lessons.menu.lessons', 'help.lessons')],
    },
  ];
  return template;
}
