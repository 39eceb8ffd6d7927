/**
 * Test support: the subset of JSON Schema (OpenAPI 3, swagger 2.0) the Checkout `CartRequestV2`,
 * GPD's `PaymentPositionModel` and IO's `NewMessage` use — $ref, allOf, type, required, properties,
 * items, min/maxItems, min/maxLength, minimum/maximum, enum, pattern, format uri/email/date-time and
 * named formats (`addFormat`), readOnly — to check request bodies against the official files without
 * a full validator.
 */

type Schema = Record<string, unknown>;

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
  return resolve(node as Schema, root);
}

/**
 * `allOf` (swagger 2.0 composes objects with it) as one object schema: the union of the parts'
 * properties and required lists.
 */
function mergeAllOf(schema: Schema, root: Schema): Schema {
  const parts = schema.allOf;
  if (!Array.isArray(parts)) return schema;
  const merged: Schema = { type: 'object', properties: {}, required: [] };
  for (const part of parts as Schema[]) {
    const p = mergeAllOf(resolve(part, root), root);
    Object.assign(merged.properties as Schema, p.properties ?? {});
    (merged.required as string[]).push(...((p.required as string[] | undefined) ?? []));
  }
  return merged;
}

/**
 * Formats a document names beyond JSON Schema's (IO's spec takes them from `@pagopa/ts-commons`):
 * name → the check. Add with `addFormat`.
 */
const extraFormats = new Map<string, (s: string) => boolean>();

/** Teaches the checker a named string format. */
export function addFormat(name: string, check: (s: string) => boolean): void {
  extraFormats.set(name, check);
}

/** Problems of `value` against `schema` (empty when valid), with JSON paths. */
export function checkJsonSchema(schemaIn: Schema, value: unknown, root: Schema, path = '$'): string[] {
  const schema = mergeAllOf(resolve(schemaIn, root), root);
  const problems: string[] = [];
  const type = schema.type;
  if (type === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in obj)) problems.push(`${path}.${key}: required`);
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, v] of Object.entries(obj)) {
      const prop = props[key];
      if (!prop) problems.push(`${path}.${key}: not in the schema`);
      else if (resolve(prop, root).readOnly === true) problems.push(`${path}.${key}: read-only`);
      else problems.push(...checkJsonSchema(prop, v, root, `${path}.${key}`));
    }
  } else if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      problems.push(`${path}: too few`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      problems.push(`${path}: too many`);
    value.forEach((v, i) =>
      problems.push(...checkJsonSchema(schema.items as Schema, v, root, `${path}[${i}]`)),
    );
  } else if (type === 'string') {
    if (typeof value !== 'string') return [`${path}: not a string`];
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      problems.push(`${path}: too short`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      problems.push(`${path}: too long`);
    if (schema.format === 'uri' && !URL.canParse(value)) problems.push(`${path}: not a URI`);
    if (
      schema.format === 'date-time' &&
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    )
      problems.push(`${path}: not a date-time`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      problems.push(`${path}: does not match ${schema.pattern}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(value))
      problems.push(`${path}: not one of the enum`);
    if (schema.format === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value))
      problems.push(`${path}: not an e-mail`);
    const extra = typeof schema.format === 'string' ? extraFormats.get(schema.format) : undefined;
    if (extra && !extra(value)) problems.push(`${path}: not a ${String(schema.format)}`);
  } else if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return [`${path}: not an integer`];
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path}: above maximum`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: not a boolean`);
  }
  return problems;
}
