/**
 * One scanned page: the before / accept / reject / withdraw comparison of third-party hosts and cookies,
 * then the full tables of each phase. The flags are labels on the evidence, not findings.
 */
import { PHASES, type CookieRecord, type Phase, type RequestRecord } from '../../model/evidence.js';
import type { SiteReport } from '../../model/report.js';
import { cookieKey, phaseView, type PhaseView } from './evidence-view.js';
import { lifetimeText } from './format.js';
import { categoryLabel, COOKIE_CATEGORY_LABELS } from './labels.js';
import { leakView, type LeakView } from './leak-view.js';
import { PHASE_SHORT } from './phases.js';

export interface ComparisonColumn {
  phase: Phase;
  label: string;
  scanned: boolean;
}

export interface ComparisonMark {
  present: boolean;
  /** Sort key for the script: 1 present, 0 absent. */
  sort: number;
  symbol: string;
  text: string;
}

export interface ComparisonFlag {
  label: string;
  tone: 'bad' | 'warn';
}

export interface HostComparisonRow {
  host: string;
  organization: string;
  category: string;
  tracker: boolean;
  marks: ComparisonMark[];
  flags: ComparisonFlag[];
  rowTone?: 'bad' | 'warn';
}

export interface CookieComparisonRow {
  name: string;
  domain: string;
  party: string;
  category: string;
  lifetime: string;
  lifetimeSort: number;
  marks: ComparisonMark[];
  flags: ComparisonFlag[];
  rowTone?: 'bad' | 'warn';
}

export interface PageView {
  anchor: string;
  number: number;
  url: string;
  title?: string;
  columns: ComparisonColumn[];
  hosts: HostComparisonRow[];
  cookies: CookieComparisonRow[];
  phases: PhaseView[];
  findingCount: number;
  /** Markers typed, requests carrying them, identifiers shared between parties; absent when none. */
  leak?: LeakView;
}

function marks(columns: readonly ComparisonColumn[], present: ReadonlySet<Phase>): ComparisonMark[] {
  return columns.map((col) => {
    if (!col.scanned) return { present: false, sort: -1, symbol: 'n/a', text: `${col.label}: not scanned` };
    const yes = present.has(col.phase);
    return { present: yes, sort: yes ? 1 : 0, symbol: yes ? '✓' : '–', text: `${col.label}: ${yes ? 'present' : 'absent'}` };
  });
}

/**
 * Presence flags: what is there before any choice, and what is still there after "reject all"
 * (hosts: also what was contacted after the withdrawal, see pageView).
 * These are labels on the evidence, not findings; the findings section says what is a violation.
 */
function flagsFor(present: ReadonlySet<Phase>, tracking: boolean, afterWithdrawal = false): { flags: ComparisonFlag[]; rowTone?: 'bad' | 'warn' } {
  const flags: ComparisonFlag[] = [];
  const tone = tracking ? 'bad' : 'warn';
  if (present.has('before')) flags.push({ label: 'before consent', tone });
  if (present.has('reject')) flags.push({ label: 'after reject', tone });
  if (afterWithdrawal) flags.push({ label: 'after withdrawal', tone });
  return { flags, rowTone: flags.length > 0 ? tone : undefined };
}

function flagRank(row: { flags: ComparisonFlag[]; rowTone?: 'bad' | 'warn' }): number {
  return (row.rowTone === 'bad' ? 10 : row.rowTone === 'warn' ? 5 : 0) + row.flags.length;
}

/** Page `pageNumber` of site `siteNumber`; its anchor is `site-<n>-page-<m>`. */
export function pageView(siteNumber: number, pageNumber: number, site: SiteReport, page: SiteReport['pages'][number], plannedPhases: readonly Phase[]): PageView {
  const anchor = `site-${siteNumber}-page-${pageNumber}`;
  const phasesHere = PHASES.filter((p) => page.phases[p] !== undefined || plannedPhases.includes(p));
  const columns: ComparisonColumn[] = phasesHere.map((p) => ({
    phase: p,
    label: PHASE_SHORT[p],
    scanned: page.phases[p]?.status === 'ok',
  }));

  const hosts = new Map<string, { phases: Set<Phase>; service?: RequestRecord['service']; afterWithdrawal?: boolean }>();
  const cookies = new Map<string, { phases: Set<Phase>; cookie: CookieRecord }>();
  for (const p of phasesHere) {
    const e = page.phases[p];
    if (!e) continue;
    for (const r of e.requests ?? []) {
      if (r.firstParty) continue;
      const entry = hosts.get(r.host) ?? { phases: new Set<Phase>() };
      entry.phases.add(p);
      entry.service ??= r.service;
      // In the withdraw phase, afterConsent means after the withdrawal.
      if (p === 'withdraw' && r.afterConsent) entry.afterWithdrawal = true;
      hosts.set(r.host, entry);
    }
    for (const c of e.cookies ?? []) {
      const key = cookieKey(c);
      const entry = cookies.get(key) ?? { phases: new Set<Phase>(), cookie: c };
      entry.phases.add(p);
      cookies.set(key, entry);
    }
  }

  const hostRows: HostComparisonRow[] = [...hosts.entries()]
    .map(([host, { phases, service, afterWithdrawal }]) => {
      const tracker = service?.tracking === true;
      return {
        host,
        organization: service?.organization ?? 'unknown',
        category: service ? categoryLabel(service.category) : 'Unknown',
        tracker,
        marks: marks(columns, phases),
        ...flagsFor(phases, tracker, afterWithdrawal === true),
      };
    })
    .sort((a, b) => flagRank(b) - flagRank(a) || a.host.localeCompare(b.host));

  const cookieRowsCompared: CookieComparisonRow[] = [...cookies.values()]
    .map(({ phases, cookie }) => {
      const tracking = cookie.category === 'analytics' || cookie.category === 'marketing';
      return {
        name: cookie.name,
        domain: cookie.domain,
        party: cookie.firstParty ? 'first party' : 'third party',
        category: COOKIE_CATEGORY_LABELS[cookie.category] ?? String(cookie.category),
        lifetime: lifetimeText(cookie.lifetimeDays),
        lifetimeSort: cookie.lifetimeDays ?? -1,
        marks: marks(columns, phases),
        ...flagsFor(phases, tracking),
      };
    })
    .sort((a, b) => flagRank(b) - flagRank(a) || a.domain.localeCompare(b.domain) || a.name.localeCompare(b.name));

  const title = phasesHere.map((p) => page.phases[p]?.title).find((t) => typeof t === 'string' && t.length > 0);
  return {
    anchor,
    number: pageNumber,
    url: page.url,
    title,
    columns,
    hosts: hostRows,
    cookies: cookieRowsCompared,
    phases: phasesHere.flatMap((p) => {
      const e = page.phases[p];
      return e ? [phaseView(anchor, p, e)] : [];
    }),
    findingCount: site.findings.filter((f) => f.pageUrl === page.url).length,
    leak: leakView(phasesHere.flatMap((p) => (page.phases[p] ? [[p, page.phases[p]!] as const] : []))),
  };
}
