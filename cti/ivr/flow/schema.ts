import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The published flow schema (ivr-flows/schema/flow.schema.json), read from the tree so that the
 * file admins and editors see is the one we validate with. Found by walking up from this module,
 * which works from the sources and from dist/ alike.
 */

const SCHEMA_PATH = join('ivr-flows', 'schema', 'flow.schema.json');

function findSchemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, SCHEMA_PATH);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`cannot find ${SCHEMA_PATH} above ${dirname(fileURLToPath(import.meta.url))}`);
    dir = up;
  }
}

export type JsonSchema = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> };

let loaded: { schema: JsonSchema; validate: ValidateFunction } | undefined;

function load(): { schema: JsonSchema; validate: ValidateFunction } {
  if (!loaded) {
    const schema = JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as JsonSchema;
    const ajv = new Ajv2020({ allErrors: true, discriminator: true, verbose: true, allowUnionTypes: true });
    loaded = { schema, validate: ajv.compile(schema) };
  }
  return loaded;
}

/** The flow document schema, e.g. for the OpenAPI document of the admin routes. */
export function flowSchema(): JsonSchema {
  return load().schema;
}

/** Raw ajv errors for `doc`; [] when it conforms. */
export function schemaErrors(doc: unknown): ErrorObject[] {
  const { validate } = load();
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
