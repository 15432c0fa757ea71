/**
 * One i18next instance for the whole program: the renderer (through
 * react-i18next, app/renderer/common/i18n.ts), the command line, the services and
 * the pure modules that word problems and warnings. Catalogues are JSON files
 * per language and area (`locales/<language>/<area>.json`); a key is written
 * `area.key` (`t('common.ok')`). English is the fallback, so a key missing in
 * Chinese shows English rather than the key, and the catalogue test in
 * `npm test` fails on it.
 */
import i18next, { type i18n as I18n, type TOptions } from 'i18next';
import { resources } from './resources';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const i18n: I18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  initAsync: false,
  // React escapes; the command line prints plain text.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The catalogue's text for `key` in the current language. */
export function t(key: string, values?: TOptions): string {
  return i18n.t(key, values) as string;
}

export function language(): Language {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
}

export function setLanguage(code: Language): void {
  void i18n.changeLanguage(code);
}

/**
 * The supported language closest to a list of BCP 47 tags or POSIX locale
 * names in order of preference (`zh_CN.UTF-8`, `zh-Hans-CN`, `en-GB`): any
 * Chinese picks 简体中文, the only Chinese we have; anything else English.
 */
export function resolveLanguage(tags: readonly (string | undefined)[]): Language {
  for (const tag of tags) {
    if (!tag || tag === 'C' || tag === 'POSIX') continue;
    const base = tag.split(/[-_.@]/)[0].toLowerCase();
    if (base === 'zh') return 'zh-CN';
    if (base) return 'en';
  }
  return 'en';
}

/**
 * The language a POSIX environment asks for: `LANGUAGE` (a colon list),
 * `LC_ALL`, `LC_MESSAGES`, then `LANG`, as gettext reads them.
 */
export function languageFromEnv(env: Record<string, string | undefined>): Language {
  const first = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  // gettext ignores LANGUAGE when the locale is C.
  const list = first && first !== 'C' && first !== 'POSIX' ? (env.LANGUAGE ?? '').split(':') : [];
  return resolveLanguage([...list, first]);
}

/** Number formats by language and options: making one costs far more than using it. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number for people, in the current language's way (`1,234.5`; `1,234.5` in zh-CN too). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const lang = language();
  const key = options ? `${lang} ${JSON.stringify(options)}` : lang;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    numberFormats.set(key, format);
  }
  return format.format(n);
}

/**
 * Marks a catalogue key kept in a table to be translated where it is shown
 * (`label: tKey('menu.save')`, then `t(action.label)` at render time), so the
 * text follows a language switch and the catalogue test checks the key.
 */
export const tKey = (key: string): string => key;
