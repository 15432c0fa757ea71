import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleById } from '#src/model/examples';
import type { ModelFile } from '#src/model/types';
import type { Host, RecoveryEntry } from '../../shared/host';
import { connectAutosave, ownEntryId } from './autosave';
import { restoreEntry } from './open-save';
import { isDirty, useDocument } from '../store/document';
import { useUi } from '../store/ui';

/** The recovery part of a Host, recording calls; copies live in a map as the service keeps them. */
function fakeHost() {
  const copies = new Map<string, { name: string; path: string | null; model: ModelFile }>();
  const calls: string[] = [];
  const host = {
    async writeRecovery(id: string, doc: { name: string; path: string | null }, model: ModelFile) {
      calls.push(`write ${id}`);
      copies.set(id, { ...doc, model: structuredClone(model) });
    },
    async discardRecovery(id: string) {
      calls.push(`discard ${id}`);
      copies.delete(id);
    },
    async listRecovery(): Promise<RecoveryEntry[]> {
      return [...copies].map(([id, c]) => ({ id, name: c.name, path: c.path, savedAt: null }));
    },
    async readRecovery(id: string) {
      const c = copies.get(id);
      if (!c) return { ok: false as const, message: 'gone' };
      return {
        ok: true as const,
        entry: { id, name: c.name, path: c.path, savedAt: null },
        model: c.model,
      };
    },
  };
  return { host: host as unknown as Host, copies, calls };
}

const doc = () => useDocument.getState();
let disconnect: () => void = () => undefined;

beforeEach(() => {
  vi.useFakeTimers();
  doc().load(exampleById('xor')!.model(), { name: 'xor.bpmodel', path: '/files/xor.bpmodel' });
});

afterEach(() => {
  disconnect();
  vi.useRealTimers();
});

/** Lets the timers and the promise chain behind them run. */
async function elapse(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('the autosaver', () => {
  it('writes the unsaved document a few seconds after a change, once for a burst of changes', async () => {
    const { host, copies, calls } = fakeHost();
    disconnect = connectAutosave(host, 2000);
    doc().setParam('dense1', 'units', 5);
    await elapse(1000);
    doc().setParam('dense1', 'units', 6);
    expect(calls).toEqual([]);
    await elapse(1000);
    expect(calls).toEqual([`write ${ownEntryId}`]);
    const copy = copies.get(ownEntryId)!;
    expect(copy.name).toBe('xor.bpmodel');
    expect(copy.path).toBe('/files/xor.bpmodel');
    expect(copy.model.graph.nodes.find((n) => n.id === 'dense1')!.params.units).toBe(6);
  });

  it('keeps writing during a stream of changes (checkpoints), at most every interval', async () => {
    const { host, calls } = fakeHost();
    disconnect = connectAutosave(host, 2000);
    for (let i = 0; i < 10; i++) {
      doc().appendHistory([{ epoch: i + 1, loss: 1 / (i + 1) }]);
      await elapse(500);
    }
    // 5 s of changes every 0.5 s: a debounce would never have written; this writes twice.
    expect(calls.filter((c) => c.startsWith('write'))).toHaveLength(2);
  });

  it('removes the copy once the document is saved, and writes none for a clean document', async () => {
    const { host, copies, calls } = fakeHost();
    disconnect = connectAutosave(host, 2000);
    doc().applyWeights({});
    await elapse(2000);
    expect(copies.has(ownEntryId)).toBe(true);
    doc().markSaved('/files/xor.bpmodel');
    await elapse(0);
    expect(copies.size).toBe(0);
    expect(calls).toEqual([`write ${ownEntryId}`, `discard ${ownEntryId}`]);
    await elapse(5000);
    expect(calls).toHaveLength(2);
  });

  it('drops a pending write when the change is undone before it is due', async () => {
    const { host, calls } = fakeHost();
    disconnect = connectAutosave(host, 2000);
    doc().setParam('dense1', 'units', 5);
    doc().undo();
    expect(isDirty()).toBe(false);
    await elapse(3000);
    expect(calls.filter((c) => c.startsWith('write'))).toEqual([]);
  });

  it('tries a failed write again (the host restarting), says so once, and clears it once written', async () => {
    const { host, copies } = fakeHost();
    let down = true;
    const write = host.writeRecovery.bind(host);
    host.writeRecovery = async (...args) => {
      if (down) throw new Error('the server does not answer');
      return write(...args);
    };
    disconnect = connectAutosave(host, 2000);
    doc().setParam('dense1', 'units', 5);
    await elapse(2000);
    expect(useUi.getState().status).toBe(
      'Could not keep a recovery copy: the server does not answer',
    );
    down = false;
    await elapse(5000);
    expect(copies.has(ownEntryId)).toBe(true);
    expect(useUi.getState().status).toBeNull();
  });

  it('waits longer between copies of a document slow to write (a tenth of the time at most)', async () => {
    const { host, calls } = fakeHost();
    const write = host.writeRecovery.bind(host);
    host.writeRecovery = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 600)); // a slow host
      return write(...args);
    };
    disconnect = connectAutosave(host, 2000);
    doc().appendHistory([{ epoch: 1, loss: 1 }]);
    await elapse(2600);
    expect(calls).toHaveLength(1);
    doc().appendHistory([{ epoch: 2, loss: 0.5 }]);
    await elapse(5000);
    expect(calls).toHaveLength(1); // 600 ms a write: the next comes 6 s after the change
    await elapse(1600);
    expect(calls).toHaveLength(2);
  });
});

describe('restoring a copy', () => {
  it('opens it unsaved with its path and name, makes it this window’s copy and removes the old one', async () => {
    const { host, copies } = fakeHost();
    disconnect = connectAutosave(host, 2000);
    const model = exampleById('xor')!.model();
    model.history = [{ epoch: 7, loss: 0.25 }];
    copies.set('doc-old', { name: 'mine.bpmodel', path: '/files/mine.bpmodel', model });

    const restored = await restoreEntry(host, {
      id: 'doc-old',
      name: 'mine.bpmodel',
      path: '/files/mine.bpmodel',
      savedAt: null,
    });
    expect(restored).toBe(true);
    expect(doc().name).toBe('mine.bpmodel');
    expect(doc().path).toBe('/files/mine.bpmodel');
    expect(doc().model.history).toEqual([{ epoch: 7, loss: 0.25 }]);
    expect(isDirty()).toBe(true);
    expect([...copies.keys()]).toEqual([ownEntryId]);
  });
});
