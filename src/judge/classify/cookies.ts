/**
 * Cookie purpose from the cookie knowledge base (data/cookies.json: name patterns) and, failing
 * that, from the known service whose domain set a third-party cookie.
 */
import type { CookieCategory, CookieRecord, ServiceCategory, ServiceInfo } from '../../model/evidence.js';
import cookieData from './data/cookies.json' with { type: 'json' };
import { serviceById, toServiceInfo } from './services.js';

/** What a cookie's service is reported as. */
export type CookieService = NonNullable<CookieRecord['service']>;

/** The classification of one cookie. */
export interface CookieClassification {
  category: CookieCategory;
  service?: CookieService;
  consentRecord?: boolean;
}

const COOKIE_CATEGORY_TABLE: Record<CookieCategory, true> = { necessary: true, functional: true, analytics: true, marketing: true, unknown: true };

/** A compiled knowledge-base rule. */
interface CookieRule {
  category: CookieCategory;
  service?: CookieService;
  consentRecord?: boolean;
  /** Cookie domains (registrable or more specific) the rule is restricted to. */
  domains?: readonly string[];
}

interface RawCookieRule {
  category: string;
  service?: string | { name: string; organization: string; country?: string; dpf?: boolean };
  consentRecord?: boolean;
  domains?: string[];
  names: string[];
}

/** The compiled knowledge base: exact names, prefixes (longest first), regular expressions. */
export interface CookieKnowledgeBase {
  exact: ReadonlyMap<string, readonly CookieRule[]>;
  prefixes: ReadonlyArray<{ prefix: string; rule: CookieRule }>;
  patterns: ReadonlyArray<{ regex: RegExp; rule: CookieRule }>;
  /** Number of name patterns. */
  size: number;
}

function pickService(info: ServiceInfo | { name: string; organization: string; country?: string; dpf?: boolean }): CookieService {
  return {
    name: info.name,
    organization: info.organization,
    ...(info.country !== undefined ? { country: info.country } : {}),
    ...(info.dpf !== undefined ? { dpf: info.dpf } : {}),
  };
}

/** Compiles and validates data/cookies.json; throws on malformed rules. Exported for tests. */
export function buildCookieKnowledgeBase(data: unknown): CookieKnowledgeBase {
  const rules = (data as { rules?: RawCookieRule[] })?.rules;
  if (!Array.isArray(rules)) throw new Error('cookies.json: "rules" must be an array');
  const exact = new Map<string, CookieRule[]>();
  const prefixes: Array<{ prefix: string; rule: CookieRule }> = [];
  const patterns: Array<{ regex: RegExp; rule: CookieRule }> = [];
  let size = 0;
  for (const raw of rules) {
    const where = `cookies.json: rule for ${JSON.stringify(raw.names?.slice(0, 2))}`;
    if (!(raw.category in COOKIE_CATEGORY_TABLE)) throw new Error(`${where}: unknown category "${raw.category}"`);
    let service: CookieService | undefined;
    if (typeof raw.service === 'string') {
      const known = serviceById(raw.service);
      if (!known) throw new Error(`${where}: unknown service id "${raw.service}"`);
      service = pickService(toServiceInfo(known));
    } else if (raw.service) {
      service = pickService(raw.service);
    }
    const rule: CookieRule = Object.freeze({
      category: raw.category as CookieCategory,
      ...(service ? { service: Object.freeze(service) } : {}),
      ...(raw.consentRecord ? { consentRecord: true } : {}),
      ...(raw.domains ? { domains: Object.freeze(raw.domains.map((d) => d.toLowerCase())) } : {}),
    });
    for (const name of raw.names) {
      size++;
      if (name.length > 2 && name.startsWith('/') && name.endsWith('/')) {
        patterns.push({ regex: new RegExp(name.slice(1, -1)), rule });
      } else if (name.endsWith('*')) {
        if (name.indexOf('*') !== name.length - 1 || name.length < 3) throw new Error(`${where}: "${name}": only one trailing * after at least two characters`);
        prefixes.push({ prefix: name.slice(0, -1), rule });
      } else {
        const list = exact.get(name) ?? [];
        list.push(rule);
        exact.set(name, list);
      }
    }
  }
  // Domain-restricted rules first, so "MUID" on .clarity.ms is Clarity's before a generic entry.
  const byDomainFirst = (a: CookieRule, b: CookieRule): number => Number(!a.domains) - Number(!b.domains);
  for (const list of exact.values()) list.sort(byDomainFirst);
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length || byDomainFirst(a.rule, b.rule));
  patterns.sort((a, b) => byDomainFirst(a.rule, b.rule));
  return { exact, prefixes, patterns, size };
}

/** The bundled cookie knowledge base, compiled once. */
export const COOKIE_KB: CookieKnowledgeBase = buildCookieKnowledgeBase(cookieData);

function domainAllowed(rule: CookieRule, cookieDomain: string): boolean {
  if (!rule.domains) return true;
  return rule.domains.some((d) => cookieDomain === d || cookieDomain.endsWith(`.${d}`));
}

/** The knowledge-base rule for a cookie name and domain, if any. */
function findRule(kb: CookieKnowledgeBase, name: string, domain: string): CookieRule | undefined {
  const cookieDomain = domain.trim().toLowerCase().replace(/^\.+/, '');
  for (const rule of kb.exact.get(name) ?? []) if (domainAllowed(rule, cookieDomain)) return rule;
  for (const { prefix, rule } of kb.prefixes) if (name.startsWith(prefix) && domainAllowed(rule, cookieDomain)) return rule;
  for (const { regex, rule } of kb.patterns) if (regex.test(name) && domainAllowed(rule, cookieDomain)) return rule;
  return undefined;
}

/**
 * Cookie purpose implied by the service that set it: advertising/social -> marketing,
 * analytics/session replay -> analytics, customer interaction -> functional, consent managers,
 * security and payment -> necessary; anything else (tag manager, CDN, fonts, embeds, other) ->
 * unknown. A service outside those categories that a tracker database or filter list still calls
 * tracking -> marketing.
 */
export function cookieCategoryForService(service: Pick<ServiceInfo, 'category' | 'tracking'>): CookieCategory {
  const table: Record<ServiceCategory, CookieCategory> = {
    advertising: 'marketing',
    social: 'marketing',
    analytics: 'analytics',
    'session-replay': 'analytics',
    'customer-interaction': 'functional',
    'consent-manager': 'necessary',
    security: 'necessary',
    payment: 'necessary',
    'tag-manager': 'unknown',
    cdn: 'unknown',
    fonts: 'unknown',
    'embedded-content': 'unknown',
    other: 'unknown',
  };
  const category = table[service.category];
  return category === 'unknown' && service.tracking ? 'marketing' : category;
}

/**
 * Classifies one cookie.
 *
 * 1. A name pattern of the knowledge base decides category, service and consent record.
 * 2. Else, for a third-party cookie, the service recognised for its domain (`serviceForDomain`):
 *    category from the service's category; a consent manager's own cookie is necessary and a
 *    consent record.
 * 3. Else unknown.
 */
export function classifyCookie(
  cookie: { name: string; domain: string },
  firstParty: boolean,
  serviceForDomain: (domain: string) => ServiceInfo | undefined,
  kb: CookieKnowledgeBase = COOKIE_KB,
): CookieClassification {
  const rule = findRule(kb, cookie.name, cookie.domain);
  if (rule) {
    return {
      category: rule.category,
      ...(rule.service ? { service: { ...rule.service } } : {}),
      ...(rule.consentRecord ? { consentRecord: true } : {}),
    };
  }
  if (!firstParty) {
    const service = serviceForDomain(cookie.domain);
    if (service) {
      return {
        category: cookieCategoryForService(service),
        service: pickService(service),
        ...(service.category === 'consent-manager' ? { consentRecord: true } : {}),
      };
    }
  }
  return { category: 'unknown' };
}
