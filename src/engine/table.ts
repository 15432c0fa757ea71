/**
 * Tables keyed by user text: node ids, edge ids, column names. A plain `{}` inherits names from
 * Object.prototype, so `table['__proto__'] = x` changes the table's prototype instead of adding
 * a key, and `table['toString']` is a function before anything was stored. These tables have no
 * prototype, and `own` reads a table of unknown origin (parsed JSON, a spread) safely.
 */

/** An empty table with no prototype: every string is an ordinary key. */
export function idTable<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const table = Object.create(null) as Record<string, T>;
  if (entries) for (const [key, value] of entries) table[key] = value;
  return table;
}

/** `table[key]` when the table itself holds the key, else undefined (never an inherited name). */
export function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
