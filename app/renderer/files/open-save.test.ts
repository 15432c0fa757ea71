import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirListing, Host } from '../../shared/host';
import { saveAs } from './open-save';
import { newModel } from '../common/model';
import { useDocument } from '../store/document';
import { useUi } from '../store/ui';

/** The parts of a desktop host Save As uses: its native dialog answers `picked`. */
function desktop(picked: string, folder: DirListing) {
  return {
    nativeDialogs: true,
    pickSavePath: vi.fn(() => Promise.resolve(picked)),
    listDirectory: vi.fn(() => Promise.resolve(folder)),
    saveModel: vi.fn((path: string) => Promise.resolve({ ok: true as const, path })),
  };
}

const folder: DirListing = {
  path: '/work',
  parent: '/',
  entries: [{ name: 'b.bpmodel', path: '/work/b.bpmodel', isDirectory: false }],
};

/** Waits for the confirm dialog and answers it. */
async function answer(ok: boolean) {
  await vi.waitFor(() => expect(useUi.getState().dialog?.type).toBe('confirm'));
  const dialog = useUi.getState().dialog;
  if (dialog?.type !== 'confirm') throw new Error('no confirm dialog');
  expect(dialog.title).toBe('Replace “b.bpmodel”?');
  dialog.resolve(ok);
}

describe('Save As with a name typed without the extension', () => {
  beforeEach(() => {
    useDocument.getState().load(newModel(), { name: 'Untitled' });
    useUi.setState({ dialog: null });
  });

  it('asks before replacing the file the extension makes it, and keeps it on Cancel', async () => {
    const host = desktop('/work/b', folder);
    const done = saveAs(host as unknown as Host);
    await answer(false);
    expect(await done).toBe(false);
    expect(host.saveModel).not.toHaveBeenCalled();
  });

  it('replaces it when confirmed', async () => {
    const host = desktop('/work/b', folder);
    const done = saveAs(host as unknown as Host);
    await answer(true);
    expect(await done).toBe(true);
    expect(host.saveModel.mock.calls[0][0]).toBe('/work/b.bpmodel');
  });

  it('does not ask for a new name, nor for a name the dialog already confirmed', async () => {
    for (const picked of ['/work/c', '/work/b.bpmodel']) {
      const host = desktop(picked, folder);
      expect(await saveAs(host as unknown as Host)).toBe(true);
      expect(useUi.getState().dialog).toBeNull();
      expect(host.saveModel.mock.calls[0][0]).toMatch(/\/work\/[bc]\.bpmodel$/);
    }
  });
});
