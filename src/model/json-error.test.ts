import { describe, expect, it } from 'vitest';
import { findJsonError } from './json-error';
import { exampleById } from './examples';
import { MAX_DEPTH, parseModel } from './parse';
import { serializeModel } from './serialize';

describe('findJsonError', () => {
  it('finds the place in ordinary bad JSON', () => {
    expect(findJsonError('{"a": [1, 2,]}')).toMatchObject({ line: 1, column: 13, offset: 12 });
    expect(findJsonError('{\n  "a": tru\n}')).toMatchObject({ line: 2, column: 8 });
    expect(findJsonError('[1, {"b": null}]')).toBeNull();
  });

  it('finds the place in lists and objects nested 100,000 deep, without running out of stack', () => {
    const deep = '['.repeat(100_000);
    expect(findJsonError(deep)).toEqual({
      offset: 100_000,
      line: 1,
      column: 100_001,
      message: 'the text ends too early',
    });
    expect(findJsonError(`${deep}x`)).toMatchObject({
      line: 1,
      column: 100_001,
      message: 'expected a value (a number, a string, true, false, null, an object or a list)',
    });
    expect(findJsonError(`${'[\n'.repeat(100_000)}${']'.repeat(99_999)}}`)).toMatchObject({
      line: 100_001,
      column: 100_000,
      message: "expected ',' or ']' after a list item",
    });
    const objects = '{"a":'.repeat(100_000);
    expect(findJsonError(`${objects}1${'}'.repeat(100_000)}`)).toBeNull();
    expect(findJsonError(`${objects}1${'}'.repeat(99_999)}]`)).toMatchObject({
      column: 500_000 + 1 + 99_999 + 1,
      message: "expected ',' or '}' after a property value",
    });
  });

  it('gives parseModel a message with the place', () => {
    const result = parseModel(`{"graph": ${'['.repeat(100_000)}x`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0].message).toBe(
      'not valid JSON at line 1, column 100011: expected a value (a number, a string, true, false, null, an object or a list), found "x"',
    );
  });

  it('refuses a model nested deeper than the serializer and validator can follow', () => {
    const text = serializeModel(exampleById('xor')!.model()).trimEnd();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = parseModel(`${text.slice(0, -1)}, "view": { "panels": { "x": ${deep} } } }`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].path).toBe(`view.panels.x${'[0]'.repeat(MAX_DEPTH - 3)}`);
    expect(result.problems[0].message).toBe(
      'nests lists and objects more than 64 deep; a model file needs far fewer',
    );
  });
});
