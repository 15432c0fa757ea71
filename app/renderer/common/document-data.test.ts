import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataSpec } from '#src/model/types';
import type { Host } from '../../shared/host';
import { connectData, loadDocumentData } from './document-data';

const CSV = 'a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';
const spec: DataSpec = { csv: 'xor.csv', features: ['a', 'b'], targets: ['label'] };

function fakeHost(read: Host['readDataText']) {
  const readDataText = vi.fn(read);
  return { host: { readDataText } as unknown as Host, readDataText };
}

let disconnect: (() => void) | null = null;
afterEach(() => {
  disconnect?.();
  disconnect = null;
});

describe('the document data loader', () => {
  it('reads a CSV through the host, relative to the document, once for every view', async () => {
    const { host, readDataText } = fakeHost(async () => ({ ok: true, text: CSV }));
    disconnect = connectData(host);
    const [first, second] = await Promise.all([
      loadDocumentData(spec, '/w/m.bpmodel'),
      loadDocumentData({ ...spec }, '/w/m.bpmodel'),
    ]);
    expect(readDataText).toHaveBeenCalledTimes(1);
    expect(readDataText).toHaveBeenCalledWith('/w/m.bpmodel', 'xor.csv');
    expect(first).toBe(second);
    if (!first.ok) throw new Error(first.message);
    expect(first.data.featureNames).toEqual(['a', 'b']);
    expect(first.data.all.m).toBe(4);
    // Another document (or the same one moved) reads its own file.
    await loadDocumentData(spec, null);
    expect(readDataText).toHaveBeenLastCalledWith(null, 'xor.csv');
  });

  it('names the file it could not read, and tries again on the next ask', async () => {
    const { host, readDataText } = fakeHost(async () => ({
      ok: false,
      message: '/w/xor.csv: The file or folder does not exist.',
    }));
    disconnect = connectData(host);
    expect(await loadDocumentData(spec, '/w/m.bpmodel')).toEqual({
      ok: false,
      message:
        'Could not read the data file “xor.csv”: /w/xor.csv: The file or folder does not exist.',
    });
    readDataText.mockImplementation(async () => ({ ok: true, text: CSV }));
    expect((await loadDocumentData(spec, '/w/m.bpmodel')).ok).toBe(true);
    expect(readDataText).toHaveBeenCalledTimes(2);
  });

  it('says what is wrong with a file it read, and when the host itself fails', async () => {
    const { host, readDataText } = fakeHost(async () => ({ ok: true, text: 'a,b\n1,2\n' }));
    disconnect = connectData(host);
    const bad = await loadDocumentData(spec, '/w/m.bpmodel');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^The data cannot be loaded: xor\.csv: .*label/);
    readDataText.mockImplementation(async () => {
      throw new Error('The server answered 500.');
    });
    expect(await loadDocumentData(spec, '/elsewhere/m.bpmodel')).toEqual({
      ok: false,
      message: 'Could not read the data file “xor.csv”: The server answered 500.',
    });
  });

  it('generates built-in data without the host', async () => {
    const { host, readDataText } = fakeHost(async () => ({ ok: true, text: CSV }));
    disconnect = connectData(host);
    const loaded = await loadDocumentData({ builtin: 'xor', samples: 40 }, '/w/m.bpmodel');
    expect(loaded.ok && loaded.data.all.m).toBe(40);
    expect(readDataText).not.toHaveBeenCalled();
  });
});
