import fc from 'fast-check';

/**
 * fast-check arbitraries for the values an OpenAPI 3.0 schema describes: types, enums, `nullable`,
 * formats (uuid, date, date-time, email), string and array lengths, number bounds, required and optional
 * properties, `$ref`, `allOf` and `oneOf`/`anyOf`. Small on purpose: enough to build requests that fit
 * an operation, not a full JSON Schema implementation.
 */

export type Schema = Record<string, unknown>;

interface Components {
  schemas?: Record<string, Schema>;
}

const DAY_MS = 86_400_000;
/** Days from 2000-01-01 to 2099-12-31: any date the register could hold. */
const dates = fc
  .integer({ min: 0, max: 36_524 })
  .map((n) => new Date(Date.UTC(2000, 0, 1) + n * DAY_MS).toISOString());

export class SchemaArbitraries {
  constructor(private readonly components: Components = {}) {}

  resolve(schema: Schema): Schema {
    const ref = schema.$ref as string | undefined;
    if (!ref) return schema;
    const name = ref.replace('#/components/schemas/', '');
    const target = this.components.schemas?.[name];
    if (!target) throw new Error(`unresolved ${ref}`);
    return this.resolve(target);
  }

  /** Values that fit `schema`; `depth` stops recursive schemas. */
  of(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const value = this.plain(schema, depth);
    return schema.nullable === true ? fc.option(value, { nil: null, freq: 8 }) : value;
  }

  private plain(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.allOf)) {
      const merged = (schema.allOf as Schema[]).map((s) => this.resolve(s));
      if (merged.length === 1) return this.of({ ...merged[0], nullable: schema.nullable });
      return this.object(mergeObjects(merged), depth);
    }
    const choices = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (Array.isArray(choices)) return fc.oneof(...choices.map((s) => this.of(s, depth + 1)));
    switch (schema.type) {
      case 'string':
        return this.string(schema);
      case 'integer':
        return fc.integer({
          min: Math.max(Number(schema.minimum ?? -1000), -2_147_483_648),
          max: Math.min(Number(schema.maximum ?? 1000), 2_147_483_647),
        });
      case 'number':
        return fc.double({
          min: Number(schema.minimum ?? -1000),
          max: Number(schema.maximum ?? 1000),
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const minLength = Number(schema.minItems ?? 0);
        const maxLength = Math.min(Number(schema.maxItems ?? minLength + 3), minLength + 3);
        if (depth > 4) return fc.constant([]);
        const items = this.of((schema.items as Schema) ?? {}, depth + 1);
        return schema.uniqueItems
          ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
          : fc.array(items, { minLength, maxLength });
      }
      case 'object':
        return this.object(schema, depth);
      default:
        return schema.properties ? this.object(schema, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const minLength = Number(schema.minLength ?? 0);
    const maxLength = Math.min(Number(schema.maxLength ?? 40), Math.max(minLength, 40));
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'date':
        return dates.map((iso) => iso.slice(0, 10));
      case 'date-time':
        return dates;
      case 'email':
        return fc.emailAddress().filter((e) => e.length <= maxLength && e.length >= minLength);
      case 'binary':
        return fc.string({ maxLength: 20 });
      default:
        if (typeof schema.pattern === 'string') {
          return fc
            .stringMatching(new RegExp(schema.pattern))
            .filter((s) => s.length >= minLength && s.length <= maxLength);
        }
        return fc.string({ minLength, maxLength, unit: 'grapheme' });
    }
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const model = Object.fromEntries(
      Object.entries(properties)
        .filter(([, s]) => !this.resolve(s).readOnly)
        .map(([name, s]) => [name, this.of(s, depth + 1)]),
    );
    return fc.record(model, { requiredKeys: required.filter((name) => name in model) });
  }
}

function mergeObjects(schemas: Schema[]): Schema {
  return {
    type: 'object',
    properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
    required: schemas.flatMap((s) => (s.required as string[]) ?? []),
  };
}
