/**
 * The config file (gdpr-scan.config.json): scan options (the command-line options, camelCase),
 * rule settings and allowlists. Its parts live in their own files; this module gathers them for
 * the callers that want the whole of it:
 * - config-types.ts: the file's shape (UserConfig);
 * - config-schema.ts: its JSON Schema (scan block from the option table, rules block, the rest);
 * - config-load.ts: finding, reading and validating the file;
 * - config-errors.ts: the wording of its problems;
 * - rule-config.ts: the rules' settings after the file.
 */
export type { RuleSetting, ScanOptionsConfig, SiteConfig, UserConfig } from './config-types.js';
export { configSchema } from './config-schema.js';
export { CONFIG_FILE_NAMES, loadConfig, validateConfig } from './config-load.js';
export { ConfigError, didYouMean } from './config-errors.js';
export { resolveRuleConfig } from './rule-config.js';
export { flagName, SCAN_OPTION_KEYS } from './scan-options.js';
