/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCanvas from './locales/en/canvas.json' with { type: 'json' };
import enCli from './locales/en/cli.json' with { type: 'json' };
import enConvview from './locales/en/convview.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enData from './locales/en/data.json' with { type: 'json' };
import enDatapanel from './locales/en/datapanel.json' with { type: 'json' };
import enDialogs from './locales/en/dialogs.json' with { type: 'json' };
import enEditor from './locales/en/editor.json' with { type: 'json' };
import enExamples from './locales/en/examples.json' with { type: 'json' };
import enInterop from './locales/en/interop.json' with { type: 'json' };
import enKinds from './locales/en/kinds.json' with { type: 'json' };
import enLessons from './locales/en/lessons.json' with { type: 'json' };
import enMenu from './locales/en/menu.json' with { type: 'json' };
import enNodes from './locales/en/nodes.json' with { type: 'json' };
import enPanels from './locales/en/panels.json' with { type: 'json' };
import enProblems from './locales/en/problems.json' with { type: 'json' };
import enPytorch from './locales/en/pytorch.json' with { type: 'json' };
import enServices from './locales/en/services.json' with { type: 'json' };
import enSteps from './locales/en/steps.json' with { type: 'json' };
import enTeaching from './locales/en/teaching.json' with { type: 'json' };
import enTraining from './locales/en/training.json' with { type: 'json' };
import enWarnings from './locales/en/warnings.json' with { type: 'json' };
import zhCanvas from './locales/zh-CN/canvas.json' with { type: 'json' };
import zhCli from './locales/zh-CN/cli.json' with { type: 'json' };
import zhConvview from './locales/zh-CN/convview.json' with { type: 'json' };
import zhCommon from './locales/zh-CN/common.json' with { type: 'json' };
import zhData from './locales/zh-CN/data.json' with { type: 'json' };
import zhDatapanel from './locales/zh-CN/datapanel.json' with { type: 'json' };
import zhDialogs from './locales/zh-CN/dialogs.json' with { type: 'json' };
import zhEditor from './locales/zh-CN/editor.json' with { type: 'json' };
import zhExamples from './locales/zh-CN/examples.json' with { type: 'json' };
import zhInterop from './locales/zh-CN/interop.json' with { type: 'json' };
import zhKinds from './locales/zh-CN/kinds.json' with { type: 'json' };
import zhLessons from './locales/zh-CN/lessons.json' with { type: 'json' };
import zhMenu from './locales/zh-CN/menu.json' with { type: 'json' };
import zhNodes from './locales/zh-CN/nodes.json' with { type: 'json' };
import zhPanels from './locales/zh-CN/panels.json' with { type: 'json' };
import zhProblems from './locales/zh-CN/problems.json' with { type: 'json' };
import zhPytorch from './locales/zh-CN/pytorch.json' with { type: 'json' };
import zhServices from './locales/zh-CN/services.json' with { type: 'json' };
import zhSteps from './locales/zh-CN/steps.json' with { type: 'json' };
import zhTeaching from './locales/zh-CN/teaching.json' with { type: 'json' };
import zhTraining from './locales/zh-CN/training.json' with { type: 'json' };
import zhWarnings from './locales/zh-CN/warnings.json' with { type: 'json' };

export const resources = {
  en: {
    translation: {
      canvas: enCanvas,
      cli: enCli,
      common: enCommon,
      convview: enConvview,
      data: enData,
      datapanel: enDatapanel,
      dialogs: enDialogs,
      editor: enEditor,
      examples: enExamples,
      interop: enInterop,
      kinds: enKinds,
      lessons: enLessons,
      menu: enMenu,
      nodes: enNodes,
      panels: enPanels,
      problems: enProblems,
      pytorch: enPytorch,
      services: enServices,
      steps: enSteps,
      teaching: enTeaching,
      training: enTraining,
      warnings: enWarnings,
    },
  },
  'zh-CN': {
    translation: {
      canvas: zhCanvas,
      cli: zhCli,
      common: zhCommon,
      convview: zhConvview,
      data: zhData,
      datapanel: zhDatapanel,
      dialogs: zhDialogs,
      editor: zhEditor,
      examples: zhExamples,
      interop: zhInterop,
      kinds: zhKinds,
      lessons: zhLessons,
      menu: zhMenu,
      nodes: zhNodes,
      panels: zhPanels,
      problems: zhProblems,
      pytorch: zhPytorch,
      services: zhServices,
      steps: zhSteps,
      teaching: zhTeaching,
      training: zhTraining,
      warnings: zhWarnings,
    },
  },
};
