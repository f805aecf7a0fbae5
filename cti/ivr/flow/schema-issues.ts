import type { ErrorObject } from 'ajv/dist/2020.js';
import { didYouMean, type FlowIssue, pointer, show } from './issues.js';
import { flowSchema } from './schema.js';
import { NODE_TYPES } from './types.js';

/** Turns ajv's errors into sentences an administrator can act on, one per problem. */

/** What a pattern-checked string is, by its pattern in flow.schema.json. */
const PATTERN_MEANS: Record<string, string> = {
  '^[a-z][a-z0-9_-]{0,63}$': 'a node id (lowercase letters, digits, - and _, starting with a letter)',
  '^[a-z][a-z0-9_]{0,63}$': 'a variable name (lowercase letters, digits and _, starting with a letter)',
  '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$': 'a name of letters, digits, - and _',
  '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$': 'a time of day HH:MM from 00:00 to 24:00',
  '^[0-9*#]$': 'a single phone key (0-9, * or #)',
  '^https?://': 'an address starting with http:// or https://',
  '^[A-Za-z0-9-]{1,64}$': 'a header name',
  '^[A-Za-z0-9_-]{1,64}$': 'an upload id (letters, digits, - and _)',
  '^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$': 'a sound name without extension, e.g. "goodbye" or "digits/1"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${variable} is literal text for admins
  '^([0-9*#]|\\$\\{[a-z][a-z0-9_]*\\})+$': 'keys 0-9, * and # or ${variable} references',
  '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$': 'a dotted path into the answer, e.g. customer.tier',
  '^[A-Za-z0-9_-]{1,64}(@[A-Za-z0-9_-]{1,64})?$': 'a mailbox like "100" or "100@default"',
  '^([0-9]{4}-)?[0-9]{2}-[0-9]{2}(\\.\\.([0-9]{4}-)?[0-9]{2}-[0-9]{2})?$':
    'a date YYYY-MM-DD, MM-DD (every year) or a range like 12-24..12-26',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys to values',
  array: 'a list',
  null: 'null',
};

const DEF_WORDS: Record<string, string> = {
  prompt: 'a prompt',
  condition: 'a branch condition',
  openingHours: 'an opening-hours entry',
};

function defNameOf(schema: unknown): string | undefined {
  const defs = flowSchema().$defs;
  return Object.keys(defs).find((name) => defs[name] === schema);
}

function what(pattern: unknown): string {
  return PATTERN_MEANS[String(pattern)] ?? `text matching ${String(pattern)}`;
}

function fieldsOf(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function scalar(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : undefined;
}

function describe(e: ErrorObject): { path?: string; message: string } | null {
  const p = e.params as Record<string, unknown>;
  const got = `, got ${show(e.data)}`;
  switch (e.keyword) {
    case 'required':
      if (p.missingProperty === 'type' && e.instancePath.startsWith('/nodes/')) {
        return { message: `is missing "type": one of ${NODE_TYPES.join(', ')}` };
      }
      return { message: `is missing "${String(p.missingProperty)}"` };
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const def = defNameOf(e.parentSchema);
      const owner =
        def === undefined
          ? 'a flow'
          : (DEF_WORDS[def] ?? (NODE_TYPES.includes(def as never) ? `a ${def} node` : 'this entry'));
      return {
        path: e.instancePath + pointer(field),
        message: `is not a field of ${owner}${didYouMean(field, fieldsOf(e.parentSchema))}`,
      };
    }
    case 'type': {
      const types = Array.isArray(p.type) ? p.type : [p.type];
      return {
        message: `must be ${types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ')}${got}`,
      };
    }
    case 'enum':
      return { message: `must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}${got}` };
    case 'const':
      return { message: `must be ${show(p.allowedValue)}${got}` };
    case 'pattern':
      return { message: `must be ${what(p.pattern)}${got}` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { message: `must be at least ${String(p.limit)}${got}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { message: `must be at most ${String(p.limit)}${got}` };
    case 'minLength':
      return {
        message: p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`,
      };
    case 'maxLength':
      return { message: `must be at most ${String(p.limit)} characters long` };
    case 'minItems':
      return { message: `must list at least ${String(p.limit)} ${p.limit === 1 ? 'entry' : 'entries'}` };
    case 'maxItems':
      return { message: `must list at most ${String(p.limit)} entries` };
    case 'minProperties':
      return { message: `must have at least ${String(p.limit)} ${p.limit === 1 ? 'entry' : 'entries'}` };
    case 'uniqueItems':
      return { message: `lists ${show((e.data as unknown[])[Number(p.j)])} twice` };
    case 'dependentRequired':
      return { message: `has "${String(p.property)}" without "${String(p.missingProperty)}"` };
    case 'oneOf': {
      const def = defNameOf(e.parentSchema);
      if (def === 'prompt')
        return { message: 'must have exactly one of "sound", "upload", "say" or "digits"' };
      if (def === 'condition') {
        return {
          message: 'must have exactly one test: equals, notEquals, startsWith, matches, in or isEmpty',
        };
      }
      return { message: 'does not match any allowed form' };
    }
    case 'discriminator': {
      if (p.error === 'mapping') {
        const tag = String(p.tagValue);
        return {
          path: `${e.instancePath}/type`,
          message: `is ${show(p.tagValue)}, not a node type; use one of ${NODE_TYPES.join(', ')}${didYouMean(tag, NODE_TYPES)}`,
        };
      }
      const data = e.data as Record<string, unknown> | undefined;
      if (data === undefined || !Object.hasOwn(data, 'type')) return null; // "required" already says it
      return {
        path: `${e.instancePath}/type`,
        message: `must be one of ${NODE_TYPES.join(', ')}, got ${show(data.type)}`,
      };
    }
    default:
      return { message: e.message ?? `fails the ${e.keyword} rule` };
  }
}

/** The rule a property name broke, reported by ajv just before its propertyNames error. */
function keyRuleFor(errors: ErrorObject[], names: ErrorObject): ErrorObject | undefined {
  return errors.find(
    (e) =>
      e !== names &&
      e.keyword !== 'propertyNames' &&
      e.instancePath === names.instancePath &&
      e.data === names.params.propertyName,
  );
}

export function readableSchemaIssues(errors: ErrorObject[], source: string): FlowIssue[] {
  const failedOneOf = errors.filter((e) => e.keyword === 'oneOf');
  const keyRules = new Map<ErrorObject, ErrorObject | undefined>(
    errors.filter((e) => e.keyword === 'propertyNames').map((e) => [e, keyRuleFor(errors, e)]),
  );
  const isKeyRule = new Set([...keyRules.values()]);
  const issues: FlowIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (isKeyRule.has(e)) continue;
    if (
      failedOneOf.some(
        (o) => o.instancePath === e.instancePath && e.schemaPath.startsWith(`${o.schemaPath}/`),
      )
    ) {
      continue;
    }
    let found: { path?: string; message: string } | null;
    let value: unknown;
    if (e.keyword === 'propertyNames') {
      const key = String(e.params.propertyName);
      const rule = keyRules.get(e);
      const message =
        rule?.keyword === 'pattern' ? `is not ${what(rule.params.pattern)}` : 'is not an allowed key';
      found = { path: e.instancePath + pointer(key), message };
      value = key;
    } else {
      found = describe(e);
      value = scalar(e.data);
    }
    if (!found) continue;
    const path = found.path ?? e.instancePath;
    const id = `${path}\n${found.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(
      value === undefined
        ? { source, path, message: found.message }
        : { source, path, message: found.message, value },
    );
  }
  return issues;
}
