/** One page of a paginated list, with everything a template needs to link around it. */
export interface ListPage<T> {
  items: T[];
  /** 1-based. */
  number: number;
  total: number;
  /** Site-relative URL of this page, e.g. `/tags/kv-cache/page/2/`. */
  url: string;
  previousUrl?: string;
  nextUrl?: string;
  /** Total items across all pages. */
  count: number;
}

/** `/x/` → `/x/`, `/x/page/2/`, ...: page one keeps the list's own URL. Always at least one page. */
export function paginate<T>(items: T[], perPage: number, baseUrl: string): ListPage<T>[] {
  const total = Math.max(1, Math.ceil(items.length / perPage));
  const urlOf = (n: number) => (n === 1 ? baseUrl : `${baseUrl}page/${n}/`);
  return Array.from({ length: total }, (_, i) => ({
    items: items.slice(i * perPage, (i + 1) * perPage),
    number: i + 1,
    total,
    url: urlOf(i + 1),
    previousUrl: i > 0 ? urlOf(i) : undefined,
    nextUrl: i + 1 < total ? urlOf(i + 2) : undefined,
    count: items.length,
  }));
}
