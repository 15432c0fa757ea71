import { describe, expect, it } from 'vitest';
import { compile } from '#src/engine/compile';
import { EXAMPLES } from '#src/model/examples';
import { defaultPace, FULL_SPEED, sampleCount, sessionPace, WATCHABLE_PACE } from './pace';

describe('the pace a document starts at', () => {
  const paceOf = (id: string) => {
    const model = EXAMPLES.find((e) => e.id === id)!.model();
    const compiled = compile(model.graph);
    if (!compiled.ok) throw new Error(id);
    return defaultPace(compiled.net.parameterCount, sampleCount(model.data));
  };

  it('is watchable for the article’s network and XOR, full speed for larger ones', () => {
    expect(paceOf('article')).toBe(WATCHABLE_PACE);
    expect(paceOf('xor')).toBe(WATCHABLE_PACE);
    expect(paceOf('spiral')).toBe(FULL_SPEED);
    expect(paceOf('iris')).toBe(FULL_SPEED);
    expect(paceOf('sine')).toBe(FULL_SPEED);
  });

  it('counts built-in, inline and (unknown) CSV samples', () => {
    expect(sampleCount({ builtin: 'article' })).toBe(64);
    expect(sampleCount({ builtin: 'spiral', samples: 30 })).toBe(30);
    expect(sampleCount({ inline: { x: [[0], [1]], y: [[0], [1]] } })).toBe(2);
    expect(sampleCount({ csv: 'a.csv', features: ['x'], targets: ['y'] })).toBe(Infinity);
    expect(defaultPace(10, Infinity)).toBe(FULL_SPEED);
  });

  it('reaches the session as updates per second, null for full speed', () => {
    expect(sessionPace(5)).toBe(5);
    expect(sessionPace(FULL_SPEED)).toBeNull();
    expect(sessionPace(0)).toBeNull();
  });
});
