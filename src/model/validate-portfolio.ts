/**
 * Validation of a portfolio index (index.json) against its published JSON Schema
 * (reports/index.schema.json), for tests on real output and for consumers re-reading an index.
 * The index schema takes PlanSummary, Severity and FailOn from its sibling report.schema.json by
 * reference (one definition, no drift), so both are loaded.
 */
import schema from '../../reports/index.schema.json' with { type: 'json' };
import reportSchema from '../../reports/report.schema.json' with { type: 'json' };
import { schemaValidator } from './schema-validator.js';

/** The JSON Schema of the portfolio index, as published in reports/. */
export const portfolioSchema = schema;

/**
 * Validates a parsed portfolio index against the schema. Returns one message per problem
 * ("<JSON pointer> <message>"), empty when the index is valid.
 */
// The key is the relative reference the index schema uses ("report.schema.json#/$defs/...").
export const validatePortfolioIndex: (value: unknown) => string[] = schemaValidator(schema, { 'report.schema.json': reportSchema });
