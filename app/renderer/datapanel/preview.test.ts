import { describe, expect, it } from 'vitest';
import { buildPreview, headPreview, PREVIEW_ROWS } from './preview';

const rows = (n: number, bad: Set<number>) =>
  [
    'x,y,label',
    ...Array.from(
      { length: n },
      (_, i) => `${bad.has(i) ? 'oops' : i},${i * 2},${i % 2 ? 'a' : 'b'}`,
    ),
  ].join('\n') + '\n';

describe('the CSV preview', () => {
  it('keeps the first rows and every row with a bad cell, by line', () => {
    const preview = buildPreview(rows(500, new Set([3, 400])));
    expect(preview.rowCount).toBe(500);
    // Line 1 is the header: row i is on line i + 2.
    expect(preview.rows.length).toBe(PREVIEW_ROWS + 1);
    expect(preview.rows.at(-1)).toEqual({ line: 402, cells: ['oops', '800', 'b'] });
    expect(preview.columns[0].badCells.map((b) => b.line)).toEqual([5, 402]);
    expect(preview.partial).toBeUndefined();
  });

  it('shows the first rows of a long file before the rest is read, marked partial', () => {
    const head = headPreview(rows(5000, new Set([4000])))!;
    expect(head.partial).toBe(true);
    expect(head.rowCount).toBe(PREVIEW_ROWS);
    expect(head.columns[0].badCount).toBe(0);
    // A file shorter than the head needs no head.
    expect(headPreview(rows(10, new Set()))).toBeNull();
  });
});
