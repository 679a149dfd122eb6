/**
 * A validator for the part of JSON Schema draft-07 that media/schema/nas.schema.json and
 * nas-results.schema.json use (`format` is an annotation, as draft-07 allows). A keyword
 * it does not know makes it throw, so that the schema cannot silently rely on something unchecked.
 */
type Schema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'defaultSnippets', 'enumDescriptions', 'patternErrorMessage', 'definitions', 'format']);

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '$', errors);
  return errors;
}

function check(root: Schema, schema: Schema, value: unknown, at: string, errors: string[]): void {
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': {
        const name = String(arg).replace('#/definitions/', '');
        const target = (root.definitions as Record<string, Schema>)[name];
        if (!target) throw new Error(`unresolved $ref ${String(arg)}`);
        check(root, target, value, at, errors);
        break;
      }
      case 'type':
        if (!hasType(value, String(arg))) errors.push(`${at}: expected ${String(arg)}`);
        break;
      case 'enum':
        if (!(arg as unknown[]).some((v) => v === value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(String(arg), 'u').test(value)) errors.push(`${at}: does not match pattern`);
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < Number(arg)) errors.push(`${at}: too short`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < Number(arg)) errors.push(`${at}: below minimum`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > Number(arg)) errors.push(`${at}: above maximum`);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < Number(arg)) errors.push(`${at}: too few items`);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > Number(arg)) errors.push(`${at}: too many items`);
        break;
      case 'items':
        if (Array.isArray(value)) {
          value.forEach((item, i) => {
            const itemSchema = Array.isArray(arg) ? (arg[i] as Schema | undefined) : (arg as Schema);
            if (itemSchema) check(root, itemSchema, item, `${at}[${i}]`, errors);
          });
        }
        break;
      case 'properties':
        if (isObject(value)) {
          for (const [key, propertySchema] of Object.entries(arg as Record<string, Schema>)) {
            if (key in value) check(root, propertySchema, value[key], `${at}.${key}`, errors);
          }
        }
        break;
      case 'required':
        if (isObject(value)) for (const key of arg as string[]) if (!(key in value)) errors.push(`${at}: missing ${key}`);
        break;
      case 'additionalProperties':
        if (isObject(value)) {
          const known = Object.keys((schema.properties as object | undefined) ?? {});
          for (const key of Object.keys(value)) {
            if (known.includes(key)) continue;
            if (arg === false) errors.push(`${at}: unknown property ${key}`);
            else check(root, arg as Schema, value[key], `${at}.${key}`, errors);
          }
        }
        break;
      case 'minProperties':
        if (isObject(value) && Object.keys(value).length < Number(arg)) errors.push(`${at}: too few properties`);
        break;
      case 'oneOf': {
        const matching = (arg as Schema[]).filter((branch) => checkBranch(root, branch, value)).length;
        if (matching !== 1) errors.push(`${at}: matches ${matching} of oneOf, not exactly one`);
        break;
      }
      case 'anyOf':
        if (!(arg as Schema[]).some((branch) => checkBranch(root, branch, value))) errors.push(`${at}: matches none of anyOf`);
        break;
      default:
        throw new Error(`the schema uses '${keyword}', which this validator does not implement`);
    }
  }
}

function checkBranch(root: Schema, branch: Schema, value: unknown): boolean {
  const errors: string[] = [];
  check(root, branch, value, '$', errors);
  return errors.length === 0;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
