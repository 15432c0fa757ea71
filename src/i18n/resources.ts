/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import zhCommon from './locales/zh-CN/common.json';
import enKinds from './locales/en/kinds.json';
import zhKinds from './locales/zh-CN/kinds.json';
import enProblems from './locales/en/problems.json';
import zhProblems from './locales/zh-CN/problems.json';
import enData from './locales/en/data.json';
import zhData from './locales/zh-CN/data.json';
import enCli from './locales/en/cli.json';
import zhCli from './locales/zh-CN/cli.json';
import enServices from './locales/en/services.json';
import zhServices from './locales/zh-CN/services.json';
import enExamples from './locales/en/examples.json';
import zhExamples from './locales/zh-CN/examples.json';

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
