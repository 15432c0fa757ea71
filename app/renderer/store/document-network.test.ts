import { beforeEach, describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import { useDocument } from './document';
import { cachedNetwork, documentNetwork } from './document-network';

/** XOR: input → dense1 (4) → tanh → dense2 (1) → sigmoid → loss. */
const model = () => exampleById('xor')!.model();

const doc = () => useDocument.getState();

describe("the document's network", () => {
  beforeEach(() => doc().load(model(), { name: 'test' }));

  it('is kept per use until the weights, the graph or the seed change', () => {
    const first = cachedNetwork('a');
    expect(first.fresh).toBe(true);
    expect(first.net).not.toBeNull();
    expect(cachedNetwork('a')).toEqual({ net: first.net, fresh: false });
    // Another use has its own instance.
    expect(cachedNetwork('b').net).not.toBe(first.net);
    expect(cachedNetwork('a', true).fresh).toBe(true);

    const kept = cachedNetwork('a').net;
    doc().applyWeights({ dense2: { W: [[1, 2, 3, 4]], b: [5] } });
    const after = cachedNetwork('a');
    expect(after.fresh).toBe(true);
    expect(after.net).not.toBe(kept);
    expect(Array.from(after.net!.denseParams('dense2')!.W.value)).toEqual([1, 2, 3, 4]);

    doc().setTraining({ seed: 2 });
    expect(cachedNetwork('a').fresh).toBe(true);
    doc().setParam('dense1', 'units', 3);
    expect(cachedNetwork('a').fresh).toBe(true);
  });

  it('keeps the initialisation of a node whose weights no longer fit, and is null with problems', () => {
    doc().load({ ...model(), weights: { dense2: { W: [[1, 2, 3]], b: [5] } } });
    const fresh = documentNetwork()!.denseParams('dense2')!;
    expect(fresh.W.value).toHaveLength(4);
    expect(fresh.b!.value[0]).toBe(0);
    doc().deleteElements([], ['e1']);
    expect(documentNetwork()).toBeNull();
    expect(cachedNetwork('a').net).toBeNull();
  });
});
