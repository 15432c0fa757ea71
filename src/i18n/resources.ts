/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import enInterop from './locales/en/interop.json';
import enPytorch from './locales/en/pytorch.json';
import zhCommon from './locales/zh-CN/common.json';
import zhInterop from './locales/zh-CN/interop.json';
import zhPytorch from './locales/zh-CN/pytorch.json';

export const resources = {
  en: { translation: { common: enCommon, interop: enInterop, pytorch: enPytorch } },
  'zh-CN': { translation: { common: zhCommon, interop: zhInterop, pytorch: zhPytorch } },
};
