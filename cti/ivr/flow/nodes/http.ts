import type { FlowCall, NodeResult } from '../flow-call.js';
import { hostAllowed, hostOfFlowUrl } from '../http-allow-list.js';
import type { HttpNode } from '../types.js';
import { asVariableText, interpolate, interpolateJson, readDottedPath } from '../variables.js';

/**
 * A lookup in a CRM or other web service. Variables in the URL are URL-encoded, so caller input
 * can change the query but never the host. Timeouts, errors and non-2xx answers go to onError.
 */
export class HttpHandler {
  constructor(
    readonly id: string,
    readonly node: HttpNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const step = call.begin(this.id, 'http');
    const method = node.method ?? 'GET';
    const url = interpolate(node.url, call.variables, encodeURIComponent);
    step.note = `${method} ${url}`;
    const host = hostOfFlowUrl(url);
    if (!host.ok || (call.httpAllowList && !hostAllowed(host.host, call.httpAllowList))) {
      step.outcome = 'error: host not allowed';
      return call.goTo(step, node.onError, 'onError');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(node.headers ?? {})) {
      headers[name] = interpolate(value, call.variables).replace(/[\r\n]+/g, ' ');
    }
    const request: Parameters<typeof call.port.httpRequest>[0] = {
      method,
      url,
      headers,
      timeoutMs: Math.round((node.timeoutSeconds ?? 3) * 1000),
    };
    if (node.body !== undefined) {
      request.body = interpolateJson(node.body, call.variables);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const answer = await call.port.httpRequest(request);
    if ('error' in answer) {
      step.outcome = `error: ${answer.error}`;
      return call.goTo(step, node.onError, 'onError');
    }
    step.outcome = `http ${answer.status}`;
    if (answer.status < 200 || answer.status > 299) return call.goTo(step, node.onError, 'onError');
    const assigned: Record<string, string> = {};
    for (const [name, path] of Object.entries(node.results ?? {})) {
      assigned[name] = asVariableText(readDottedPath(answer.body, path));
    }
    Object.assign(call.variables, assigned);
    if (Object.keys(assigned).length > 0) step.assigned = assigned;
    return call.goTo(step, node.next, 'next');
  }
}
