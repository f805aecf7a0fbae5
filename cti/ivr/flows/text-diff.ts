/**
 * A unified diff of two texts (as `diff -u` prints it), for showing what a version changed in the
 * words the administrator wrote. Line-based LCS; texts too large to compare cheaply give null.
 */

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
): string | null {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  if (ops === null) return null;
  if (ops.every((op) => op.kind === ' ')) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const hunk of hunksOf(ops)) out.push(...hunk);
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function lineOps(a: string[], b: string[]): Op[] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_CELLS) return null;
  // lcs[i][j]: longest common subsequence of a[start+i..endA) and b[start+j..endB).
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[start + i] === b[start + j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: ' ', line: a[k] ?? '', a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const ai = start + i;
    const bj = start + j;
    if (i < n && j < m && a[ai] === b[bj]) {
      ops.push({ kind: ' ', line: a[ai] ?? '', a: ai, b: bj });
      i++;
      j++;
    } else if (i < n && (j === m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      // Removals before additions on a tie, as diff -u prints them.
      ops.push({ kind: '-', line: a[ai] ?? '', a: ai, b: bj });
      i++;
    } else {
      ops.push({ kind: '+', line: b[bj] ?? '', a: ai, b: bj });
      j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) {
    ops.push({ kind: ' ', line: a[endA + k] ?? '', a: endA + k, b: endB + k });
  }
  return ops;
}

/** Groups changes with up to CONTEXT unchanged lines around them; nearby groups merge. */
function hunksOf(ops: Op[]): string[][] {
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const ranges: Array<[number, number]> = [];
  for (const i of changed) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length - 1, i + CONTEXT);
    const last = ranges.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return ranges.map(([from, to]) => {
    const slice = ops.slice(from, to + 1);
    const first = slice[0] as Op;
    const countA = slice.filter((op) => op.kind !== '+').length;
    const countB = slice.filter((op) => op.kind !== '-').length;
    const header = `@@ -${rangeText(first.a, countA)} +${rangeText(first.b, countB)} @@`;
    return [header, ...slice.map((op) => `${op.kind}${op.line}`)];
  });
}

/** diff -u numbering: 1-based start, and an empty range names the line before it. */
function rangeText(start: number, count: number): string {
  const shown = count === 0 ? start : start + 1;
  return count === 1 ? `${shown}` : `${shown},${count}`;
}
