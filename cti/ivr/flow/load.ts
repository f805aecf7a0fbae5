import type { FlowValidationContext } from './check-context.js';
import { parseFlowText } from './parse.js';
import { type FlowValidation, validateFlow } from './validate.js';

/** YAML/JSON text → checked flow, with line numbers on every issue: what save and publish call. */
export function checkFlowText(text: string, ctx: FlowValidationContext): FlowValidation {
  const parsed = parseFlowText(text, ctx.source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: [] };
  return validateFlow(parsed.doc, { ...ctx, lineOf: parsed.lineOf });
}
