import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import { type FlowIssue, pointerSegments } from './issues.js';

/**
 * Flow text → document. YAML and JSON alike (JSON is read as YAML, so both get line numbers);
 * duplicate keys — e.g. two nodes with the same id — are errors, not silently merged.
 */

export type ParsedFlowText =
  | { ok: true; doc: unknown; lineOf: (path: string) => number | undefined }
  | { ok: false; errors: FlowIssue[] };

const MAX_TEXT = 1_000_000;

export function parseFlowText(text: string, source: string): ParsedFlowText {
  const fail = (message: string, line?: number): ParsedFlowText => {
    const issue: FlowIssue = { source, path: '', message };
    if (line !== undefined) issue.line = line;
    return { ok: false, errors: [issue] };
  };
  if (typeof text !== 'string') return fail('flow text must be a string');
  if (text.length > MAX_TEXT) return fail(`is ${text.length} characters; flows are limited to ${MAX_TEXT}`);
  if (text.trim() === '') return fail('is empty');
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      return {
        ok: false,
        errors: document.errors.map((e) => {
          const issue: FlowIssue = { source, path: '', message: firstLine(e.message) };
          const at = e.pos?.[0];
          if (at !== undefined) issue.line = lineCounter.linePos(at).line;
          return issue;
        }),
      };
    }
    const alias = unresolvedAlias(document);
    if (alias)
      return fail(
        `uses alias *${alias.name}, but no &${alias.name} comes before it`,
        lineCounter.linePos(alias.at).line,
      );
    const jsonProblem = looksLikeJson(text, source) ? strictJsonProblem(text, lineCounter) : undefined;
    if (jsonProblem) return fail(jsonProblem.message, jsonProblem.line);
    const doc: unknown = document.toJS({ maxAliasCount: 100 });
    const lineOf = (path: string): number | undefined => {
      const offset = offsetOf(document.contents, pointerSegments(path));
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    };
    return { ok: true, doc, lineOf };
  } catch (err) {
    return fail(`cannot be read: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }
}

/** The first *alias with no &anchor before it; toJS would throw on it without a line. */
function unresolvedAlias(document: Document): { name: string; at: number } | undefined {
  let found: { name: string; at: number } | undefined;
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return undefined;
      found = { name: alias.source, at: alias.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

function looksLikeJson(text: string, source: string): boolean {
  return source.endsWith('.json') || text.trimStart().startsWith('{');
}

/** YAML reads `"start": }` as null; JSON text must also be valid JSON. */
function strictJsonProblem(text: string, lines: LineCounter): { message: string; line?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message)?.[1];
    const problem = { message: `is not valid JSON: ${firstLine(message)}` };
    return at === undefined ? problem : { ...problem, line: lines.linePos(Number(at)).line };
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Start offset of the deepest node along `segments` (the nearest existing parent when the path is missing). */
function offsetOf(root: unknown, segments: string[]): number | undefined {
  let here = root as Node | null;
  let offset = here?.range?.[0];
  for (const seg of segments) {
    let next: unknown;
    if (isMap(here)) {
      const pair = here.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === seg);
      next = pair?.value ?? (pair?.key as unknown);
    } else if (isSeq(here)) {
      next = /^\d+$/.test(seg) ? here.items[Number(seg)] : undefined;
    }
    const range = (next as Node | undefined)?.range;
    if (!range) break;
    here = next as Node;
    offset = range[0];
  }
  return offset;
}
