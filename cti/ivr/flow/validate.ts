import { collectFindings, type FlowValidationContext } from './check-context.js';
import { checkContent } from './content-checks.js';
import { checkGraph } from './graph-checks.js';
import type { FlowIssue } from './issues.js';
import { schemaErrors } from './schema.js';
import { readableSchemaIssues } from './schema-issues.js';
import type { FlowDocument } from './types.js';
import { checkVariables } from './variable-checks.js';

export type { FlowValidationContext } from './check-context.js';
export { type FlowIssue, formatIssue } from './issues.js';

export interface FlowValidation {
  ok: boolean;
  errors: FlowIssue[];
  warnings: FlowIssue[];
  /** The document, typed, when ok. */
  flow?: FlowDocument;
}

/**
 * Check a flow document before it is saved or published. Never throws: the input comes straight
 * from HTTP bodies and admin uploads.
 *
 * Schema problems come first and alone — the later checks need a well-formed document, and a flow
 * that does not match the schema would mostly produce follow-on noise. Then graph checks (unknown
 * nodes, dead ends, loops without input; unreachable nodes are only warnings: they cannot affect a
 * caller, and drafts often hold nodes not wired in yet), then content (sounds, uploads, queues,
 * hours, hosts, patterns) and variables.
 */
export function validateFlow(doc: unknown, ctx: FlowValidationContext): FlowValidation {
  const findings = collectFindings(ctx);
  try {
    const schemaIssues = readableSchemaIssues(schemaErrors(doc), ctx.source);
    if (schemaIssues.length > 0) return finish({ ok: false, errors: schemaIssues, warnings: [] }, ctx);
    const flow = doc as FlowDocument;
    checkGraph(flow, findings);
    checkContent(flow, ctx, findings);
    checkVariables(flow, findings);
    const result: FlowValidation = {
      ok: findings.errors.length === 0,
      errors: findings.errors,
      warnings: findings.warnings,
    };
    if (result.ok) result.flow = flow;
    return finish(result, ctx);
  } catch (err) {
    const message = `could not be checked: ${err instanceof Error ? err.message : String(err)}`;
    return {
      ok: false,
      errors: [...findings.errors, { source: ctx.source, path: '', message }],
      warnings: [],
    };
  }
}

/** Enough to fix a flow in one go; a document with more is not a flow that was nearly right. */
const MAX_ISSUES = 200;

function capped(issues: FlowIssue[], kind: string, source: string): FlowIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const more = issues.length - MAX_ISSUES;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { source, path: '', message: `and ${more} more ${kind} not shown` },
  ];
}

function finish(result: FlowValidation, ctx: FlowValidationContext): FlowValidation {
  result.errors = capped(result.errors, 'errors', ctx.source);
  result.warnings = capped(result.warnings, 'warnings', ctx.source);
  if (ctx.lineOf) {
    for (const issue of [...result.errors, ...result.warnings]) {
      const line = safeLine(ctx.lineOf, issue.path);
      if (line !== undefined) issue.line = line;
    }
  }
  return result;
}

function safeLine(lineOf: (path: string) => number | undefined, path: string): number | undefined {
  try {
    return lineOf(path);
  } catch {
    return undefined;
  }
}
