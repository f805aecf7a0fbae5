import { type FlowIssue, formatIssue } from '../flow/issues.js';

/** One problem in a flow as the API shows it: where (JSON pointer, line), what, and one readable line. */
export interface IssueView {
  path: string;
  message: string;
  line?: number;
  value?: unknown;
  /** e.g. `flow 3 draft: line 12: nodes.menu1.options["9"] points to unknown node "sales2"`. */
  text: string;
}

export function issueView(issue: FlowIssue): IssueView {
  const view: IssueView = { path: issue.path, message: issue.message, text: formatIssue(issue) };
  if (issue.line !== undefined) view.line = issue.line;
  if (issue.value !== undefined) view.value = issue.value;
  return view;
}

/** The outcome of checking a flow text: errors stop saving and publishing, warnings do not. */
export interface FlowReport {
  ok: boolean;
  errors: IssueView[];
  warnings: IssueView[];
}
