/**
 * Validation of a report against its published JSON Schema (reports/report.schema.json), for
 * tests on real output and for consumers re-reading a saved report.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../../reports/report.schema.json' with { type: 'json' };

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose
// `default` property is the plugin (in Node and in Vitest alike).
const addFormats = addFormatsModule.default;

/** The JSON Schema of the report, as published in reports/. */
export const reportSchema = schema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process: the schema is fixed, so the cache cannot leak state between scans.
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
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

/**
 * Validates a parsed report against the schema. Returns one message per problem
 * ("<JSON pointer> <message>"), empty when the report is valid.
 */
export function validateReport(json: unknown): string[] {
  const validate = validator();
  if (validate(json)) return [];
  return (validate.errors ?? []).map(describe);
}
