/**
 * Validation of a report against its published JSON Schema (reports/report.schema.json), for
 * tests on real output and for consumers re-reading a saved report.
 */
import schema from '../../reports/report.schema.json' with { type: 'json' };
import { schemaValidator } from './schema-validator.js';

/** The JSON Schema of the report, as published in reports/. */
export const reportSchema = schema;

/**
 * Validates a parsed report against the schema. Returns one message per problem
 * ("<JSON pointer> <message>"), empty when the report is valid.
 */
export const validateReport: (json: unknown) => string[] = schemaValidator(schema);
