/**
 * Lists in the console: the page asked for in the address (`?offset=40`), and the pager's links, which keep
 * every other filter of the address as it was.
 */

export const PAGE_SIZE = 25;

/** limit and offset for the services' list methods, from the address's `offset` (a page size of 25). */
export function pageOf(query: Record<string, unknown>, limit = PAGE_SIZE): { limit: number; offset: number } {
  const raw = typeof query.offset === 'string' ? query.offset : '';
  const offset = /^\d{1,7}$/.test(raw) ? Number(raw) : 0;
  return { limit, offset: offset - (offset % limit) };
}

export interface Pager {
  from: number;
  to: number;
  total: number;
  /** False when `total` is a lower bound (a capped count: "of more than 1,000"). */
  totalExact: boolean;
  previous: string | null;
  next: string | null;
}

/**
 * The pager under a list of `total` items: "26–50 of 112", with links to the pages before and after;
 * "26–50 of more than 1,025" when `totalExact` is false (more than `total` items match).
 */
export function pagerOf(
  path: string,
  query: Record<string, unknown>,
  total: number,
  { limit, offset }: { limit: number; offset: number },
  totalExact = true,
): Pager {
  const link = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key === 'offset' || value === undefined || value === '') continue;
      for (const one of [value].flat()) params.append(key, String(one));
    }
    if (to > 0) params.set('offset', String(to));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  return {
    from: total === 0 ? 0 : offset + 1,
    to: Math.min(offset + limit, total),
    total,
    totalExact,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    next: offset + limit < total ? link(offset + limit) : null,
  };
}

/** The options of a select or a set of radios, with the current value marked. */
export function optionsOf<T extends string>(
  values: readonly T[],
  label: (value: T) => string,
  current?: string | readonly string[],
): { value: T; label: string; selected: boolean; checked: boolean }[] {
  const chosen = new Set([current ?? []].flat());
  return values.map((value) => {
    const on = chosen.has(value);
    return { value, label: label(value), selected: on, checked: on };
  });
}
