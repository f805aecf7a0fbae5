/** ${name} references in flow text, shared by the validator and the interpreter so both agree. */

const REFERENCE = /\$\{([a-z][a-z0-9_]*)\}/g;
const ANY_OPENING = /\$\{/g;

/** Names referenced as ${name}, and every "${" that does not start a well-formed reference. */
export function findReferences(text: string): { names: string[]; malformed: string[] } {
  const names = [...text.matchAll(REFERENCE)].map((m) => m[1] ?? '');
  const wellFormedAt = new Set([...text.matchAll(REFERENCE)].map((m) => m.index));
  const malformed = [...text.matchAll(ANY_OPENING)]
    .filter((m) => !wellFormedAt.has(m.index))
    .map((m) => text.slice(m.index, m.index + 20));
  return { names, malformed };
}

/** Fill in ${name}; unset variables become ''. `encode` escapes each value (URLs, headers). */
export function interpolate(
  text: string,
  variables: Record<string, string>,
  encode: (value: string) => string = (v) => v,
): string {
  return text.replace(REFERENCE, (_, name: string) => encode(variables[name] ?? ''));
}

/** Interpolate every string inside a JSON value (an http body). */
export function interpolateJson(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, variables);
  if (Array.isArray(value)) return value.map((v) => interpolateJson(v, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateJson(v, variables)]));
  }
  return value;
}

/** Every string inside a JSON value, for reference checks. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Variables hold text: numbers and booleans from YAML become their text form. */
export function asVariableText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Follow a dotted path ("customer.tier", "items.0.id") into a JSON value. */
export function readDottedPath(value: unknown, path: string): unknown {
  let here: unknown = value;
  for (const key of path.split('.')) {
    if (here === null || typeof here !== 'object') return undefined;
    if (!Object.hasOwn(here, key)) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** Collect patterns and branch `matches` test the whole value; validator and interpreter share this. */
export function wholeValueRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}
