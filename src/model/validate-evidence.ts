/**
 * Validation of an evidence file against its published JSON Schema (reports/evidence.schema.json),
 * which takes its shared definitions from report.schema.json.
 */
import schema from '../../reports/evidence.schema.json' with { type: 'json' };
import reportSchema from '../../reports/report.schema.json' with { type: 'json' };
import { schemaValidator } from './schema-validator.js';

/** The JSON Schema of the evidence file, as published in reports/. */
export const evidenceSchema = schema;

/** Validates a parsed evidence file. Returns one message per problem, empty when it is valid. */
export const validateEvidence: (json: unknown) => string[] = schemaValidator(schema, { 'report.schema.json': reportSchema });
