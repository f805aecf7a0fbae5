/**
 * Private-use characters FTS5's snippet() and highlight() put around matches. Markers that are
 * not HTML let the text be escaped first, so an article's own markup never reaches a page raw;
 * article text is stripped of them when saved (article-store.ts).
 */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;

export function withoutMarkers(text: string): string {
  return text.replace(MARKERS, '');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A regular expression finding any of the terms, ignoring case; null for no terms. */
export function termsPattern(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const longestFirst = [...terms].sort((a, b) => b.length - a.length);
  return new RegExp(longestFirst.map(escapeRegExp).join('|'), 'giu');
}

/**
 * HTML-escaped text with `<mark>` around what FTS5 marked and around any of `terms` (the short
 * ones FTS5 could not match) found outside those marks. Safe to insert as HTML.
 */
export function markedHtml(marked: string, terms: readonly string[] = []): string {
  const pattern = termsPattern(terms);
  let html = '';
  let inside = false;
  for (const part of marked.split(/([\uE000\uE001])/)) {
    if (part === MARK_OPEN) inside = true;
    else if (part === MARK_CLOSE) inside = false;
    else if (inside) html += `<mark>${escapeHtml(part)}</mark>`;
    else html += markTerms(part, pattern);
  }
  return html;
}

function markTerms(text: string, pattern: RegExp | null): string {
  if (!pattern) return escapeHtml(text);
  let html = '';
  let from = 0;
  for (const hit of text.matchAll(pattern)) {
    html += `${escapeHtml(text.slice(from, hit.index))}<mark>${escapeHtml(hit[0])}</mark>`;
    from = hit.index + hit[0].length;
  }
  return html + escapeHtml(text.slice(from));
}

/**
 * A window of about `width` characters of the text around the first of the terms, with
 * ellipses where it was cut, as marked HTML: the snippet for searches FTS5 did not match.
 */
export function snippetHtml(text: string, terms: readonly string[], width = 64): string {
  const chars = [...text];
  const pattern = termsPattern(terms);
  const hit = pattern ? pattern.exec(text) : null;
  const at = hit ? [...text.slice(0, hit.index)].length : 0;
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), chars.length - width));
  const end = Math.min(chars.length, start + width);
  const window = chars.slice(start, end).join('');
  return `${start > 0 ? '…' : ''}${markedHtml(window, terms)}${end < chars.length ? '…' : ''}`;
}
