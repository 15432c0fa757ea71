/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json' with { type: 'json' };
import zhCommon from './locales/zh-CN/common.json' with { type: 'json' };
import enKinds from './locales/en/kinds.json' with { type: 'json' };
import zhKinds from './locales/zh-CN/kinds.json' with { type: 'json' };
import enProblems from './locales/en/problems.json' with { type: 'json' };
import zhProblems from './locales/zh-CN/problems.json' with { type: 'json' };
import enData from './locales/en/data.json' with { type: 'json' };
import zhData from './locales/zh-CN/data.json' with { type: 'json' };
import enCli from './locales/en/cli.json' with { type: 'json' };
import zhCli from './locales/zh-CN/cli.json' with { type: 'json' };
import enServices from './locales/en/services.json' with { type: 'json' };
import zhServices from './locales/zh-CN/services.json' with { type: 'json' };
import enExamples from './locales/en/examples.json' with { type: 'json' };
import zhExamples from './locales/zh-CN/examples.json' with { type: 'json' };

export const resources = {
  en: {
    translation: {
      common: enCommon,
      kinds: enKinds,
      problems: enProblems,
      data: enData,
      cli: enCli,
      services: enServices,
      examples: enExamples,
    },
  },
  'zh-CN': {
    translation: {
      common: zhCommon,
      kinds: zhKinds,
      problems: zhProblems,
      data: zhData,
      cli: zhCli,
      services: zhServices,
      examples: zhExamples,
    },
  },
};
