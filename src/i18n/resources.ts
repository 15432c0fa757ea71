/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCanvas from './locales/en/canvas.json';
import enCommon from './locales/en/common.json';
import enDialogs from './locales/en/dialogs.json';
import enEditor from './locales/en/editor.json';
import enMenu from './locales/en/menu.json';
import enNodes from './locales/en/nodes.json';
import enPanels from './locales/en/panels.json';
import zhCanvas from './locales/zh-CN/canvas.json';
import zhCommon from './locales/zh-CN/common.json';
import zhDialogs from './locales/zh-CN/dialogs.json';
import zhEditor from './locales/zh-CN/editor.json';
import zhMenu from './locales/zh-CN/menu.json';
import zhNodes from './locales/zh-CN/nodes.json';
import zhPanels from './locales/zh-CN/panels.json';

export const resources = {
  en: {
    translation: {
      common: enCommon,
      menu: enMenu,
      editor: enEditor,
      dialogs: enDialogs,
      canvas: enCanvas,
      nodes: enNodes,
      panels: enPanels,
    },
  },
  'zh-CN': {
    translation: {
      common: zhCommon,
      menu: zhMenu,
      editor: zhEditor,
      dialogs: zhDialogs,
      canvas: zhCanvas,
      nodes: zhNodes,
      panels: zhPanels,
    },
  },
};
