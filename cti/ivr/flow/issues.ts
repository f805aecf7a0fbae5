/** A problem found in a flow, located by a JSON pointer into the document (and a line, for YAML/JSON text). */
export interface FlowIssue {
  source: string;
  /** JSON pointer, e.g. /nodes/menu1/options/9; '' is the whole document. */
  path: string;
  message: string;
  value?: unknown;
  line?: number;
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function pointerSegments(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Keys of objects whose entries admins think of by name, shown as ["9"] rather than [9]. */
const KEYED = new Set(['options', 'variables', 'nodes', 'results', 'headers']);

/** /nodes/menu1/options/9 → nodes.menu1.options["9"]; /nodes/a/prompts/0 → nodes.a.prompts[0]. */
export function readablePath(path: string): string {
  let out = '';
  let parent = '';
  for (const seg of pointerSegments(path)) {
    if (/^\d+$/.test(seg) && !KEYED.has(parent)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
    parent = seg;
  }
  return out;
}

/** One line: `ivr-flows/main.yaml: line 12: nodes.menu1.options["9"] points to unknown node "sales2"`. */
export function formatIssue(issue: FlowIssue): string {
  const line = issue.line === undefined ? '' : `line ${issue.line}: `;
  const where = readablePath(issue.path);
  const text = `${issue.source}: ${line}${where === '' ? '' : `${where} `}${issue.message}`;
  return text.replace(/\r?\n/g, '\\n');
}

/** Shorten a value for a message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The closest candidate to a misspelt name, if any is close enough to suggest. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length > 300) return undefined; // suggestions are a courtesy, not worth quadratic time
  const lower = word.toLowerCase();
  const extended = list.find((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower) && c !== word);
  if (extended !== undefined) return extended;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of list) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Number.POSITIVE_INFINITY;
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? Number.POSITIVE_INFINITY;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean "${c}"?)`;
}
