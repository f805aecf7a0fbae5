/** Addresses and labels for the knowledge panel (cti/knowledge/search-routes.ts). Pure. */

/** The daemon refuses longer search text (cti/knowledge/search-terms.ts). */
export const MAX_QUERY_CHARS = 200;

/** Suggestions for a call; the chosen ticket's category, when there is one, ranks its articles first. */
export function suggestPath(callId: number, category: string | null | undefined): string {
  const params = new URLSearchParams({ callId: String(callId) });
  const c = category?.trim();
  if (c) params.set('category', c.slice(0, 64));
  return `/api/knowledge/suggest?${params}`;
}

export function searchPath(query: string): string | null {
  const q = query.trim();
  if (q === '') return null;
  return `/api/knowledge/search?${new URLSearchParams({ q: [...q].slice(0, MAX_QUERY_CHARS).join('') })}`;
}

export type ReasonKind = 'category' | 'queue' | 'node';

/** Why an article was suggested: the API says `category:billing`, `queue:support`, `node:menu`. */
export function parseReason(reason: string): { kind: ReasonKind; value: string } | null {
  const m = /^(category|queue|node):(.+)$/.exec(reason);
  return m ? { kind: m[1] as ReasonKind, value: m[2] ?? '' } : null;
}
