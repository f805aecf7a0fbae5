import type { FlowValidationContext } from '../flow/check-context.js';
import { promptListsOf } from '../flow/content-checks.js';
import { didYouMean, type FlowIssue, pointer } from '../flow/issues.js';
import { checkFlowText } from '../flow/load.js';
import { parseFlowText } from '../flow/parse.js';
import type { FlowDocument } from '../flow/types.js';
import { knownVoice } from '../prompts/tts.js';
import { type FlowReport, issueView } from './issue-view.js';

export type FlowFormat = 'yaml' | 'json';

/** What the server knows that a flow text alone cannot tell (sounds, uploads, hosts, voices). */
export interface FlowChecks {
  soundExists: (name: string) => boolean;
  uploadExists: (id: string) => boolean;
  httpAllowList: readonly string[];
  /** Known text-to-speech voices; absent when they could not be listed (voices are then not checked). */
  voices?: ReadonlySet<string>;
}

export interface CheckedFlow {
  report: FlowReport;
  /** The parsed document, when there are no errors. */
  flow?: FlowDocument;
}

/** JSON text starts with "{"; everything else is read as YAML (of which JSON is a subset anyway). */
export function detectFormat(text: string): FlowFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * Checks flow text the way save and publish do: parse (with line numbers), schema, graph, content,
 * then the voices of `say` prompts. `source` names the text in every issue, e.g. "flow 3 draft".
 */
export function checkFlowSource(
  text: string,
  format: FlowFormat,
  source: string,
  checks: FlowChecks | null,
): CheckedFlow {
  if (format === 'json') {
    const notJson = jsonProblem(text, source);
    if (notJson) return { report: { ok: false, errors: [issueView(notJson)], warnings: [] } };
  }
  const ctx: FlowValidationContext = { source };
  if (checks) {
    ctx.soundExists = checks.soundExists;
    ctx.uploadExists = checks.uploadExists;
    ctx.httpAllowList = checks.httpAllowList;
  }
  const result = checkFlowText(text, ctx);
  const errors = [...result.errors];
  if (result.ok && result.flow && checks?.voices)
    errors.push(...withLines(text, source, voiceIssues(result.flow, checks.voices, source)));
  const report: FlowReport = {
    ok: errors.length === 0,
    errors: errors.map(issueView),
    warnings: result.warnings.map(issueView),
  };
  return report.ok && result.flow ? { report, flow: result.flow } : { report };
}

/** A `say` voice the text-to-speech engine does not have would fail on the live call: say so now. */
function voiceIssues(flow: FlowDocument, voices: ReadonlySet<string>, source: string): FlowIssue[] {
  const issues: FlowIssue[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const [field, prompts] of promptListsOf(node)) {
      prompts.forEach((prompt, i) => {
        if (!('say' in prompt) || prompt.voice === undefined) return;
        if (knownVoice(voices, prompt.voice) !== undefined) return;
        issues.push({
          source,
          path: pointer('nodes', id, field, i, 'voice'),
          message: `is "${prompt.voice}", which is not a text-to-speech voice${didYouMean(prompt.voice.toLowerCase(), voices)}`,
          value: prompt.voice,
        });
      });
    }
  }
  return issues;
}

/** Lines for issues found after the core's checks (parsed again only when there are any). */
function withLines(text: string, source: string, issues: FlowIssue[]): FlowIssue[] {
  if (issues.length === 0) return issues;
  const parsed = parseFlowText(text, source);
  if (!parsed.ok) return issues;
  return issues.map((issue) => {
    const line = parsed.lineOf(issue.path);
    return line === undefined ? issue : { ...issue, line };
  });
}

function jsonProblem(text: string, source: string): FlowIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    return { source, path: '', message: `is declared as JSON but is not valid JSON: ${why}` };
  }
}

/** Where the flow services get their checks: built once in ivr-services.ts from the catalogue, prompts and settings. */
export interface FlowCheckSource {
  /** The checks as they stand now (the sound list as last loaded; it is not reloaded). */
  current(): Promise<FlowChecks>;
}
