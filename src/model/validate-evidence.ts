/**
 * Validation of an evidence file against its published JSON Schema (reports/evidence.schema.json),
 * which takes its shared definitions from report.schema.json.
 */
import schema from '../../reports/evidence.schema.json' with { type: 'json' };
import reportSchema from '../../reports/report.schema.json' with { type: 'json' };
import { schemaValidator } from './schema-validator.js';
import { upgradeEvidenceFile } from './upgrade.js';

/** The JSON Schema of the evidence file, as published in reports/. */
export const evidenceSchema = schema;

const validateUpgraded: (json: unknown) => string[] = schemaValidator(schema, { 'report.schema.json': reportSchema });

/**
 * Validates a parsed evidence file. Returns one message per problem, empty when it is valid. A
 * file of format 1.0 is checked as it reads after its upgrade (src/model/upgrade.ts).
 */
export function validateEvidence(json: unknown): string[] {
  return validateUpgraded(upgradeEvidenceFile(json));
}
