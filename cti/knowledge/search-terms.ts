/** Longest search text accepted, in characters; longer is refused (400), not cut. */
export const MAX_QUERY_CHARS = 200;
/** At most this many words in one search; more is refused rather than cut silently. */
export const MAX_SEARCH_TERMS = 12;
/**
 * The index uses FTS5's trigram tokenizer: a term matches where its characters occur in a row,
 * but a term of one or two characters has no trigram and matches nothing through MATCH. Such
 * terms (most Chinese words are two characters: 退款, 账单) are matched with LIKE instead.
 */
export const TRIGRAM = 3;

/** FTS5 query operators, which are words only in upper case; as search words they are noise. */
const FTS_OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);
/** FTS5 column filters on the index's columns ("title:refund" searches refund). */
const COLUMN_FILTER = /(^|[^\p{L}\p{N}\p{M}])(?:title|tags|body)\s*:/giu;

export class SearchInputError extends Error {
  override name = 'SearchInputError';
}

export interface SearchTerms {
  /** The words searched for, in the order given, each once. */
  all: string[];
  /** An FTS5 MATCH expression of the terms of three characters or more (all must match), or null. */
  match: string | null;
  /** Terms too short for the trigram index, matched as substrings with LIKE. */
  short: string[];
}

/**
 * Splits a user's search text into terms that cannot inject FTS5 syntax: anything that is not a
 * letter, digit or mark separates words (so quotes, brackets, `*`, `:`, `^`, `-` and `=` never
 * reach FTS5), the operators AND/OR/NOT/NEAR and column filters (`title:`) are dropped, and every
 * remaining term is quoted. Chinese and other scripts without spaces stay whole runs; the trigram
 * index finds them inside sentences.
 */
export function searchTermsOf(input: string): SearchTerms {
  if (input.trim() === '') throw new SearchInputError('the search text is empty');
  if ([...input].length > MAX_QUERY_CHARS)
    throw new SearchInputError(`the search text is longer than ${MAX_QUERY_CHARS} characters`);
  const words = input
    .normalize('NFKC')
    .replace(COLUMN_FILTER, '$1 ')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w !== '' && !FTS_OPERATORS.has(w));
  const all = [...new Set(words.map((w) => w.toLowerCase()))];
  if (all.length > MAX_SEARCH_TERMS)
    throw new SearchInputError(`at most ${MAX_SEARCH_TERMS} words in a search, got ${all.length}`);
  const long = all.filter((w) => [...w].length >= TRIGRAM);
  return {
    all,
    // No term can hold a quote (only letters, digits and marks are left), so quoting is enough.
    match: long.length > 0 ? long.map((w) => `"${w}"`).join(' ') : null,
    short: all.filter((w) => [...w].length < TRIGRAM),
  };
}

/** A LIKE pattern (with ESCAPE '\') that finds the term anywhere in a text. */
export function likePatternOf(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
