/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCanvas from './locales/en/canvas.json';
import enCommon from './locales/en/common.json';
import enDatapanel from './locales/en/datapanel.json';
import enDialogs from './locales/en/dialogs.json';
import enEditor from './locales/en/editor.json';
import enLessons from './locales/en/lessons.json';
import enMenu from './locales/en/menu.json';
import enNodes from './locales/en/nodes.json';
import enPanels from './locales/en/panels.json';
import enSteps from './locales/en/steps.json';
import enTeaching from './locales/en/teaching.json';
import enTraining from './locales/en/training.json';
import enWarnings from './locales/en/warnings.json';
import zhCanvas from './locales/zh-CN/canvas.json';
import zhCommon from './locales/zh-CN/common.json';
import zhDatapanel from './locales/zh-CN/datapanel.json';
import zhDialogs from './locales/zh-CN/dialogs.json';
import zhEditor from './locales/zh-CN/editor.json';
import zhLessons from './locales/zh-CN/lessons.json';
import zhMenu from './locales/zh-CN/menu.json';
import zhNodes from './locales/zh-CN/nodes.json';
import zhPanels from './locales/zh-CN/panels.json';
import zhSteps from './locales/zh-CN/steps.json';
import zhTeaching from './locales/zh-CN/teaching.json';
import zhTraining from './locales/zh-CN/training.json';
import zhWarnings from './locales/zh-CN/warnings.json';

export const resources = {
  en: {
    translation: {
      canvas: enCanvas,
      common: enCommon,
      datapanel: enDatapanel,
      dialogs: enDialogs,
      editor: enEditor,
      lessons: enLessons,
      menu: enMenu,
      nodes: enNodes,
      panels: enPanels,
      steps: enSteps,
      teaching: enTeaching,
      training: enTraining,
      warnings: enWarnings,
    },
  },
  'zh-CN': {
    translation: {
      canvas: zhCanvas,
      common: zhCommon,
      datapanel: zhDatapanel,
      dialogs: zhDialogs,
      editor: zhEditor,
      lessons: zhLessons,
      menu: zhMenu,
      nodes: zhNodes,
      panels: zhPanels,
      steps: zhSteps,
      teaching: zhTeaching,
      training: zhTraining,
      warnings: zhWarnings,
    },
  },
};
