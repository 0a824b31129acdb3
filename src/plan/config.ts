/**
 * The config file (gdpr-scan.config.json): scan options (every command-line option, camelCase),
 * rule settings and allowlists. Found with --config or in the working directory, validated
 * against src/plan/config.schema.json (its `rules` block derived from the rule modules), and
 * every problem reported as one line that names the file and the setting.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import fileSchema from './config.schema.json' with { type: 'json' };
import { rulesConfigSchema } from '../judge/rule-engine/config-schema.js';
import type { Severity } from '../model/report.js';
import { SEVERITIES } from '../model/report.js';
import type { ResolvedRuleConfig, ResolvedRuleSettings } from '../judge/rule-engine/engine.js';
import { RULE_IDS, type RuleId } from '../judge/rule-engine/types.js';
import { RULES } from '../../rules/index.js';

/** File names looked for in the working directory, in this order, when --config is not given. */
export const CONFIG_FILE_NAMES = ['gdpr-scan.config.json', '.gdpr-scanrc.json'] as const;

/**
 * The JSON Schema of the config file: config.schema.json with its `rules` block replaced by the
 * one derived from the rule modules (one entry per rule id, with that rule's options). The file
 * alone (for editors: `"$schema": "./node_modules/gdpr-scan/dist/src/plan/config.schema.json"`)
 * only says that `rules` is an object.
 */
const schema = { ...fileSchema, properties: { ...fileSchema.properties, rules: rulesConfigSchema() } };
export const configSchema = schema;

/** One rule's entry: `"off"`, a severity, or the long form. */
export type RuleSetting =
  | 'off'
  | Severity
  | {
      /** false switches the rule off. */
      enabled?: boolean;
      /** Replaces the rule's default severity. */
      severity?: Severity;
      /** Rule-specific options (see `gdpr-scan rules`). */
      options?: Record<string, number | string | boolean>;
    };

/**
 * The `scan` object of the config file: the command-line options of `scan` and `demo`, named in
 * camelCase. An option typed on the command line wins over these, which win over the built-in
 * defaults (see buildPlan). format and phases may be a comma-separated string or an array; the
 * repeatable options (browserArg, hostMap, filterList) one string or an array.
 * Relative paths (out, browserPath, filterList, baseline) are relative to the config file.
 */
export interface ScanOptionsConfig {
  out?: string;
  format?: string | string[];
  phases?: string | string[];
  maxPages?: number;
  depth?: number;
  include?: string | string[];
  exclude?: string | string[];
  ignoreRobots?: boolean;
  sitesFile?: string;
  urlsFile?: string;
  timeout?: number;
  quietMs?: number;
  maxWait?: number;
  consentTimeout?: number;
  concurrency?: number;
  siteTimeout?: number;
  resume?: boolean;
  browserPath?: string;
  browserArg?: string | string[];
  headed?: boolean;
  hostMap?: string | string[];
  ignoreHttpsErrors?: boolean;
  locale?: string;
  userAgent?: string;
  failOn?: 'none' | Severity;
  trackerDb?: 'ghostery';
  filterList?: string | string[];
  baseline?: string;
  includeValues?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** The keys of the config file's `scan` object, as the schema lists them. */
export const SCAN_OPTION_KEYS = Object.keys(schema.properties.scan.properties) as Array<keyof ScanOptionsConfig>;

/** The config file as written by the user, after validation. */
export interface UserConfig {
  /** Editors' schema reference; ignored by the scanner. */
  $schema?: string;
  /** Scan options; the command line wins. */
  scan?: ScanOptionsConfig;
  rules?: Partial<Record<RuleId, RuleSetting>>;
  allowlist?: {
    /** `example.com` (the host and its subdomains) or `*.example.com` (subdomains only). */
    hosts?: string[];
    /** `name`, `prefix*`, optionally followed by `@domain`. */
    cookies?: string[];
  };
}

/** A config file that cannot be used. `problems` holds one line per problem; the message joins them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled once per process: the schema is fixed, so the cache holds no scan state.
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  return compiled;
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `word`, when it is close enough to be a plausible typo or abbreviation. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const score = c.startsWith(w) || w.startsWith(c) ? 0.5 : distance(w, c);
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  return best.score <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

const suggest = (word: string, candidates: readonly string[]) => {
  const hint = didYouMean(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : '';
};

/** "/rules/a-b/severity" -> "rules.a-b.severity", "/allowlist/hosts/0" -> "allowlist.hosts[0]". */
function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const segment of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

const TYPE_WORDS: Record<string, string> = { integer: 'an integer', string: 'a string', array: 'an array', object: 'an object', boolean: 'true or false', number: 'a number' };
const RULE_ENTRY_HINT = `must be "off", one of ${SEVERITIES.join(', ')}, or an object with enabled, severity and options`;
const TOP_KEYS = Object.keys(schema.properties);
const ENTRY_KEYS = ['enabled', 'severity', 'options'];
/** Scan options that take a list: a comma-separated string or an array of strings. */
const COMMA_LIST_KEYS = new Set(['format', 'phases']);
/** Scan options that take one string or an array of strings (a comma may be part of an item). */
const REPEATABLE_KEYS = new Set(['browserArg', 'hostMap', 'filterList']);

/** "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "maxPages" -> "--max-pages", to name the command-line twin of a scan option. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** One plain line for one schema violation. */
function describe(error: ErrorObject, data: unknown): string | undefined {
  const path = dottedPath(error.instancePath);
  const segments = error.instancePath.split('/').slice(1);
  const params = error.params as Record<string, unknown>;
  const isRuleEntry = segments.length === 2 && segments[0] === 'rules';
  const scanKey = segments.length === 2 && segments[0] === 'scan' ? segments[1]! : undefined;
  switch (error.keyword) {
    case 'if':
      return undefined; // The then/else branch's own error says what is wrong.
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      if (segments.length === 0) return `unknown setting "${key}"${suggest(key, TOP_KEYS)}; the file may have ${inWords(TOP_KEYS.filter((k) => k !== '$schema'))}`;
      if (path === 'scan') {
        if (key === 'config') return 'scan.config: a config file cannot name another one; use --config on the command line';
        const hint = didYouMean(key, SCAN_OPTION_KEYS) ?? (/-/.test(key) ? didYouMean(key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), SCAN_OPTION_KEYS) : undefined);
        return `scan.${key} is not a scan option${hint ? ` (did you mean "${hint}"?)` : ''}; scan options are the command-line options in camelCase (${SCAN_OPTION_KEYS.slice(0, 4).join(', ')}, ...)`;
      }
      if (path === 'rules') return `rules.${key} is not a rule id${suggest(key, RULE_IDS)}; run 'gdpr-scan rules' for the list`;
      if (isRuleEntry) return `${path}.${key} is not a rule setting${suggest(key, ENTRY_KEYS)}; use ${ENTRY_KEYS.join(', ')}`;
      if (segments.length === 3 && segments[2] === 'options') {
        const ruleId = segments[1] as RuleId;
        const names = Object.keys(RULES[ruleId]?.meta.options ?? {});
        return names.length === 0
          ? `${path}.${key}: rule ${ruleId} has no options`
          : `${path}.${key} is not an option of ${ruleId}${suggest(key, names)}; options: ${names.join(', ')}`;
      }
      return `${path}.${key} is not a known setting`;
    }
    case 'enum':
      if (isRuleEntry) return `${path} ${RULE_ENTRY_HINT}`;
      return `${path} must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'type':
      if (isRuleEntry) return `${path} ${RULE_ENTRY_HINT}`;
      if (scanKey !== undefined && COMMA_LIST_KEYS.has(scanKey)) return `${path} must be a comma-separated string or an array of strings`;
      if (scanKey !== undefined && REPEATABLE_KEYS.has(scanKey)) return `${path} must be a string or an array of strings`;
      return `${path || 'the file'} must be ${TYPE_WORDS[String(params['type'])] ?? String(params['type'])}`;
    case 'pattern': {
      const value = JSON.stringify(valueAt(data, error.instancePath));
      if (segments[1] === 'hosts') return `${path} ${value} is not a host pattern; use example.com (host and subdomains) or *.example.com (subdomains only)`;
      if (segments[1] === 'cookies') return `${path} ${value} is not a cookie pattern; use name, prefix* or name@example.com`;
      return `${path} ${value} does not match ${String(params['pattern'])}`;
    }
    case 'minLength':
      return `${path} must not be empty`;
    case 'minimum':
    case 'maximum':
      return `${path} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params['limit'])}`;
    default:
      return `${path || 'the file'} ${error.message ?? error.keyword}`;
  }
}

/**
 * Validates parsed JSON as a config file. Returns the config, or throws a ConfigError whose lines
 * start with `label` (the file name).
 */
export function validateConfig(data: unknown, label: string): UserConfig {
  const validate = validator();
  if (validate(data)) return data as UserConfig;
  const lines = (validate.errors ?? []).map((e) => describe(e, data)).filter((l): l is string => l !== undefined);
  const unique = [...new Set(lines)];
  throw new ConfigError((unique.length > 0 ? unique : ['is not a valid config file']).map((l) => `${label}: ${l}`));
}

/** "Unexpected token } in JSON at position 42" -> " (line 3, column 5)". */
function jsonErrorPlace(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

function parseJson(text: string, label: string): unknown {
  try {
    // A byte-order mark is common in files saved by Windows editors; JSON.parse rejects it.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`${label}: not valid JSON${jsonErrorPlace(text, message)}: ${message.split('\n')[0]}`]);
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`${path}: cannot be read: ${(error as Error).message}`]);
  }
}

/**
 * Loads the config file: `path` (from --config) when given, else the first of CONFIG_FILE_NAMES
 * found in `cwd`. No file at all is fine (empty config); a file named explicitly must exist. Two
 * candidate files in `cwd` are an error: silently ignoring one would surprise.
 */
export async function loadConfig(path?: string, cwd = process.cwd()): Promise<{ path?: string; config: UserConfig }> {
  if (path !== undefined) {
    const absolute = resolve(cwd, path);
    const text = await readIfExists(absolute);
    if (text === undefined) throw new ConfigError([`${path}: config file not found`]);
    return { path: absolute, config: validateConfig(parseJson(text, path), path) };
  }
  const found: Array<{ path: string; text: string }> = [];
  for (const name of CONFIG_FILE_NAMES) {
    const absolute = resolve(cwd, name);
    const text = await readIfExists(absolute);
    if (text !== undefined) found.push({ path: absolute, text });
  }
  if (found.length === 0) return { config: {} };
  if (found.length > 1) {
    throw new ConfigError([`${found.map((f) => basename(f.path)).join(' and ')} both exist in ${cwd}: keep one, or name it with --config`]);
  }
  const [file] = found as [{ path: string; text: string }];
  const label = basename(file.path);
  return { path: file.path, config: validateConfig(parseJson(file.text, label), label) };
}

/** Every rule's settings (the user's entries over the rules' defaults) and the allowlists. */
export function resolveRuleConfig(user: UserConfig): ResolvedRuleConfig {
  const rules = {} as Record<RuleId, ResolvedRuleSettings>;
  for (const id of RULE_IDS) {
    const meta = RULES[id].meta;
    const defaults = Object.fromEntries(Object.entries(meta.options ?? {}).map(([k, v]) => [k, v.default]));
    const entry = user.rules?.[id];
    if (entry === undefined) rules[id] = { enabled: true, severity: meta.severity, options: defaults };
    else if (entry === 'off') rules[id] = { enabled: false, severity: meta.severity, options: defaults };
    else if (typeof entry === 'string') rules[id] = { enabled: true, severity: entry, options: defaults };
    else rules[id] = { enabled: entry.enabled ?? true, severity: entry.severity ?? meta.severity, options: { ...defaults, ...(entry.options ?? {}) } };
  }
  return {
    rules,
    allowlist: { hosts: [...(user.allowlist?.hosts ?? [])], cookies: [...(user.allowlist?.cookies ?? [])] },
  };
}
