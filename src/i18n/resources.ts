/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import zhCommon from './locales/zh-CN/common.json';
import enPytorch from './locales/en/pytorch.json';
import zhPytorch from './locales/zh-CN/pytorch.json';

export const resources = {
  en: { translation: { common: enCommon, pytorch: enPytorch } },
  'zh-CN': { translation: { common: zhCommon, pytorch: zhPytorch } },
};
