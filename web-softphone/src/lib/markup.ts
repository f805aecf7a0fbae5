/**
 * Text from the knowledge base, turned into plain data the panels build DOM nodes from: nothing
 * here is ever given to innerHTML. Pure, so it is tested without a browser.
 */

/** A run of text, highlighted when it was inside `<mark>`. */
export interface MarkedSegment {
  text: string;
  mark: boolean;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities an HTML-escaping server writes; an unknown one stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * The search API's `titleHtml` / `snippetHtml` (escaped text with `<mark>`) as segments: `<mark>`
 * and `</mark>` only set highlighting, every other tag is dropped, entities are decoded to text.
 */
export function markedSegments(html: string): MarkedSegment[] {
  const segments: MarkedSegment[] = [];
  let depth = 0;
  const push = (raw: string) => {
    const text = decodeEntities(raw);
    if (text === '') return;
    const mark = depth > 0;
    const last = segments[segments.length - 1];
    if (last && last.mark === mark) last.text += text;
    else segments.push({ text, mark });
  };
  let rest = html;
  for (;;) {
    const open = rest.indexOf('<');
    if (open < 0) break;
    push(rest.slice(0, open));
    const close = rest.indexOf('>', open);
    // A lone "<" is text: escaped input never has one, and dropping text would hide it.
    if (close < 0) {
      push(rest.slice(open));
      rest = '';
      break;
    }
    const tag = rest
      .slice(open + 1, close)
      .trim()
      .toLowerCase();
    if (tag === 'mark') depth++;
    else if (tag === '/mark') depth = Math.max(0, depth - 1);
    rest = rest.slice(close + 1);
  }
  push(rest);
  return segments;
}

/** A piece of a line of markdown: bold or not. Links keep their text, code its characters. */
export interface Inline {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

/** `**bold**` / `__bold__`; `[text](url)` keeps its text; backticks go. Everything else is text. */
export function parseInline(line: string): Inline[] {
  const plain = line.replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1').replace(/`([^`]*)`/g, '$1');
  const out: Inline[] = [];
  const re = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
  let at = 0;
  for (const m of plain.matchAll(re)) {
    if (m.index > at) out.push({ text: plain.slice(at, m.index), bold: false });
    out.push({ text: m[2] ?? '', bold: true });
    at = m.index + m[0].length;
  }
  if (at < plain.length) out.push({ text: plain.slice(at), bold: false });
  return out;
}

/**
 * A small, safe subset of markdown: `#` headings (deeper ones count as level 3), `-`/`*`/`+` and
 * `1.` lists, paragraphs split by blank lines, bold. Anything else reads as paragraph text.
 */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list = null as { ordered: boolean; items: string[] } | null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    list = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '' || /^(```|~~~)/.test(line) || /^([-*_])( ?\1){2,}$/.test(line)) {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(3, heading[1]?.length ?? 1) as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, inlines: parseInline(heading[2] ?? '') });
      continue;
    }
    const item = /^(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[3] ?? '');
      continue;
    }
    if (list && /^\s/.test(raw)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += ` ${line}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line.replace(/^>\s?/, ''));
  }
  flush();
  return blocks;
}
