/**
 * The wording of config file problems: one plain line per schema violation, naming the setting
 * and, for a misspelt name, the likely one ("did you mean").
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { SEVERITIES } from '../model/report.js';
import { RULE_IDS, type RuleId } from '../judge/rule-engine/types.js';
import { RULES } from '../../rules/index.js';
import { configSchema } from './config-schema.js';
import { camelCase, SCAN_OPTION_KEYS, SCAN_OPTIONS, type ScanOptionSpec } from './scan-options.js';
import { SITE_OPTION_KEYS } from './consent-steps.js';

/** A config file that cannot be used. `problems` holds one line per problem; the message joins them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
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

/** "/rules/a-b/severity" -> "rules.a-b.severity", "/allowlist/hosts/0" -> "allowlist.hosts[0]", "/sites/www.a.test" -> 'sites["www.a.test"]'. */
function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment) ? `${path}[${segment}]` : !/^[\w$-]+$/.test(segment) && path ? `${path}[${JSON.stringify(segment)}]` : path ? `${path}.${segment}` : segment,
      '',
    );
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
const TOP_KEYS = Object.keys(configSchema.properties);
const ENTRY_KEYS = ['enabled', 'severity', 'options'];
/** Scan options that take a list: a comma-separated string or an array of strings. */
const COMMA_LIST_KEYS = new Set(SCAN_OPTIONS.filter((o: ScanOptionSpec) => o.commaList).map((o) => camelCase(o.flag)));
/** Scan options that take one string or an array of strings (a comma may be part of an item). */
const REPEATABLE_KEYS = new Set(SCAN_OPTIONS.filter((o: ScanOptionSpec) => o.type === 'array').map((o) => camelCase(o.flag)));

/** "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One plain line for one schema violation, or undefined when another error of the same value says it better. */
export function describeSchemaError(error: ErrorObject, data: unknown): string | undefined {
  const path = dottedPath(error.instancePath);
  const segments = error.instancePath.split('/').slice(1);
  const params = error.params as Record<string, unknown>;
  const isRuleEntry = segments.length === 2 && segments[0] === 'rules';
  // A scan option's value: in the `scan` block, or in a site's entry of the `sites` block.
  const scanKey = segments.length === 2 && segments[0] === 'scan' ? segments[1]! : segments.length === 3 && segments[0] === 'sites' ? segments[2]! : undefined;
  const isSiteEntry = segments.length === 2 && segments[0] === 'sites';
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
      if (isSiteEntry) return `${path}.${key} is not a setting a site may have${suggest(key, SITE_OPTION_KEYS)}; use ${inWords(SITE_OPTION_KEYS)}`;
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
      if (isSiteEntry) return `${path} must be an object with ${inWords(SITE_OPTION_KEYS)}`;
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
      // Within propertyNames: the key is empty, not the value.
      if (error.propertyName !== undefined) return `${path} has an empty key; use a site URL or host name`;
      return `${path} must not be empty`;
    case 'propertyNames':
      return undefined; // Its minLength error names the key.
    case 'minimum':
    case 'maximum':
      return `${path} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params['limit'])}`;
    default:
      return `${path || 'the file'} ${error.message ?? error.keyword}`;
  }
}
