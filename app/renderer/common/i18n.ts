/**
 * The window's language: the user's choice from View → Language, kept in
 * localStorage across starts, or else the system's (the browser's or
 * Electron's `navigator.languages`). Components read text with react-i18next's
 * `useTranslation()`, imported from here (this module hands react-i18next our
 * one instance, so tests need no provider), which re-renders them when the
 * language changes.
 */
import { useSyncExternalStore } from 'react';
import { setI18n } from 'react-i18next';
import type { TFunction } from 'i18next';
import { i18n, language, resolveLanguage, setLanguage, t, type Language } from '#src/i18n';
import type { Host } from '../../shared/host';

setI18n(i18n);
export { Trans } from 'react-i18next';
export { formatNumber, t, tKey } from '#src/i18n';

interface Translation {
  t: TFunction;
  i18n: typeof i18n;
}

const translations = new Map<string, Translation>();
const subscribeLanguage = (l: () => void) => {
  i18n.on('languageChanged', l);
  return () => i18n.off('languageChanged', l);
};
const currentLanguage = () => i18n.language;

/**
 * `t` in the window's language and the i18next instance, as react-i18next's
 * `useTranslation()` gives them, re-rendering the component when the language
 * changes. Theirs also copies the instance's properties on every mount: a
 * tenth of a millisecond per component, a tenth of the time to open the
 * 1,000-node graph (issue 15). This one hands out one `t` per language.
 */
export function useTranslation(): Translation {
  const lng = useSyncExternalStore(subscribeLanguage, currentLanguage);
  let found = translations.get(lng);
  if (!found) {
    found = { t: i18n.getFixedT(lng), i18n };
    translations.set(lng, found);
  }
  return found;
}

const KEY = 'bp.language';

/** `null`: follow the system. */
export type LanguageChoice = Language | null;

function saved(): LanguageChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' || v === 'zh-CN' ? v : null;
  } catch {
    return null;
  }
}

export function systemLanguage(): Language {
  return resolveLanguage([...(navigator.languages ?? []), navigator.language]);
}

function apply(choice: LanguageChoice): void {
  const lng = choice ?? systemLanguage();
  setLanguage(lng);
  document.documentElement.lang = lng;
}

/**
 * Called once before the first render. The host hears the language now and on every switch,
 * so its messages and native menus speak it too.
 */
export function startLanguage(host?: Pick<Host, 'setLanguage'>): () => void {
  apply(saved());
  if (!host) return () => undefined;
  const tell = (lng: string) =>
    void host.setLanguage(lng === 'zh-CN' ? 'zh-CN' : 'en').catch((error: unknown) => {
      // The host keeps its language; the window's own text follows the switch regardless.
      console.warn('the host did not take the language', error);
    });
  tell(language());
  i18n.on('languageChanged', tell);
  return () => i18n.off('languageChanged', tell);
}

/** `view.language`'s argument: `system`, or a language's code. */
export function chooseLanguageByName(name: string | undefined): void {
  if (name === 'system') chooseLanguage(null);
  else if (name === 'en' || name === 'zh-CN') chooseLanguage(name);
}

export function chooseLanguage(choice: LanguageChoice): void {
  try {
    if (choice) localStorage.setItem(KEY, choice);
    else localStorage.removeItem(KEY);
  } catch {
    // Private windows may refuse storage: the choice still holds for this session.
  }
  apply(choice);
  listeners.forEach((l) => l());
}

const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  i18n.on('languageChanged', l);
  return () => {
    listeners.delete(l);
    i18n.off('languageChanged', l);
  };
};

/** The stored choice (`null` = system), for the menu's radio items. */
export function useLanguageChoice(): LanguageChoice {
  return useSyncExternalStore(subscribe, saved);
}

/**
 * An enum option's name for people (`kinds.loss.params.fn.options.mse`), or
 * the option itself: the value comes from a file and may be one the registry
 * does not know (the checker reports it; the face and the inspector show it).
 */
export function optionText(kind: string, param: string, option: string): string {
  const key = `kinds.${kind}.params.${param}.options.${option}`;
  return i18n.exists(key) ? t(key) : option;
}
