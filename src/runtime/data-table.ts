/**
 * Global data that every page reads: how to hand it to Eleventy so that thousands of pages do not each pay for it.
 *
 * Eleventy deep-copies plain-object global data into each template's data, and on paginated pages wraps every
 * plain object a template reads in a new Proxy, lookup after lookup. It leaves alone frozen objects and objects
 * that are not plain. Freezing suits small objects; a table with one key per paper must not be frozen, because
 * Eleventy asks `Object.isFrozen` on each lookup and V8 answers that by visiting every key (docs/performance.md).
 */

// No inherited keys at all (a paper whose slug is `constructor` finds its own entry, any other finds nothing),
// and a prototype that is not Object.prototype, so Eleventy does not treat the table as a plain object.
const TABLE_PROTOTYPE: object = Object.freeze(Object.create(null));

/** A read-only table by key (slug → value) that templates index as `table[key]`, shared as it is by every page. */
export function dataTable<T>(entries: Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const table = Object.create(TABLE_PROTOTYPE) as Record<string, T>;
  for (const [key, value] of entries) table[key] = value;
  return table;
}
