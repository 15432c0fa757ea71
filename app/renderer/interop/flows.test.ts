/**
 * The window's export and import flows against a fake host: Export… asks the format, then
 * where (the native dialog on the desktop, the in-app picker filtered to the format on the
 * web), then hands the document to the host; an imported file opens as an unsaved document
 * without a path, and one without data says so.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Host, OpenResult } from '../../shared/host';
import { openPath } from '../files/open-save';
import { newModel } from '../common/model';
import { isDirty, useDocument } from '../store/document';
import { useUi } from '../store/ui';
import { exportDocument, suggestedExportName } from './flows';

async function chooseFormat(id: string | null) {
  await vi.waitFor(() => expect(useUi.getState().dialog?.type).toBe('export'));
  const dialog = useUi.getState().dialog;
  if (dialog?.type !== 'export') throw new Error('no export dialog');
  dialog.resolve(id);
}

beforeEach(() => {
  useDocument.getState().load(newModel(), { name: 'spiral.bpmodel', path: '/work/spiral.bpmodel' });
  useUi.setState({ dialog: null });
});

describe('File → Export…', () => {
  it('desktop: format, then the native dialog with the suggested name, then the host writes', async () => {
    const host = {
      nativeDialogs: true,
      pickExportPath: vi.fn(() => Promise.resolve('/out/spiral.onnx')),
      exportModel: vi.fn((path: string) => Promise.resolve({ ok: true as const, path })),
    };
    const done = exportDocument(host as unknown as Host);
    await chooseFormat('onnx');
    expect(await done).toBe(true);
    expect(host.pickExportPath).toHaveBeenCalledWith('spiral.onnx', 'onnx');
    const [path, model, documentPath, format] = host.exportModel.mock.calls[0] as unknown as [
      string,
      { graph: unknown },
      string,
      string,
    ];
    expect([path, documentPath, format]).toEqual([
      '/out/spiral.onnx',
      '/work/spiral.bpmodel',
      'onnx',
    ]);
    expect(model.graph).toEqual(newModel().graph);
  });

  it('web: the in-app picker lists and suggests only the format’s files; a failure is shown', async () => {
    const host = {
      nativeDialogs: false,
      exportModel: vi.fn((path: string) =>
        Promise.resolve({ ok: false as const, path, message: 'the folder is read-only' }),
      ),
    };
    const done = exportDocument(host as unknown as Host);
    await chooseFormat('tfjs');
    await vi.waitFor(() => expect(useUi.getState().dialog?.type).toBe('file'));
    const picker = useUi.getState().dialog;
    if (picker?.type !== 'file') throw new Error('no picker');
    expect([picker.mode, picker.suggestedName, picker.extensions]).toEqual([
      'save',
      'model.json',
      ['.json'],
    ]);
    picker.resolve('/out/model.json');
    expect(await done).toBe(false);
    expect(useUi.getState().dialog).toMatchObject({
      type: 'message',
      title: 'Could not export to TensorFlow.js Layers (model.json)',
      message: 'the folder is read-only',
    });
  });

  it('cancelling the format asks nothing more', async () => {
    const host = { nativeDialogs: true, pickExportPath: vi.fn(), exportModel: vi.fn() };
    const done = exportDocument(host as unknown as Host);
    await chooseFormat(null);
    expect(await done).toBe(false);
    expect(host.pickExportPath).not.toHaveBeenCalled();
  });

  it('suggests the document’s name with the format’s ending', () => {
    expect(suggestedExportName('Two spirals', 'onnx')).toBe('Two spirals.onnx');
    expect(suggestedExportName('a.bpmodel', 'onnx')).toBe('a.onnx');
    expect(suggestedExportName('a', 'tfjs')).toBe('model.json');
  });
});

describe('File → Open of another format', () => {
  it('opens as a new unsaved document with no path, and says when the model brought no data', async () => {
    const model = { ...newModel(), name: 'net' };
    const result: OpenResult = {
      ok: true,
      path: '/m/net.onnx',
      model,
      imported: { hasData: false },
    };
    const host = {
      openModel: vi.fn(() => Promise.resolve(result)),
      readDataText: vi.fn(() => Promise.resolve({ ok: true, text: '' })),
    };
    await openPath(host as unknown as Host, '/m/net.onnx');
    const state = useDocument.getState();
    expect([state.path, state.name, isDirty()]).toEqual([null, 'net', true]);
    expect(useUi.getState().dialog).toMatchObject({ type: 'message', title: 'Imported net.onnx' });
  });
});
