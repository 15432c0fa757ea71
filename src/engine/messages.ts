/** Pieces of messages for users: numbers as people write them, lists that stay short. */

/** 1234567 → "1,234,567". */
export const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Items for a message: the first `max`, then how many more. A header may have a million
 * columns and an Add node thousands of inputs; a message should still be read in one go.
 */
export function listed(items: readonly string[], max = 20): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')}, … and ${count(items.length - max)} more`;
}
