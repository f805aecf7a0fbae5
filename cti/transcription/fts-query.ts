/** At most this many words in one search; more is refused rather than cut silently. */
export const MAX_SEARCH_TERMS = 12;

/**
 * A user's search text as an FTS5 query that cannot inject FTS5 syntax: every word becomes a
 * quoted string (quotes doubled inside), all must match; a trailing * on a word keeps its prefix
 * meaning ("refund*"). Null when nothing searchable is left.
 */
export function ftsQueryOf(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w.replace(/\*+$/, '') !== '');
  if (words.length === 0) return null;
  if (words.length > MAX_SEARCH_TERMS)
    throw new RangeError(`at most ${MAX_SEARCH_TERMS} words, got ${words.length}`);
  return words
    .map((word) => {
      const prefix = word.endsWith('*');
      const bare = word.replace(/\*+$/, '');
      return `"${bare.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
    })
    .join(' ');
}
