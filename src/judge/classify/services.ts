/**
 * The bundled service knowledge base (data/services.json) and a host matcher over it.
 *
 * Hosts in the data are domain suffixes: "google-analytics.com" covers google-analytics.com and
 * every subdomain (region1.google-analytics.com), never "notgoogle-analytics.com". The longest
 * matching suffix wins, so "fonts.googleapis.com" (fonts) beats "googleapis.com" (Google, other).
 * The index is built once at module load and frozen: no mutable module state.
 */
import type { ServiceCategory, ServiceInfo } from '../../model/evidence.js';
import { TRACKING_CATEGORIES } from '../../model/evidence.js';
import servicesData from './data/services.json' with { type: 'json' };

/** Every category of the model, as a value (the compiler checks it stays complete). */
const CATEGORY_TABLE: Record<ServiceCategory, true> = {
  advertising: true,
  analytics: true,
  social: true,
  'session-replay': true,
  'customer-interaction': true,
  'tag-manager': true,
  cdn: true,
  'consent-manager': true,
  fonts: true,
  'embedded-content': true,
  payment: true,
  security: true,
  other: true,
};
export const SERVICE_CATEGORIES = Object.freeze(Object.keys(CATEGORY_TABLE) as ServiceCategory[]);

/** One entry of the knowledge base, flattened (the organisation's fields copied onto it). */
export interface KnownService {
  /** Stable id, e.g. "google-analytics". */
  readonly id: string;
  readonly name: string;
  /** Legal entity (or group) behind the service. */
  readonly organization: string;
  readonly category: ServiceCategory;
  /** ISO 3166-1 alpha-2 country of the organisation's seat, when known. */
  readonly country?: string;
  /** Certified under the EU-US Data Privacy Framework; absent when unknown. */
  readonly dpf?: boolean;
  /** Domain suffixes this service is recognised by. */
  readonly hosts: readonly string[];
  readonly notes?: string;
}

/** True when a service of this category is a tracker by itself. */
export function isTrackingCategory(category: ServiceCategory): boolean {
  return TRACKING_CATEGORIES.includes(category);
}

/** Shape of data/services.json (checked at load, not trusted). */
interface RawServiceFile {
  organizations: Array<{
    organization: string;
    country?: string;
    dpf?: boolean;
    notes?: string;
    services: Array<{ id: string; name: string; category: string; hosts: string[]; paths?: string[]; organization?: string; country?: string; dpf?: boolean; notes?: string }>;
  }>;
}

const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/**
 * Flattens and validates the knowledge-base file. Throws on malformed data (unknown category,
 * bad country code, a host claimed twice, duplicate ids): a broken data file must fail loudly at
 * start-up and in the tests, never classify silently wrong. Exported for tests.
 */
export function buildKnowledgeBase(data: unknown): {
  services: readonly KnownService[];
  byHost: ReadonlyMap<string, KnownService>;
  byPath: ReadonlyArray<readonly [string, KnownService]>;
} {
  const file = data as RawServiceFile;
  if (!file || !Array.isArray(file.organizations)) throw new Error('services.json: "organizations" must be an array');
  const services: KnownService[] = [];
  const byHost = new Map<string, KnownService>();
  const byPath: Array<readonly [string, KnownService]> = [];
  const ids = new Set<string>();
  for (const org of file.organizations) {
    for (const raw of org.services) {
      const where = `services.json: service "${raw.id}"`;
      if (!raw.id || ids.has(raw.id)) throw new Error(`${where}: missing or duplicate id`);
      ids.add(raw.id);
      if (!(raw.category in CATEGORY_TABLE)) throw new Error(`${where}: unknown category "${raw.category}"`);
      const country = raw.country ?? org.country;
      if (country !== undefined && !COUNTRY_PATTERN.test(country)) throw new Error(`${where}: country "${country}" is not ISO 3166-1 alpha-2`);
      const dpf = raw.dpf ?? org.dpf;
      const notes = raw.notes ?? org.notes;
      const service: KnownService = Object.freeze({
        id: raw.id,
        name: raw.name,
        organization: raw.organization ?? org.organization,
        category: raw.category as ServiceCategory,
        ...(country !== undefined ? { country } : {}),
        ...(dpf !== undefined ? { dpf } : {}),
        hosts: Object.freeze([...raw.hosts]),
        ...(notes !== undefined ? { notes } : {}),
      });
      if (!service.name || !service.organization) throw new Error(`${where}: name and organization are required`);
      if (raw.hosts.length === 0 && !raw.paths?.length) throw new Error(`${where}: no hosts`);
      for (const path of raw.paths ?? []) {
        // "host/path-prefix": for services that share a host with others (www.google.com/maps/embed).
        const slash = path.indexOf('/');
        if (slash <= 0 || !HOST_PATTERN.test(path.slice(0, slash))) throw new Error(`${where}: path "${path}" must be host/path`);
        byPath.push([path, service]);
      }
      for (const host of raw.hosts) {
        if (!HOST_PATTERN.test(host)) throw new Error(`${where}: "${host}" is not a lower-case host name`);
        const other = byHost.get(host);
        if (other) throw new Error(`${where}: host "${host}" is already claimed by "${other.id}"`);
        byHost.set(host, service);
      }
      services.push(service);
    }
  }
  // Longest prefix first, so the most specific path wins.
  byPath.sort((a, b) => b[0].length - a[0].length);
  return { services: Object.freeze(services), byHost, byPath };
}

const KB = buildKnowledgeBase(servicesData);

/** All services of the bundled knowledge base. */
export const SERVICES: readonly KnownService[] = KB.services;

const BY_ID: ReadonlyMap<string, KnownService> = new Map(SERVICES.map((s) => [s.id, s]));

/** A service of the knowledge base by id. */
export function serviceById(id: string): KnownService | undefined {
  return BY_ID.get(id);
}

/** Lower-cases a host and strips brackets and leading/trailing dots; cookie domains (".x.com") welcome. */
function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/^\.+/, '').replace(/\.+$/, '');
}

/**
 * The known service for a host name (or cookie domain): the entry whose host suffix is the longest
 * one matching on a label boundary. Undefined for unknown hosts, IP addresses and bare names.
 */
export function matchKnownService(host: string): KnownService | undefined {
  let candidate = normaliseHost(host);
  // Walk from the full host up one label at a time: the first hit is the longest suffix.
  for (;;) {
    const hit = KB.byHost.get(candidate);
    if (hit) return hit;
    const dot = candidate.indexOf('.');
    if (dot < 0) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}

/** The report's view of a known service (the contract's ServiceInfo, no knowledge-base internals). */
export function toServiceInfo(service: KnownService): ServiceInfo {
  return {
    name: service.name,
    organization: service.organization,
    category: service.category,
    ...(service.country !== undefined ? { country: service.country } : {}),
    ...(service.dpf !== undefined ? { dpf: service.dpf } : {}),
    tracking: isTrackingCategory(service.category),
    source: 'builtin',
  };
}

/** `matchKnownService` as a report ServiceInfo (a fresh object per call). */
export function matchService(host: string): ServiceInfo | undefined {
  const known = matchKnownService(host);
  return known ? toServiceInfo(known) : undefined;
}

/**
 * The service behind a request URL: a host/path entry first (a few hosts serve several services,
 * e.g. www.google.com serves Maps embeds and reCAPTCHA), then the host.
 */
export function matchServiceForUrl(url: string, host: string): ServiceInfo | undefined {
  let hostAndPath: string | undefined;
  try {
    const parsed = new URL(url);
    hostAndPath = `${normaliseHost(parsed.hostname)}${parsed.pathname}`;
  } catch {
    hostAndPath = undefined;
  }
  if (hostAndPath) {
    for (const [prefix, service] of KB.byPath) if (hostAndPath.startsWith(prefix)) return toServiceInfo(service);
  }
  return matchService(host);
}
