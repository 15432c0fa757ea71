/**
 * The native menus speak the window's language: labels from the catalogue, Alt access keys
 * that work in Chinese too (`文件(&F)`), and View ▸ Language marking the window's language
 * and sending `view.language`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { setLanguage } from '#src/i18n';
import { menuTemplate, type MenuModel } from './menu';

type Item = MenuItemConstructorOptions;

function model(language: MenuModel['language']) {
  const sent: [string, string | undefined][] = [];
  const menu: MenuModel = {
    recent: [],
    examples: [{ id: 'xor', title: 'XOR', description: 'Two inputs' }],
    language,
    send: (command, arg) => sent.push([command, arg]),
    clearRecent: () => undefined,
  };
  return { menu, sent };
}

const build = (menu: MenuModel) => menuTemplate(menu, { mac: false, packaged: true });
const sub = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const find = (items: Item[], label: string) => items.find((i) => i.label === label);

afterEach(() => setLanguage('en'));

describe('the native menus', () => {
  it('are in English with access keys by default', () => {
    const top = build(model('en').menu);
    expect(top.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', 'Window', '&Help']);
    expect(sub(top[0]).map((i) => i.label)).toContain('Save As…');
  });

  it('speak Chinese in a Chinese window, and mark and switch the language', () => {
    setLanguage('zh-CN');
    const { menu, sent } = model('zh-CN');
    const top = build(menu);
    expect(top.map((i) => i.label)).toEqual([
      '文件(&F)',
      '编辑(&E)',
      '视图(&V)',
      '窗口',
      '帮助(&H)',
    ]);
    const file = sub(top[0]);
    expect(file.map((i) => i.label)).toEqual(
      expect.arrayContaining(['新建', '打开…', '最近打开', '示例', '保存', '另存为…', '退出']),
    );
    expect(sub(find(file, '最近打开')).map((i) => i.label)).toEqual(['没有最近的文件']);
    const languages = sub(find(sub(top[2]), '语言'));
    expect(languages.filter((i) => i.type === 'radio').map((i) => [i.label, i.checked])).toEqual([
      ['English', false],
      ['简体中文', true],
    ]);
    find(languages, 'English')!.click!({} as never, undefined, {} as never);
    find(languages, '跟随系统')!.click!({} as never, undefined, {} as never);
    expect(sent).toEqual([
      ['view.language', 'en'],
      ['view.language', 'system'],
    ]);
  });
});
