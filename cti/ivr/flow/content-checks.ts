import { ask, type Findings, type FlowValidationContext } from './check-context.js';
import { checkDialTarget } from './dial-safety.js';
import { hostAllowed, hostOfFlowUrl } from './http-allow-list.js';
import { pointer } from './issues.js';
import { checkTimeNode } from './time-checks.js';
import type { FlowDocument, FlowNode, HttpNode, Prompt } from './types.js';
import { wholeValueRegex } from './variables.js';

/** Checks on what the nodes say: sounds and uploads exist, queues exist, hosts are allowed, patterns compile. */
export function checkContent(flow: FlowDocument, ctx: FlowValidationContext, findings: Findings): void {
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = (...rest: (string | number)[]) => pointer('nodes', id, ...rest);
    for (const [field, prompts] of promptListsOf(node)) {
      for (const [i, prompt] of prompts.entries()) checkPrompt(prompt, at(field, i), ctx, findings);
    }
    switch (node.type) {
      case 'collect':
        if ((node.minDigits ?? 1) > node.maxDigits) {
          findings.error(
            at('minDigits'),
            `is ${node.minDigits}, more than maxDigits ${node.maxDigits}`,
            node.minDigits,
          );
        }
        if (node.pattern !== undefined) checkRegex(node.pattern, at('pattern'), findings);
        break;
      case 'branch':
        node.conditions.forEach((c, i) => {
          if (c.matches !== undefined) checkRegex(c.matches, at('conditions', i, 'matches'), findings);
        });
        break;
      case 'time':
        checkTimeNode(id, node, findings);
        break;
      case 'http':
        checkHttp(node, at, ctx, findings);
        break;
      case 'queue':
        if (!ask(findings, at('queue'), 'queue', ctx.queueExists, node.queue)) {
          findings.error(at('queue'), `names queue "${node.queue}", which does not exist`, node.queue);
        }
        break;
      case 'transfer':
        checkTransferTarget(node.to, at('to'), findings);
        break;
      default:
        break;
    }
  }
}

export function promptListsOf(node: FlowNode): [string, Prompt[]][] {
  const lists: [string, Prompt[]][] = [];
  for (const field of ['prompts', 'timeoutPrompts', 'invalidPrompts'] as const) {
    const value = (node as Partial<Record<typeof field, Prompt[]>>)[field];
    if (Array.isArray(value)) lists.push([field, value]);
  }
  return lists;
}

function checkPrompt(prompt: Prompt, path: string, ctx: FlowValidationContext, findings: Findings): void {
  if ('sound' in prompt && !ask(findings, path, 'sound', ctx.soundExists, prompt.sound)) {
    findings.error(`${path}/sound`, `is "${prompt.sound}", which is not an installed sound`, prompt.sound);
  }
  if ('upload' in prompt && !ask(findings, path, 'upload', ctx.uploadExists, prompt.upload)) {
    findings.error(`${path}/upload`, `is "${prompt.upload}", which is not an uploaded prompt`, prompt.upload);
  }
}

/** A number written out is checked now; one built from variables is checked again when the call dials. */
function checkTransferTarget(to: string, path: string, findings: Findings): void {
  if (!to.includes('${')) {
    const check = checkDialTarget(to);
    if (!check.ok) findings.error(path, check.reason, to);
    return;
  }
  const bad = [...to.replace(/\$\{[a-z][a-z0-9_]*\}/g, '')].find((ch) => !/[0-9*#+]/.test(ch));
  if (bad !== undefined) {
    findings.error(
      path,
      `contains ${JSON.stringify(bad)}; only digits, a leading +, * and # can be dialled`,
      to,
    );
  }
}

function checkRegex(pattern: string, path: string, findings: Findings): void {
  try {
    wholeValueRegex(pattern);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const why = /: ([^:]+)$/.exec(message)?.[1] ?? message;
    findings.error(path, `is not a valid regular expression: ${why}`, pattern);
  }
}

function checkHttp(
  node: HttpNode,
  at: (...rest: (string | number)[]) => string,
  ctx: FlowValidationContext,
  findings: Findings,
): void {
  const host = hostOfFlowUrl(node.url);
  if (!host.ok) {
    findings.error(at('url'), host.reason.replace(/^url "[^"]*" /, ''), node.url);
  } else if (ctx.httpAllowList && !hostAllowed(host.host, ctx.httpAllowList)) {
    const allowed =
      ctx.httpAllowList.length === 0 ? 'none are allowed' : `allowed: ${ctx.httpAllowList.join(', ')}`;
    findings.error(
      at('url'),
      `calls host "${host.host}", which is not on the http allow-list (${allowed})`,
      node.url,
    );
  }
  if ((node.method ?? 'GET') === 'GET' && node.body !== undefined) {
    findings.error(at('body'), 'is set on a GET request; use method POST or PUT to send a body');
  }
  for (const [name, value] of Object.entries(node.headers ?? {})) {
    if (/[\r\n]/.test(value)) findings.error(at('headers', name), 'contains a line break', value);
  }
}
