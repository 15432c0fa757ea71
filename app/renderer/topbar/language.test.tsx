// @vitest-environment jsdom
/**
 * The shell in Chinese, and a switch to English that every part follows at once, without a
 * reload: the menu bar and its menus, the toolbar, the palette, the inspector, the problems.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactFlowProvider } from '@xyflow/react';
import type { Host } from '../../shared/host';
import { chooseLanguage } from '../common/i18n';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { Problems } from '../panels/Problems';
import { useDocument } from '../store/document';
import { TopBar } from './TopBar';
import { withShell } from './testing/shell';

const host = {
  recentDocuments: () => Promise.resolve([]),
  clearRecentDocuments: () => Promise.resolve(),
} as unknown as Host;

// Registered before the shell's hooks, so it runs after the shell's clean-up (vitest runs
// after-each hooks last registered first).
afterEach(() => {
  act(() => chooseLanguage(null));
  localStorage.clear();
});

withShell(host, 'n');

function Window() {
  return (
    <ReactFlowProvider>
      <TopBar host={host} />
      <Palette />
      <Inspector />
      <Problems />
    </ReactFlowProvider>
  );
}

describe('the window language', () => {
  it('shows the shell in Chinese and switches to English at once', async () => {
    const user = userEvent.setup();
    act(() => chooseLanguage('zh-CN'));
    render(<Window />);
    for (const name of ['文件', '编辑', '视图', '数据', '示例']) {
      expect(screen.getByRole('menuitem', { name })).toBeTruthy();
    }
    expect(screen.getByRole('button', { name: '撤销' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '检查器' })).toBeTruthy();
    expect(screen.getByText('没有问题：网络可以编译。')).toBeTruthy();

    await user.click(screen.getByRole('menuitem', { name: '编辑' }));
    expect(await screen.findByRole('menuitem', { name: /^全选/ })).toBeTruthy();
    await user.keyboard('{Escape}');

    act(() => chooseLanguage('en'));
    for (const name of ['File', 'Edit', 'View', 'Data', 'Examples']) {
      expect(screen.getByRole('menuitem', { name })).toBeTruthy();
    }
    expect(screen.queryByRole('menuitem', { name: '文件' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Inspector' })).toBeTruthy();
    expect(screen.getByText('No problems: the network compiles.')).toBeTruthy();
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }));
    expect(await screen.findByRole('menuitem', { name: /^Select All/ })).toBeTruthy();
  });

  it('counts selected nodes in the language of the moment', () => {
    act(() => chooseLanguage('zh-CN'));
    render(<Window />);
    act(() => useDocument.getState().selectAll());
    const count = useDocument.getState().nodes.length;
    expect(screen.getByText(`已选择 ${count} 个节点。`)).toBeTruthy();
    act(() => chooseLanguage('en'));
    expect(screen.getByText(`${count} nodes selected.`)).toBeTruthy();
  });
});
