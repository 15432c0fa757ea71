/**
 * Node and edge ids are user text: "__proto__", "constructor" or "toString" are ids like any
 * other, in the compiler's tables, the weights, a training run and its frames.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile';
import { Trainer } from '../engine/train';
import { decodeFrame, encodeFrame } from '../training/frame';
import { Runner } from '../training/runner';
import { exampleById } from './examples';
import { buildNetwork, weightsFromNetwork } from './network';
import { parseModel } from './parse';
import { prepareModel } from './prepare';
import { serializeModel } from './serialize';
import { PROTO_EDGE_IDS, PROTO_NODE_IDS, xorWithProtoIds } from './testing/user-ids';

const own = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

describe('ids that are names on Object.prototype', () => {
  it('compile with every shape and the same parameter count as the usual ids', () => {
    const usual = compile(exampleById('xor')!.model().graph);
    const proto = compile(xorWithProtoIds().graph);
    expect(usual.ok && proto.ok).toBe(true);
    if (!usual.ok || !proto.ok) return;
    expect(proto.net.parameterCount).toBe(usual.net.parameterCount);
    expect(proto.net.parameterCount).toBe(17);
    expect(PROTO_NODE_IDS.map((id) => own(proto.shapes, id) && proto.shapes[id])).toEqual(
      Object.values(usual.shapes),
    );
    expect(PROTO_EDGE_IDS.map((id) => own(proto.edgeShapes, id) && proto.edgeShapes[id])).toEqual(
      Object.values(usual.edgeShapes),
    );
  });

  it('print shapes as numbers in messages', () => {
    // The last activation is "__proto__": its width is in the message.
    const ids = ['input', 'dense1', 'act1', 'dense2', '__proto__', 'loss'];
    const result = compile(xorWithProtoIds(ids).graph, { targets: 3 });
    expect(result.ok).toBe(false);
    const text = result.problems.map((p) => p.message).join('\n');
    expect(text).toContain('The network predicts m × 1 but the data has m × 3 targets');
    expect(text).not.toContain('object');
  });

  it('train, and keep every layer’s weights through a save and a reopen', async () => {
    const prepared = await prepareModel(xorWithProtoIds());
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    new Trainer(prepared.net, prepared.data.train, { ...prepared.model.training, epochs: 5 }).run();
    const weights = weightsFromNetwork(prepared.net);
    expect(Object.keys(weights).sort()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(weights['__proto__'].W).toHaveLength(4);

    const saved = serializeModel({ ...prepared.model, weights });
    const reopened = parseModel(saved);
    if (!reopened.ok) throw new Error(JSON.stringify(reopened.problems));
    expect(reopened.model.weights).toEqual(JSON.parse(JSON.stringify(weights)));
    const rebuilt = buildNetwork(reopened.model);
    if (!rebuilt.ok) throw new Error(JSON.stringify(rebuilt.problems));
    expect(rebuilt.net.getWeights()).toEqual(weights);
  });

  it('come through a run’s frames with their parameters and gradient norms', async () => {
    const prepared = await prepareModel(xorWithProtoIds());
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    const runner = new Runner({
      net: prepared.net,
      data: prepared.data,
      config: prepared.model.training,
    });
    runner.stepOnce();
    const frame = decodeFrame(encodeFrame(runner.frame()));
    expect(Object.keys(frame.params).sort()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(frame.params['__proto__'].W.value).toHaveLength(8);
    expect(Object.keys(frame.header.gradNorms).sort()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(Number.isFinite(frame.header.gradNorms['__proto__'])).toBe(true);
  });
});
