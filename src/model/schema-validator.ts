/**
 * Validators for the published JSON Schemas (reports/*.schema.json): compiled on first use and
 * then kept (the schemas are fixed, so the cache holds no scan state), reporting one line per
 * problem as "<JSON pointer> <message>".
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose
// `default` property is the plugin (in Node and in Vitest alike).
const addFormats = addFormatsModule.default;

/**
 * A validation function for `schema`. `references` are further schemas it points to, keyed by the
 * relative URI it uses for them (e.g. "report.schema.json").
 */
export function schemaValidator(schema: object, references: Readonly<Record<string, object>> = {}): (value: unknown) => string[] {
  let compiled: ValidateFunction | undefined;
  return (value) => {
    if (!compiled) {
      // discriminator: a tagged oneOf (PhaseEvidence by status, ConsentActionRecord by method) is
      // checked against the branch its tag names only, so errors name that branch's problems.
      const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true });
      addFormats(ajv);
      for (const [key, referenced] of Object.entries(references)) ajv.addSchema(referenced, key);
      compiled = ajv.compile(schema);
    }
    if (compiled(value)) return [];
    return (compiled.errors ?? []).map(describe);
  };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: ${String(params.additionalProperty)}`;
  else if (error.keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`;
  else if (error.keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}
