/**
 * Validation of a portfolio index (index.json) against its published JSON Schema
 * (reports/index.schema.json), for tests on real output and for consumers re-reading an index.
 * The index schema takes PlanSummary, Severity and FailOn from its sibling report.schema.json by
 * reference (one definition, no drift), so both are loaded.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../../reports/index.schema.json' with { type: 'json' };
import reportSchema from '../../reports/report.schema.json' with { type: 'json' };

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose
// `default` property is the plugin (in Node and in Vitest alike).
const addFormats = addFormatsModule.default;

/** The JSON Schema of the portfolio index, as published in reports/. */
export const portfolioSchema = schema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process: the schema is fixed, so the cache cannot leak state between runs.
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    // The key is the relative reference the index schema uses ("report.schema.json#/$defs/...").
    ajv.addSchema(reportSchema, 'report.schema.json');
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
 * Validates a parsed portfolio index against the schema. Returns one message per problem
 * ("<JSON pointer> <message>"), empty when the index is valid.
 */
export function validatePortfolioIndex(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}
