/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import enInterop from './locales/en/interop.json';
import zhCommon from './locales/zh-CN/common.json';
import zhInterop from './locales/zh-CN/interop.json';

export const resources = {
  en: { translation: { common: enCommon, interop: enInterop } },
  'zh-CN': { translation: { common: zhCommon, interop: zhInterop } },
};
