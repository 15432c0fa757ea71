/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import enDatapanel from './locales/en/datapanel.json';
import enTraining from './locales/en/training.json';
import zhCommon from './locales/zh-CN/common.json';
import zhDatapanel from './locales/zh-CN/datapanel.json';
import zhTraining from './locales/zh-CN/training.json';

export const resources = {
  en: {
    translation: {
      common: enCommon,
      datapanel: enDatapanel,
      training: enTraining,
    },
  },
  'zh-CN': {
    translation: {
      common: zhCommon,
      datapanel: zhDatapanel,
      training: zhTraining,
    },
  },
};
