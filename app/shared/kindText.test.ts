/** The bridge from registry fields to text: a key's text when the catalogue has it, else the words as given. */
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { kindText, optionText } from './kindText';

afterEach(() => setLanguage('en'));

describe('kindText', () => {
  it('translates a key the catalogue has and passes plain words through', () => {
    setLanguage('zh-CN');
    expect(kindText('common.cancel')).toBe('取消');
    expect(kindText('A layer of neurons.')).toBe('A layer of neurons.');
    expect(kindText('')).toBe('');
  });

  it('names an enum option by its key, or by itself while it has none', () => {
    expect(optionText('loss', 'fn', 'no-such-option')).toBe('no-such-option');
  });
});
