/**
 * The JSON Schema of the config file, put together from its parts: the `scan` and `sites` blocks
 * from the option table (scan-options.ts), the `rules` block from the rule modules (rulesSchema()
 * below), and the rest (top level, allowlist, shared definitions) from config.schema.json. That
 * file is also the published schema for editors; its `scan`, `sites` and `rules` blocks are
 * generated (`npm run docs:options`), and a test checks the file equals configSchema.
 */
import published from './config.schema.json' with { type: 'json' };
import { camelCase, flagName, SCAN_OPTIONS, scanOption, type ScanOptionSpec } from './scan-options.js';
import { SITE_OPTION_KEYS } from './consent-steps.js';
import { rulesConfigSchema } from '../judge/rule-engine/config-schema.js';

type JsonSchema = Record<string, unknown>;

/** "one string (`one`), or an array of `items`": how the config writes lists. */
const stringOrArray = (items: JsonSchema, one: JsonSchema = { type: 'string' }): JsonSchema => ({ if: { type: 'string' }, then: one, else: { type: 'array', items } });

/** The schema of one option's value in the config file. */
function optionValueSchema(option: ScanOptionSpec): JsonSchema {
  if (option.commaList) return stringOrArray(option.choices ? { enum: [...option.choices] } : { type: 'string' });
  if (option.type === 'array') {
    const item = { type: 'string', ...(option.nonEmpty ? { minLength: 1 } : {}) };
    return stringOrArray(item, item);
  }
  if (option.type === 'boolean') return { type: 'boolean' };
  if (option.type === 'number') return { type: 'integer', ...(option.range ? { minimum: option.range[0], maximum: option.range[1] } : {}) };
  if (option.choices) return { enum: [...option.choices] };
  return { type: 'string', ...(option.nonEmpty ? { minLength: 1 } : {}) };
}

/** The editor's description of an option: its flag, its help text, and the list shapes the file takes. */
function optionDescription(option: ScanOptionSpec): string {
  const shape = option.commaList
    ? ' A comma-separated string or an array of strings.'
    : option.type === 'array'
      ? ' One as a string, several as an array.'
      : '';
  return `${flagName(camelCase(option.flag))}: ${option.describe}.${shape}`;
}

/** The `scan` block: every option the table allows in the config file. */
export function scanSchema(): JsonSchema {
  const properties = Object.fromEntries(
    SCAN_OPTIONS.filter((option: ScanOptionSpec) => option.inConfig !== false).map((option) => [
      camelCase(option.flag),
      { description: optionDescription(option), ...optionValueSchema(option) },
    ]),
  );
  return {
    description:
      'Command-line options of `gdpr-scan scan` (and `demo`), camelCase. An option typed on the command line wins over the value here, which wins over the built-in default. Relative paths are relative to this file.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The `sites` block: per site URL or host name, the scan options a site may set for itself (SITE_OPTION_KEYS). */
export function sitesSchema(): JsonSchema {
  const properties = Object.fromEntries(
    SITE_OPTION_KEYS.map((key) => {
      const option = scanOption(key);
      return [key, { description: `${optionDescription(option)} For this site only; an empty list: none.`, ...optionValueSchema(option) }];
    }),
  );
  return {
    description:
      "Settings per site, by site URL (\"https://www.shop.example/\": that site) or host name (\"www.shop.example\": every site on that host). They replace the command line's and the `scan` block's for that site, each setting on its own; a site's URL entry wins over its host's, and a JSON line of --sites-file wins over both.",
    type: 'object',
    propertyNames: { minLength: 1 },
    additionalProperties: { type: 'object', additionalProperties: false, properties },
  };
}

/** The `rules` block: derived from the rule modules (an entry per rule id, with its own options). */
export function rulesSchema() {
  return rulesConfigSchema();
}

/**
 * The config file's JSON Schema (2020-12), as the loader validates with and as published (for
 * editors: `"$schema": "./node_modules/gdpr-scan/dist/src/plan/config.schema.json"`).
 */
export const configSchema = {
  ...published,
  properties: { ...published.properties, scan: scanSchema(), rules: rulesSchema(), sites: sitesSchema() },
};

/** configSchema as the published file holds it (config.schema.json). */
export function configSchemaFileText(): string {
  return `${JSON.stringify(configSchema, null, 2)}\n`;
}
