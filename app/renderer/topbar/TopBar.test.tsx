// @vitest-environment jsdom
/**
 * The menus and dialogs from the keyboard: a menu opens with the arrow key,
 * arrows move, Enter runs the item's action, submenus open to the right; Tab
 * stays inside an open dialog.
 */
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Host } from '../../shared/host';
import { Dialogs } from '../dialogs/Dialogs';
import { useDocument } from '../store/document';
import { confirmAction } from '../store/ui';
import { TopBar } from './TopBar';
import { withShell } from './testing/shell';

// Only what the menu bar asks of the host (Open Recent's list).
const host = {
  recentDocuments: () => Promise.resolve(['/work/models/mlp.bpmodel']),
  clearRecentDocuments: () => Promise.resolve(),
} as unknown as Host;

withShell(host, 'Untitled');

describe('the menu bar', () => {
  it('opens with the keyboard, moves with arrows and runs an item with Enter', async () => {
    const user = userEvent.setup();
    render(<TopBar host={host} />);
    const edit = screen.getByRole('menuitem', { name: 'Edit' });
    act(() => edit.focus());
    await user.keyboard('{ArrowDown}');
    const menu = await screen.findByRole('menu', { name: 'Edit' });
    expect(menu).toBeTruthy();
    // Undo and Redo are disabled (nothing to undo), so arrows skip them; Up wraps to the last item.
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toMatch(/^Select All/);
    expect(useDocument.getState().nodes.some((n) => n.selected)).toBe(false);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(useDocument.getState().nodes.every((n) => n.selected)).toBe(true));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('moves between menus with Left/Right and opens submenus with Right', async () => {
    const user = userEvent.setup();
    render(<TopBar host={host} />);
    act(() => screen.getByRole('menuitem', { name: 'Edit' }).focus());
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('menu', { name: 'Edit' });
    await user.keyboard('{ArrowLeft}');
    await screen.findByRole('menu', { name: 'File' });
    // File ▸ New ▸ is the first item; Right opens it on Article Network.
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toMatch(/^New/);
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^Article Network/));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toMatch(/^Empty Canvas/);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(useDocument.getState().nodes).toHaveLength(0));
  });

  it('gives focus back to the menu bar when a dialog a menu item opened closes', async () => {
    const user = userEvent.setup();
    useDocument.getState().addNode('dense', { x: 0, y: 0 }); // unsaved: New will ask
    render(
      <>
        <TopBar host={host} />
        <Dialogs host={host} />
      </>,
    );
    const file = screen.getByRole('menuitem', { name: 'File' });
    act(() => file.focus());
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('menu', { name: 'File' });
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^Article Network/));
    await user.keyboard('{Enter}');
    const ask = await screen.findByRole('dialog', { name: 'Save changes?' });
    await waitFor(() => expect(ask.contains(document.activeElement)).toBe(true));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(file));
  });

  it('lists recent files in the Open Recent submenu', async () => {
    const user = userEvent.setup();
    render(<TopBar host={host} />);
    await user.click(screen.getByRole('menuitem', { name: 'File' }));
    await user.click(await screen.findByRole('menuitem', { name: /^Open Recent/ }));
    expect(await screen.findByRole('menuitem', { name: 'mlp.bpmodel' })).toBeTruthy();
  });
});

describe('a dialog', () => {
  it('keeps Tab inside it and gives focus back when it closes', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">outside</button>
        <Dialogs host={host} />
      </>,
    );
    const outside = screen.getByRole('button', { name: 'outside' });
    act(() => outside.focus());
    let answer: boolean | undefined;
    act(
      () =>
        void confirmAction('Reset weights?', 'The trained weights go.', 'Reset').then(
          (ok) => (answer = ok),
        ),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Reset weights?' });
    const reset = screen.getByRole('button', { name: 'Reset' });
    await waitFor(() => expect(document.activeElement).toBe(reset));
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(answer).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(outside));
  });
});
