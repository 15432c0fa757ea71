// @vitest-environment jsdom
/**
 * The window's language: the stored choice or the system's, told to the host at start and
 * on every switch (View ▸ Language, in-app or native), so its messages and menus follow.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { language, setLanguage } from '#src/i18n';
import { chooseLanguage, chooseLanguageByName, optionText, startLanguage } from './i18n';

let stop: () => void = () => undefined;

afterEach(() => {
  stop();
  localStorage.clear();
  setLanguage('en');
  vi.restoreAllMocks();
});

function fakeHost() {
  return { setLanguage: vi.fn((_language: string) => Promise.resolve()) };
}

describe('the window language', () => {
  it('starts in the stored choice and tells the host', () => {
    localStorage.setItem('bp.language', 'zh-CN');
    const host = fakeHost();
    stop = startLanguage(host);
    expect(language()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(host.setLanguage).toHaveBeenCalledWith('zh-CN');
  });

  it('tells the host on every switch, and keeps the choice', () => {
    const host = fakeHost();
    stop = startLanguage(host);
    host.setLanguage.mockClear();
    chooseLanguage('zh-CN');
    expect(host.setLanguage).toHaveBeenLastCalledWith('zh-CN');
    expect(localStorage.getItem('bp.language')).toBe('zh-CN');
    chooseLanguageByName('en');
    expect(language()).toBe('en');
    expect(host.setLanguage).toHaveBeenLastCalledWith('en');
  });

  it('follows the system again when the native menu says so, and ignores unknown names', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-Hans-CN', 'en']);
    chooseLanguage('en');
    chooseLanguageByName('system');
    expect(localStorage.getItem('bp.language')).toBeNull();
    expect(language()).toBe('zh-CN');
    chooseLanguageByName('fr');
    expect(language()).toBe('zh-CN');
  });

  it('keeps the window working when the host refuses the language', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stop = startLanguage({ setLanguage: () => Promise.reject(new Error('server gone')) });
    chooseLanguage('zh-CN');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(language()).toBe('zh-CN');
    expect(warn).toHaveBeenCalled();
  });
});

describe('optionText', () => {
  it('names an enum option by its key in the window’s language, or by itself when unknown', () => {
    expect(optionText('loss', 'fn', 'mse')).toBe('mean squared error (mse)');
    setLanguage('zh-CN');
    expect(optionText('loss', 'fn', 'mse')).toBe('均方误差 (mse)');
    expect(optionText('loss', 'fn', 'no-such-option')).toBe('no-such-option');
    setLanguage('en');
  });
});
