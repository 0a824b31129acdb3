/**
 * The bundled consent manager (CMP) fingerprint table (cmps.json, CC0: see README.md here) and
 * the look-ups over it. Gather reads probeTargets() to know which globals and selectors to look
 * for in a page; judge names the CMP from what was found (src/judge/consent-manager.ts).
 *
 * The table is checked when this module loads (a malformed entry throws at start-up, not in the
 * middle of a scan) and frozen: no mutable module state.
 */
import cmpData from './cmps.json' with { type: 'json' };

/** One consent manager and what a page shows of it. Field meanings: src/data/README.md. */
export interface CmpFingerprint {
  /** Stable kebab-case id, e.g. "cookiebot". */
  readonly id: string;
  /** Product name, e.g. "Cookiebot". */
  readonly name: string;
  /** Company or project behind it. */
  readonly vendor: string;
  /** IAB Europe TCF CMP ids registered for it (omitted when unknown). */
  readonly tcfCmpIds?: readonly number[];
  /** window properties it defines; a dotted name ("utag.gdpr") is a property path. */
  readonly globals: readonly string[];
  /** "host:<domain suffix>" or "path:<fragment of the URL path>" of its scripts. */
  readonly scripts: readonly string[];
  /** CSS selectors of its elements. */
  readonly dom: readonly string[];
  /** Cookie names it sets; a trailing "*" makes a prefix. */
  readonly cookies: readonly string[];
  /** localStorage / sessionStorage keys it writes; a trailing "*" makes a prefix. */
  readonly storage: readonly string[];
  /** @duckduckgo/autoconsent rules that handle this CMP (a mapping, not a fingerprint). */
  readonly autoconsentRules: readonly string[];
  /** Where the facts come from (vendor documentation, the IAB CMP list). */
  readonly source: readonly string[];
  /** Anything a reviewer should know. */
  readonly notes?: string;
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SCRIPT_PATTERN = /^(?:host:[a-z0-9-]+(?:\.[a-z0-9-]+)+|path:\/\S+)$/;

function stringList(entry: Record<string, unknown>, field: string, where: string): string[] {
  const value = entry[field];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new Error(`${where}: ${field} must be a list of non-empty strings`);
  }
  return value as string[];
}

function parseEntry(raw: unknown, index: number): CmpFingerprint {
  if (!raw || typeof raw !== 'object') throw new Error(`cmps.json entry ${index}: not an object`);
  const entry = raw as Record<string, unknown>;
  const where = `cmps.json entry ${index} (${String(entry['id'])})`;
  for (const field of ['id', 'name', 'vendor'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') throw new Error(`${where}: ${field} must be a non-empty string`);
  }
  const id = entry['id'] as string;
  if (!ID_PATTERN.test(id)) throw new Error(`${where}: id must be kebab-case`);
  const scripts = stringList(entry, 'scripts', where);
  const badScript = scripts.find((script) => !SCRIPT_PATTERN.test(script));
  if (badScript !== undefined) throw new Error(`${where}: script "${badScript}" must be "host:<domain>" or "path:/<fragment>"`);
  let tcfCmpIds: number[] | undefined;
  if (entry['tcfCmpIds'] !== undefined) {
    const ids = entry['tcfCmpIds'];
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((n) => !Number.isInteger(n) || (n as number) < 1)) {
      throw new Error(`${where}: tcfCmpIds must be a non-empty list of positive integers (omit it when unknown)`);
    }
    tcfCmpIds = ids as number[];
  }
  if (entry['notes'] !== undefined && typeof entry['notes'] !== 'string') throw new Error(`${where}: notes must be a string`);
  const fingerprint: CmpFingerprint = {
    id,
    name: entry['name'] as string,
    vendor: entry['vendor'] as string,
    ...(tcfCmpIds ? { tcfCmpIds: Object.freeze(tcfCmpIds) } : {}),
    globals: Object.freeze(stringList(entry, 'globals', where)),
    scripts: Object.freeze(scripts),
    dom: Object.freeze(stringList(entry, 'dom', where)),
    cookies: Object.freeze(stringList(entry, 'cookies', where)),
    storage: Object.freeze(stringList(entry, 'storage', where)),
    autoconsentRules: Object.freeze(stringList(entry, 'autoconsentRules', where)),
    source: Object.freeze(stringList(entry, 'source', where)),
    ...(typeof entry['notes'] === 'string' ? { notes: entry['notes'] } : {}),
  };
  if (fingerprint.source.length === 0) throw new Error(`${where}: source must name at least one reference`);
  return Object.freeze(fingerprint);
}

/** Every CMP of the bundled table, in file order (a vendor's flagship before its other products). */
export const CMP_FINGERPRINTS: readonly CmpFingerprint[] = Object.freeze(cmpData.cmps.map((entry: unknown, index: number) => parseEntry(entry, index)));

function firstBy<K>(keys: (cmp: CmpFingerprint) => readonly K[]): ReadonlyMap<K, CmpFingerprint> {
  const map = new Map<K, CmpFingerprint>();
  for (const cmp of CMP_FINGERPRINTS) for (const key of keys(cmp)) if (!map.has(key)) map.set(key, cmp);
  return map;
}

const BY_ID = firstBy((cmp) => [cmp.id]);
const BY_TCF_ID = firstBy((cmp) => cmp.tcfCmpIds ?? []);
const BY_AUTOCONSENT_RULE = firstBy((cmp) => cmp.autoconsentRules);

/** The entry with this id. */
export function cmpById(id: string): CmpFingerprint | undefined {
  return BY_ID.get(id);
}

/** The entry registered under this IAB TCF CMP id (ids are unique in the table). */
export function cmpForTcfId(tcfCmpId: number): CmpFingerprint | undefined {
  return BY_TCF_ID.get(tcfCmpId);
}

/**
 * The CMP an autoconsent rule handles, by the rule's exact name. A rule listed by several entries
 * (autoconsent's "Onetrust" handles OneTrust and CookiePro) maps to the first in file order.
 */
export function cmpForAutoconsentRule(rule: string): CmpFingerprint | undefined {
  return BY_AUTOCONSENT_RULE.get(rule);
}

const PROBE_TARGETS = Object.freeze({
  globals: Object.freeze([...new Set(CMP_FINGERPRINTS.flatMap((cmp) => cmp.globals))]),
  dom: Object.freeze([...new Set(CMP_FINGERPRINTS.flatMap((cmp) => cmp.dom))]),
});

/** Every global and selector of the table, each once, for the in-page probe (fresh arrays). */
export function probeTargets(): { globals: string[]; dom: string[] } {
  return { globals: [...PROBE_TARGETS.globals], dom: [...PROBE_TARGETS.dom] };
}

const CONSENT_COOKIES = CMP_FINGERPRINTS.flatMap((cmp) => cmp.cookies);
const EXACT_CONSENT_COOKIES = new Set(CONSENT_COOKIES.filter((name) => !name.endsWith('*')));
const CONSENT_COOKIE_PREFIXES = CONSENT_COOKIES.filter((name) => name.endsWith('*')).map((name) => name.slice(0, -1));

/** A cookie or storage name some CMP of the table uses for its consent record (exact, or a listed prefix). */
export function isConsentCookieName(name: string): boolean {
  return EXACT_CONSENT_COOKIES.has(name) || CONSENT_COOKIE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

const CONSENT_HOSTS = [...new Set(CMP_FINGERPRINTS.flatMap((cmp) => cmp.scripts.filter((s) => s.startsWith('host:')).map((s) => s.slice('host:'.length).toLowerCase())))];

/** A host a CMP of the table serves from (its script or banner iframe host), matched on label boundaries. */
export function isConsentHost(host: string): boolean {
  const h = host.toLowerCase();
  return CONSENT_HOSTS.some((suffix) => h === suffix || h.endsWith(`.${suffix}`));
}
