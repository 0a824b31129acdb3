/**
 * Validation of a report against its published JSON Schema (reports/report.schema.json), for
 * tests on real output and for consumers re-reading a saved report.
 */
import schema from '../../reports/report.schema.json' with { type: 'json' };
import { schemaValidator } from './schema-validator.js';
import { upgradeReport } from './upgrade.js';

/** The JSON Schema of the report, as published in reports/. */
export const reportSchema = schema;

const validateUpgraded: (json: unknown) => string[] = schemaValidator(schema);

/**
 * Validates a parsed report against the schema. Returns one message per problem
 * ("<JSON pointer> <message>"), empty when the report is valid. A report of an older 1.x schema
 * is checked as it reads after its upgrade (src/model/upgrade.ts), which is how every reader
 * takes it.
 */
export function validateReport(json: unknown): string[] {
  return validateUpgraded(upgradeReport(json));
}
