/** What every op module promises, checked over OPS. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { OPS } from '.';

describe('every op', () => {
  for (const [kind, op] of Object.entries(OPS)) {
    it(`${kind}: its formulas typeset and carry no words (they are the same in every language)`, () => {
      for (const tex of [op.tex.forward, op.tex.backward]) {
        expect(tex).not.toMatch(/\\text\{[^}]*[a-zA-Z]{2,}/);
        expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
      }
      expect(op.spec.kind).toBe(kind);
    });
  }
});
