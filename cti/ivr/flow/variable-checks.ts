import type { Findings } from './check-context.js';
import { promptListsOf } from './content-checks.js';
import { didYouMean, pointer } from './issues.js';
import { BUILT_IN_VARIABLES, type FlowDocument } from './types.js';
import { findReferences, stringsIn } from './variables.js';

/**
 * Every ${name} a flow reads must be set somewhere: a default under `variables`, a collect, a set,
 * an http result or a built-in. Order is not checked (a branch may read a variable that only some
 * paths set; unset reads give ''), but a name nothing ever sets is a typo.
 */
export function checkVariables(flow: FlowDocument, findings: Findings): void {
  const builtIns = new Set<string>(BUILT_IN_VARIABLES);
  const set = new Set<string>(BUILT_IN_VARIABLES);
  const assign = (path: string, name: string) => {
    if (builtIns.has(name))
      findings.error(path, `sets built-in variable "${name}", which is read-only`, name);
    set.add(name);
  };
  for (const name of Object.keys(flow.variables ?? {})) assign(pointer('variables', name), name);
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type === 'collect') assign(pointer('nodes', id, 'variable'), node.variable);
    if (node.type === 'set')
      for (const name of Object.keys(node.variables)) assign(pointer('nodes', id, 'variables', name), name);
    if (node.type === 'http')
      for (const name of Object.keys(node.results ?? {})) assign(pointer('nodes', id, 'results', name), name);
  }

  const read = (path: string, text: string) => {
    const { names, malformed } = findReferences(text);
    for (const bad of malformed) {
      findings.error(path, `has "${bad}", which is not a variable reference like \${customer_id}`, text);
    }
    for (const name of new Set(names)) {
      if (!set.has(name))
        findings.error(path, `uses \${${name}}, which is never set${didYouMean(name, set)}`, text);
    }
  };
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = (...rest: (string | number)[]) => pointer('nodes', id, ...rest);
    for (const [field, prompts] of promptListsOf(node)) {
      prompts.forEach((p, i) => {
        if ('say' in p) read(at(field, i, 'say'), p.say);
        if ('digits' in p) read(at(field, i, 'digits'), p.digits);
      });
    }
    switch (node.type) {
      case 'branch':
        node.conditions.forEach((c, i) => {
          if (!set.has(c.variable)) {
            findings.error(
              at('conditions', i, 'variable'),
              `tests "${c.variable}", which is never set${didYouMean(c.variable, set)}`,
              c.variable,
            );
          }
        });
        break;
      case 'set':
        for (const [name, value] of Object.entries(node.variables)) {
          if (typeof value === 'string') read(at('variables', name), value);
        }
        break;
      case 'http':
        read(at('url'), node.url);
        for (const [name, value] of Object.entries(node.headers ?? {})) read(at('headers', name), value);
        for (const text of stringsIn(node.body)) read(at('body'), text);
        break;
      case 'transfer':
        read(at('to'), node.to);
        break;
      default:
        break;
    }
  }
}
