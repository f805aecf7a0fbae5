import type { FlowIssue } from './issues.js';

/** What the server knows that a flow document alone cannot tell: installed sounds, uploads, queues, allowed hosts. */
export interface FlowValidationContext {
  /** Where the flow came from, named in every issue, e.g. "ivr-flows/main.yaml" or "flow 12 draft". */
  source: string;
  soundExists?: (name: string) => boolean;
  uploadExists?: (id: string) => boolean;
  queueExists?: (name: string) => boolean;
  /** Hosts http lookups may call ("crm.example.com", "*.example.com"). Not given: hosts are not checked. */
  httpAllowList?: readonly string[];
  /** Line of a JSON pointer in the source text (parseFlowText provides it). */
  lineOf?: (path: string) => number | undefined;
}

/** Where checks put what they find. */
export interface Findings {
  error(path: string, message: string, value?: unknown): void;
  warning(path: string, message: string, value?: unknown): void;
}

export function collectFindings(
  ctx: FlowValidationContext,
): Findings & { errors: FlowIssue[]; warnings: FlowIssue[] } {
  const errors: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];
  const make = (path: string, message: string, value: unknown): FlowIssue => {
    const issue: FlowIssue = { source: ctx.source, path, message };
    if (value !== undefined) issue.value = value;
    return issue;
  };
  return {
    errors,
    warnings,
    error: (path, message, value) => errors.push(make(path, message, value)),
    warning: (path, message, value) => warnings.push(make(path, message, value)),
  };
}

/** Ask one of the context's lookups; a lookup that throws becomes an error naming what was asked. */
export function ask(
  findings: Findings,
  path: string,
  what: string,
  lookup: ((name: string) => boolean) | undefined,
  name: string,
): boolean {
  if (!lookup) return true;
  try {
    return lookup(name) === true;
  } catch (err) {
    findings.error(
      path,
      `could not check ${what} "${name}": ${err instanceof Error ? err.message : String(err)}`,
      name,
    );
    return true;
  }
}
