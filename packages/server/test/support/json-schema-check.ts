/**
 * Test support: the subset of JSON Schema (OpenAPI 3) the Checkout `CartRequestV2` and GPD's
 * `PaymentPositionModel` use — $ref, type, required, properties, items, min/maxItems, min/maxLength,
 * minimum, enum, pattern, format uri/email/date-time, readOnly — to check request bodies against the
 * official checkout_v2.json and gpd.json without a full validator.
 */

type Schema = Record<string, unknown>;

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
  return resolve(node as Schema, root);
}

/** Problems of `value` against `schema` (empty when valid), with JSON paths. */
export function checkJsonSchema(schemaIn: Schema, value: unknown, root: Schema, path = '$'): string[] {
  const schema = resolve(schemaIn, root);
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
  } else if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return [`${path}: not an integer`];
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: below minimum`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: not a boolean`);
  }
  return problems;
}
