/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import zhCommon from './locales/zh-CN/common.json';
import enSteps from './locales/en/steps.json';
import zhSteps from './locales/zh-CN/steps.json';
import enTeaching from './locales/en/teaching.json';
import zhTeaching from './locales/zh-CN/teaching.json';
import enWarnings from './locales/en/warnings.json';
import zhWarnings from './locales/zh-CN/warnings.json';

export const resources = {
  en: {
    translation: { common: enCommon, steps: enSteps, teaching: enTeaching, warnings: enWarnings },
  },
  'zh-CN': {
    translation: { common: zhCommon, steps: zhSteps, teaching: zhTeaching, warnings: zhWarnings },
  },
};
