/**
 * The full evidence of one page in one phase: third parties by host, cookies, storage and the
 * IAB TCF state, sorted so that what matters (trackers, most requests) comes first.
 */
import type { CookieRecord, Phase, PhaseEvidence, RequestRecord, StorageRecord } from '../../model/evidence.js';
import { lifetimeText, yesNoText } from './format.js';
import type { InfoRow } from './info-row.js';
import { categoryLabel, COOKIE_CATEGORY_LABELS } from './labels.js';
import { PHASE_EXPLANATIONS, PHASE_LABELS } from './phases.js';

export interface ThirdPartyRow {
  host: string;
  organization: string;
  service: string;
  category: string;
  country: string;
  tracker: boolean;
  requests: number;
  unknown: boolean;
}

export interface CookieRow {
  name: string;
  domain: string;
  party: string;
  lifetime: string;
  /** Sort key: -1 for session cookies. */
  lifetimeSort: number;
  category: string;
  categoryKey: string;
  source: string;
  value?: string;
}

export interface PhaseView {
  phase: Phase;
  label: string;
  explanation: string;
  anchor: string;
  ok: boolean;
  error?: string;
  finalUrl?: string;
  documentStatus?: number;
  title?: string;
  requestCount: number;
  firstPartyRequests: number;
  thirdPartyRequests: number;
  thirdParties: ThirdPartyRow[];
  cookies: CookieRow[];
  showCookieValues: boolean;
  storage: StorageRecord[];
  tcf?: InfoRow[];
}

/** One cookie's identity across phases: name, domain (case-insensitive) and path. */
export function cookieKey(c: Pick<CookieRecord, 'name' | 'domain' | 'path'>): string {
  return JSON.stringify([c.name, c.domain.toLowerCase(), c.path]);
}

function thirdPartyRows(requests: readonly RequestRecord[]): ThirdPartyRow[] {
  const byHost = new Map<string, { requests: RequestRecord[] }>();
  for (const r of requests) {
    if (r.firstParty) continue;
    const entry = byHost.get(r.host) ?? { requests: [] };
    entry.requests.push(r);
    byHost.set(r.host, entry);
  }
  return [...byHost.entries()]
    .map(([host, { requests: list }]) => {
      const service = list.find((r) => r.service)?.service;
      return {
        host,
        organization: service?.organization ?? 'unknown',
        service: service?.name ?? 'unknown',
        category: service ? categoryLabel(service.category) : 'Unknown',
        country: service?.country ?? 'unknown',
        tracker: service?.tracking === true,
        requests: list.length,
        unknown: !service,
      };
    })
    .sort((a, b) => Number(b.tracker) - Number(a.tracker) || b.requests - a.requests || a.host.localeCompare(b.host));
}

function cookieRows(cookies: readonly CookieRecord[]): CookieRow[] {
  return cookies
    .map((c) => ({
      name: c.name,
      domain: c.domain,
      party: c.firstParty ? 'first party' : 'third party',
      lifetime: lifetimeText(c.lifetimeDays),
      lifetimeSort: c.lifetimeDays ?? -1,
      category: COOKIE_CATEGORY_LABELS[c.category] ?? String(c.category),
      categoryKey: c.category,
      source: c.source === 'http' ? 'HTTP header' : c.source === 'script' ? 'script' : 'unknown',
      // Values are in the report only with --include-values, already truncated there.
      value: typeof c.value === 'string' ? c.value : undefined,
    }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.name.localeCompare(b.name));
}

function tcfRows(e: PhaseEvidence<RequestRecord, CookieRecord>): InfoRow[] | undefined {
  const t = e.tcf;
  if (!t) return undefined;
  const rows: InfoRow[] = [{ label: 'IAB TCF API present', value: yesNoText(t.cmpPresent) }];
  if (t.cmpId !== undefined) rows.push({ label: 'TCF CMP id', value: String(t.cmpId) });
  if (t.eventStatus) rows.push({ label: 'TCF event status', value: t.eventStatus });
  if (t.purposeConsents) rows.push({ label: 'Purposes with consent', value: t.purposeConsents.length ? t.purposeConsents.join(', ') : 'none' });
  if (t.vendorConsents) rows.push({ label: 'Vendors with consent', value: String(t.vendorConsents.length) });
  if (t.error) rows.push({ label: 'TCF error', value: t.error, tone: 'warn' });
  return rows;
}

/** The tables of one phase of one page; its anchor is `<page anchor>-<phase>`. */
export function phaseView(pageAnchor: string, phase: Phase, e: PhaseEvidence<RequestRecord, CookieRecord>): PhaseView {
  const requests = e.requests ?? [];
  const cookies = cookieRows(e.cookies ?? []);
  const thirdPartyRequests = requests.filter((r) => !r.firstParty).length;
  return {
    phase,
    label: PHASE_LABELS[phase],
    explanation: PHASE_EXPLANATIONS[phase],
    anchor: `${pageAnchor}-${phase}`,
    ok: e.status === 'ok',
    error: e.status === 'error' ? e.error : undefined,
    finalUrl: e.finalUrl,
    documentStatus: e.documentStatus,
    title: e.title,
    requestCount: requests.length,
    firstPartyRequests: requests.length - thirdPartyRequests,
    thirdPartyRequests,
    thirdParties: thirdPartyRows(requests),
    cookies,
    showCookieValues: cookies.some((c) => c.value !== undefined),
    storage: [...(e.storage ?? [])].sort((a, b) => a.origin.localeCompare(b.origin) || a.key.localeCompare(b.key)),
    tcf: tcfRows(e),
  };
}
