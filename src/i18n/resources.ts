/**
 * Every catalogue, bundled: the renderer, the CLI and the worker load
 * synchronously and offline. A new area is one JSON file per language and one
 * line in each list below.
 */
import enCommon from './locales/en/common.json';
import zhCommon from './locales/zh-CN/common.json';
import enLessons from './locales/en/lessons.json';
import zhLessons from './locales/zh-CN/lessons.json';

export const resources = {
  en: { translation: { common: enCommon, lessons: enLessons } },
  'zh-CN': { translation: { common: zhCommon, lessons: zhLessons } },
};
