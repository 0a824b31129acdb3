/**
 * --consent-accept / --consent-reject: the clicks that give or refuse consent where no banner is
 * recognised automatically, resolved per site. Each list comes from the first of these that gives
 * it: the site's line in --sites-file, the config file's `sites` entry for its URL, the entry for
 * its host, then the command line (or the config's `scan` block) for every site.
 */
import type { SiteConfig } from './config-types.js';
import type { ConsentSteps, SiteTarget } from './plan.js';
import type { ScanOptionKey } from './scan-options.js';
import { UsageError } from './usage-error.js';

/** The steps one source gives: a list that is absent leaves it to the next source; an empty list means none. */
export interface ConsentStepSource {
  accept?: readonly string[];
  reject?: readonly string[];
}


/** The scan options a site may set for itself (a JSON line of --sites-file, the config's `sites`), camelCase. */
export const SITE_OPTION_KEYS = ['consentAccept', 'consentReject'] as const satisfies readonly ScanOptionKey[];

const CLOSING: Record<string, string> = { '(': ')', '[': ']' };

/**
 * Why `selector` is not a usable CSS selector, or undefined. Not a full CSS parser: it catches
 * what a typo makes (empty, unbalanced brackets or quotes, a dangling combinator or comma); the
 * browser rejects the rest when the step runs.
 */
export function selectorProblem(selector: string): string | undefined {
  const text = selector.trim();
  if (!text) return 'an empty selector';
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') open.push(CLOSING[c]!);
    else if (c === ')' || c === ']') {
      if (open.pop() !== c) return `"${text}" has an unmatched "${c}"`;
    }
  }
  if (quote) return `"${text}" has an unclosed ${quote}`;
  if (open.length) return `"${text}" has an unclosed "${open.at(-1) === ')' ? '(' : '['}"`;
  if (/^[>+~,]|[>+~,]$/.test(text)) return `"${text}" starts or ends with a combinator or comma`;
  return undefined;
}

/** Selectors as given (one string or a list), trimmed and checked; a problem is a UsageError starting with `label`. */
export function parseSelectors(label: string, value: unknown): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (typeof item !== 'string') throw new UsageError(`${label}: expected CSS selectors as strings, got ${JSON.stringify(item)}`);
    const problem = selectorProblem(item);
    if (problem) throw new UsageError(`${label}${list.length > 1 ? `[${index}]` : ''}: ${problem}`);
    return item.trim();
  });
}

/** Each list from the first source that gives it; undefined when no source gives a step (the site is left to automatic detection). */
export function resolveConsentSteps(sources: readonly (ConsentStepSource | undefined)[]): ConsentSteps | undefined {
  const accept = sources.find((source) => source?.accept !== undefined)?.accept ?? [];
  const reject = sources.find((source) => source?.reject !== undefined)?.reject ?? [];
  return accept.length || reject.length ? { accept: [...accept], reject: [...reject] } : undefined;
}

/** `site` with its consent steps from `sources` (unchanged, without steps, when there are none or it has no URL). */
export function withConsentSteps(site: SiteTarget, sources: readonly (ConsentStepSource | undefined)[]): SiteTarget {
  const { consentSteps: _previous, ...rest } = site;
  const steps = site.url ? resolveConsentSteps(sources) : undefined;
  return steps ? { ...rest, consentSteps: steps } : rest;
}

/** A key of the config's `sites` block: a site URL, or a host name (lower case). */
type SiteKey = { kind: 'url'; url: string } | { kind: 'host'; host: string };

function siteKey(key: string): SiteKey | undefined {
  const text = key.trim();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? { kind: 'url', url: url.href } : undefined;
    }
    if (!text || /[\s/?#@:]/.test(text)) return undefined;
    return { kind: 'host', host: new URL(`https://${text}/`).hostname };
  } catch {
    return undefined;
  }
}

/**
 * The config file's `sites` block, checked (every key a site URL or host name, every selector
 * usable; problems are UsageErrors naming `label`, the config file) and ready to look sites up in:
 * returns the sources of a site URL, its URL's entry first, then its host's.
 */
export function configSiteSources(sites: Readonly<Record<string, SiteConfig>> | undefined, label: string): (url: string) => ConsentStepSource[] {
  const byUrl = new Map<string, ConsentStepSource>();
  const byHost = new Map<string, ConsentStepSource>();
  for (const [key, entry] of Object.entries(sites ?? {})) {
    const parsed = siteKey(key);
    const where = `${label}: sites[${JSON.stringify(key)}]`;
    if (!parsed) throw new UsageError(`${where}: not a site URL (https://www.shop.example/) or host name (www.shop.example)`);
    const source: ConsentStepSource = {
      ...(entry.consentAccept !== undefined ? { accept: parseSelectors(`${where}.consentAccept`, entry.consentAccept) } : {}),
      ...(entry.consentReject !== undefined ? { reject: parseSelectors(`${where}.consentReject`, entry.consentReject) } : {}),
    };
    if (parsed.kind === 'url') byUrl.set(parsed.url, source);
    else byHost.set(parsed.host, source);
  }
  return (url) => {
    const parsed = new URL(url);
    return [byUrl.get(parsed.href), byHost.get(parsed.hostname)].filter((s): s is ConsentStepSource => s !== undefined);
  };
}


/** The consent steps of a JSON line of --sites-file (its keys besides `url`); a problem is a UsageError starting with `where` (file:line). */
export function siteLineSource(fields: Readonly<Record<string, unknown>>, where: string): ConsentStepSource {
  const unknown = Object.keys(fields).find((key) => !(SITE_OPTION_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new UsageError(`${where}: unknown key "${unknown}" (a line's object may have url, ${SITE_OPTION_KEYS.join(', ')})`);
  return {
    ...(fields['consentAccept'] !== undefined ? { accept: parseSelectors(`${where}: consentAccept`, fields['consentAccept']) } : {}),
    ...(fields['consentReject'] !== undefined ? { reject: parseSelectors(`${where}: consentReject`, fields['consentReject']) } : {}),
  };
}
