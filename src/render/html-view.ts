/**
 * The view model of the HTML report: the report's facts sorted, grouped and labelled for people
 * (verdict, findings by severity, per page and phase tables, the before / accept / reject
 * comparison, chart data). It presents what the report says and never decides a finding: the
 * verdict is the report's exit code, counts are counts of the report's findings and evidence.
 *
 * Every string here that comes from a website (URLs, hosts, cookie names, titles, messages) is
 * plain text: the templates escape it. Nothing in this module produces markup.
 */
import type { CookieRecord, Phase, PhaseEvidence, RequestRecord, ScanError, ServiceCategory, StorageRecord } from '../model/evidence.js';
import { PHASES } from '../model/evidence.js';
import type { FailOn, Finding, FindingEvidence, Report, Severity, SiteReport } from '../model/report.js';
import { RULES } from '../../rules/index.js';
import type { RuleId, RuleMeta } from '../judge/rule-engine/types.js';
import { barChart, type BarChartView, type ChartSeries } from './html-charts.js';
import { discoveryFacts, discoverySummary } from './discovery-notes.js';
import { plural } from '../util/text.js';

export interface HtmlViewOptions {
  failOn: FailOn;
  /** Free text shown in the footer, e.g. "gdpr-scan 0.1.0 (CI job 1234)". */
  generatedBy?: string;
}

/** Severities from the worst down: the order of the report. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  before: 'Before consent',
  accept: 'After “Accept all”',
  reject: 'After “Reject all”',
};

const PHASE_SHORT: Readonly<Record<Phase, string>> = {
  before: 'Before',
  accept: 'Accept',
  reject: 'Reject',
};

const PHASE_EXPLANATIONS: Readonly<Record<Phase, string>> = {
  before: 'A first visit in a fresh browser; nobody has touched the consent banner.',
  accept: 'A first visit in a fresh browser, then a click on “accept all” on the banner.',
  reject: 'A first visit in a fresh browser, then a click on “reject all” on the banner.',
};

/** The --fail-on threshold in words, for the verdict and the facts. */
export const FAIL_ON_LABELS: Readonly<Record<FailOn, string>> = {
  none: 'none (findings never fail the run)',
  low: 'low or higher',
  medium: 'medium or higher',
  high: 'high or higher',
  critical: 'critical only',
};

const CATEGORY_LABELS: Readonly<Record<ServiceCategory | 'unknown', string>> = {
  advertising: 'Advertising',
  analytics: 'Analytics',
  social: 'Social media',
  'session-replay': 'Session replay',
  'customer-interaction': 'Customer interaction',
  'tag-manager': 'Tag manager',
  cdn: 'CDN',
  'consent-manager': 'Consent manager',
  fonts: 'Fonts',
  'embedded-content': 'Embedded content',
  payment: 'Payment',
  security: 'Security',
  other: 'Other',
  unknown: 'Unknown',
};

const COOKIE_CATEGORY_LABELS: Readonly<Record<CookieRecord['category'], string>> = {
  necessary: 'Necessary',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
  unknown: 'Unknown',
};

const EVIDENCE_KIND_LABELS: Readonly<Record<FindingEvidence['kind'], string>> = {
  request: 'Request',
  cookie: 'Cookie',
  storage: 'Storage',
  consent: 'Consent',
  other: 'Other',
};

const METHOD_LABELS: Readonly<Record<'autoconsent' | 'heuristic' | 'none', string>> = {
  autoconsent: 'CMP rule (autoconsent)',
  heuristic: 'text heuristics',
  none: 'none',
};

/* ------------------------------------------------------------------------------------------ */
/* View types                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface VerdictView {
  kind: 'pass' | 'fail' | 'error';
  label: string;
  explanation: string;
}

export interface SeverityCountView {
  severity: Severity;
  label: string;
  count: number;
  anchor: string;
}

export interface EvidenceView {
  kind: string;
  value: string;
  detail?: string;
}

export interface FindingView {
  anchor: string;
  ruleId: string;
  severity: Severity;
  severityLabel: string;
  needsReview: boolean;
  siteUrl: string;
  pageUrl?: string;
  phaseLabel?: string;
  message: string;
  evidence: EvidenceView[];
  references: string[];
  isNew: boolean;
  isExisting: boolean;
  fingerprint?: string;
}

/** Findings of one rule within one severity group: the rule's documentation once, then each case. */
export interface RuleBlockView {
  ruleId: string;
  title: string;
  rationale?: string;
  remediation?: string;
  references: string[];
  findings: FindingView[];
}

export interface FindingGroupView {
  key: Severity | 'needs-review';
  label: string;
  intro: string;
  anchor: string;
  count: number;
  rules: RuleBlockView[];
}

export interface BaselineView {
  path: string;
  newCount: number;
  existingCount: number;
  resolvedCount: number;
  resolved: Array<{ siteUrl: string; ruleId: string; title: string; severityLabel: string; severity: Severity; pageUrl?: string; phaseLabel?: string; message: string }>;
}

export interface InfoRow {
  label: string;
  value: string;
  /** good | bad | warn | muted: colour of the value, the text says the same. */
  tone?: string;
}

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
}

export interface SiteView {
  anchor: string;
  number: number;
  url: string;
  finalUrl?: string;
  error?: string;
  consent: InfoRow[];
  screenshot?: string;
  failCount: number;
  reviewCount: number;
  newCount: number;
  findingLinks: Array<{ anchor: string; label: string; pageUrl?: string; severity: Severity; needsReview: boolean }>;
  errors: Array<{ stage: string; message: string; where?: string }>;
  chart: BarChartView;
  pages: PageView[];
  /** What page discovery did; robotsExamples are URLs shown as text, never as links (robots.txt kept us from them). */
  discovery?: { summary: string; facts: InfoRow[]; robotsExamples: string[] };
}

export interface HtmlView {
  title: string;
  toolName: string;
  toolVersion: string;
  browserVersion?: string;
  generatedBy?: string;
  startedAt: string;
  finishedAt: string;
  duration: string;
  failOnLabel: string;
  verdict: VerdictView;
  severityCounts: SeverityCountView[];
  failTotal: number;
  needsReviewCount: number;
  newCount: number;
  sitesScanned: number;
  sitesWithErrors: number;
  pages: number;
  requests: number;
  thirdPartyRequests: number;
  cookies: number;
  phases: Array<{ label: string; explanation: string }>;
  baseline?: BaselineView;
  /** The run was interrupted: these sites were not scanned (--resume finishes them). */
  pendingSites?: string[];
  groups: FindingGroupView[];
  charts: BarChartView[];
  sites: SiteView[];
  errors: Array<{ stage: string; message: string; where?: string }>;
  siteNav: Array<{ anchor: string; url: string; failCount: number; reviewCount: number; error: boolean }>;
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

function ruleMeta(ruleId: string): RuleMeta | undefined {
  return Object.hasOwn(RULES, ruleId) ? RULES[ruleId as RuleId].meta : undefined;
}

/** "2025-11-29 21:15 UTC": the same in every time zone and locale, so reports are reproducible. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDuration(startIso: string, endIso: string): string {
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}


function lifetimeText(days: number | null): string {
  if (days === null) return 'session';
  if (days < 1) return '< 1 day';
  return plural(Math.round(days), 'day');
}

function categoryLabel(category: ServiceCategory | undefined): string {
  return CATEGORY_LABELS[category ?? 'unknown'] ?? String(category);
}

function cookieKey(c: Pick<CookieRecord, 'name' | 'domain' | 'path'>): string {
  return JSON.stringify([c.name, c.domain.toLowerCase(), c.path]);
}

function errorView(e: ScanError): { stage: string; message: string; where?: string } {
  const where = [e.pageUrl, e.phase ? PHASE_LABELS[e.phase] : undefined].filter((x): x is string => Boolean(x)).join(' · ');
  return { stage: e.stage, message: e.message, where: where || undefined };
}

/** Only a base64 JPEG / PNG / WebP data: URI is shown; anything else in the field is ignored. */
export function safeImageDataUri(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(value) ? value : undefined;
}

const PHASE_TONES: Readonly<Record<Phase, string>> = { before: 'before', accept: 'accept', reject: 'reject' };

/* ------------------------------------------------------------------------------------------ */
/* Verdict and findings                                                                        */
/* ------------------------------------------------------------------------------------------ */

function verdictOf(report: Report, failOn: FailOn, failTotal: number): VerdictView {
  const code = report.summary.exitCode;
  if (code === 2) {
    return {
      kind: 'error',
      label: 'Could not run',
      explanation: 'The scan could not run: no site could be scanned, so this report proves nothing either way. See the errors below.',
    };
  }
  if (code === 1) {
    return {
      kind: 'fail',
      label: 'FAIL',
      explanation: report.baseline
        ? `New findings at or above the threshold (${FAIL_ON_LABELS[failOn]}) appeared since the baseline.`
        : `Findings at or above the threshold (${FAIL_ON_LABELS[failOn]}) were found.`,
    };
  }
  const explanation =
    failOn === 'none'
      ? failTotal > 0
        ? `No threshold was set (--fail-on none), so the run passes although ${plural(failTotal, 'finding')} below ${failTotal === 1 ? 'needs' : 'need'} attention.`
        : 'No threshold was set (--fail-on none); no finding was made.'
      : report.baseline
        ? `No new finding at or above the threshold (${FAIL_ON_LABELS[failOn]}) since the baseline.`
        : `No finding at or above the threshold (${FAIL_ON_LABELS[failOn]}).`;
  return { kind: 'pass', label: 'PASS', explanation };
}

interface LocatedFinding {
  finding: Finding;
  site: SiteReport;
  anchor: string;
}

function findingView(l: LocatedFinding): FindingView {
  const f = l.finding;
  return {
    anchor: l.anchor,
    ruleId: f.ruleId,
    severity: f.severity,
    severityLabel: SEVERITY_LABELS[f.severity] ?? String(f.severity),
    needsReview: f.outcome === 'needs-review',
    siteUrl: l.site.url,
    pageUrl: f.pageUrl,
    phaseLabel: f.phase ? PHASE_LABELS[f.phase] : undefined,
    message: f.message,
    evidence: (f.evidence ?? []).map((e) => ({ kind: EVIDENCE_KIND_LABELS[e.kind] ?? String(e.kind), value: e.value, detail: e.detail })),
    references: f.references ?? [],
    isNew: f.baseline === 'new',
    isExisting: f.baseline === 'existing',
    fingerprint: f.fingerprint,
  };
}

/** Groups located findings by rule (in the registry's order, unknown rules last by id). */
function ruleBlocks(located: readonly LocatedFinding[]): RuleBlockView[] {
  const ruleOrder = Object.keys(RULES);
  const byRule = new Map<string, LocatedFinding[]>();
  for (const l of located) {
    const list = byRule.get(l.finding.ruleId) ?? [];
    list.push(l);
    byRule.set(l.finding.ruleId, list);
  }
  const rank = (id: string): number => {
    const i = ruleOrder.indexOf(id);
    return i === -1 ? ruleOrder.length : i;
  };
  return [...byRule.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([ruleId, list]) => {
      const meta = ruleMeta(ruleId);
      const references = [...new Set([...(meta?.references ?? []), ...list.flatMap((l) => l.finding.references ?? [])])];
      return {
        ruleId,
        title: meta?.title ?? ruleId,
        rationale: meta?.rationale,
        remediation: meta?.remediation,
        references,
        // New findings first, then by site and page, as the report lists them.
        findings: list.map(findingView).sort((a, b) => Number(b.isNew) - Number(a.isNew)),
      };
    });
}

function groupFindings(located: readonly LocatedFinding[]): FindingGroupView[] {
  const groups: FindingGroupView[] = [];
  for (const severity of SEVERITY_ORDER) {
    const list = located.filter((l) => l.finding.outcome === 'fail' && l.finding.severity === severity);
    if (list.length === 0) continue;
    groups.push({
      key: severity,
      label: `${SEVERITY_LABELS[severity]} severity`,
      intro: '',
      anchor: `severity-${severity}`,
      count: list.length,
      rules: ruleBlocks(list),
    });
  }
  const review = located.filter((l) => l.finding.outcome === 'needs-review');
  if (review.length > 0) {
    groups.push({
      key: 'needs-review',
      label: 'Needs review',
      intro:
        'The scanner could not decide these cases on its own. They do not fail the run, but a person should look at each one: they may be violations.',
      anchor: 'needs-review',
      count: review.length,
      rules: ruleBlocks(review),
    });
  }
  return groups;
}

/* ------------------------------------------------------------------------------------------ */
/* Sites, pages, phases                                                                        */
/* ------------------------------------------------------------------------------------------ */

function yesNo(value: boolean | null | undefined, good: boolean | null): InfoRow['tone'] {
  if (value === null || value === undefined) return 'muted';
  if (good === null) return undefined;
  return value === good ? 'good' : 'bad';
}

function yesNoText(value: boolean | null | undefined, unknown = 'not determined'): string {
  return value === true ? 'yes' : value === false ? 'no' : unknown;
}

function consentRows(site: SiteReport): InfoRow[] {
  const c = site.consent;
  const rows: InfoRow[] = [
    { label: 'Consent manager (CMP)', value: c?.cmp ?? 'none recognised', tone: c?.cmp ? undefined : 'muted' },
    { label: 'Consent banner found', value: yesNoText(c?.bannerFound), tone: yesNo(c?.bannerFound, true) },
    { label: '“Accept all” on the first layer', value: yesNoText(c?.acceptOnFirstLayer), tone: yesNo(c?.acceptOnFirstLayer, null) },
    { label: '“Reject all” on the first layer', value: yesNoText(c?.rejectOnFirstLayer), tone: yesNo(c?.rejectOnFirstLayer, true) },
  ];
  for (const [label, action] of [
    ['Accept all', c?.accept],
    ['Reject all', c?.reject],
  ] as const) {
    if (!action) {
      rows.push({ label: `${label}: clicked`, value: 'not attempted', tone: 'muted' });
      continue;
    }
    const how = METHOD_LABELS[action.method] ?? String(action.method);
    const parts = [action.done ? 'done' : 'not done', action.method !== 'none' ? `via ${how}` : undefined];
    if (action.method === 'heuristic' && action.clickedText) parts.push(`clicked “${action.clickedText}”`);
    rows.push({ label: `${label}: clicked`, value: parts.filter(Boolean).join(', '), tone: action.done ? 'good' : 'bad' });
    if (action.method === 'autoconsent' && action.selfTest !== undefined && action.selfTest !== null) {
      rows.push({
        label: `${label}: CMP self-test`,
        value: action.selfTest ? 'passed (the CMP recorded the choice)' : 'failed (the CMP did not record the choice)',
        tone: action.selfTest ? 'good' : 'bad',
      });
    }
    if (action.detail) rows.push({ label: `${label}: detail`, value: action.detail, tone: 'muted' });
  }
  return rows;
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

function phaseView(pageAnchor: string, phase: Phase, e: PhaseEvidence<RequestRecord, CookieRecord>): PhaseView {
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

function marks(columns: readonly ComparisonColumn[], present: ReadonlySet<Phase>): ComparisonMark[] {
  return columns.map((col) => {
    if (!col.scanned) return { present: false, sort: -1, symbol: 'n/a', text: `${col.label}: not scanned` };
    const yes = present.has(col.phase);
    return { present: yes, sort: yes ? 1 : 0, symbol: yes ? '✓' : '–', text: `${col.label}: ${yes ? 'present' : 'absent'}` };
  });
}

/**
 * Presence flags: what is there before any choice, and what is still there after "reject all".
 * These are labels on the evidence, not findings; the findings section says what is a violation.
 */
function flagsFor(present: ReadonlySet<Phase>, tracking: boolean): { flags: ComparisonFlag[]; rowTone?: 'bad' | 'warn' } {
  const flags: ComparisonFlag[] = [];
  const tone = tracking ? 'bad' : 'warn';
  if (present.has('before')) flags.push({ label: 'before consent', tone });
  if (present.has('reject')) flags.push({ label: 'after reject', tone });
  return { flags, rowTone: flags.length > 0 ? tone : undefined };
}

function flagRank(row: { flags: ComparisonFlag[]; rowTone?: 'bad' | 'warn' }): number {
  return (row.rowTone === 'bad' ? 10 : row.rowTone === 'warn' ? 5 : 0) + row.flags.length;
}

function pageView(siteNumber: number, pageNumber: number, site: SiteReport, page: SiteReport['pages'][number], plannedPhases: readonly Phase[]): PageView {
  const anchor = `site-${siteNumber}-page-${pageNumber}`;
  const phasesHere = PHASES.filter((p) => page.phases[p] !== undefined || plannedPhases.includes(p));
  const columns: ComparisonColumn[] = phasesHere.map((p) => ({
    phase: p,
    label: PHASE_SHORT[p],
    scanned: page.phases[p]?.status === 'ok',
  }));

  const hosts = new Map<string, { phases: Set<Phase>; service?: RequestRecord['service'] }>();
  const cookies = new Map<string, { phases: Set<Phase>; cookie: CookieRecord }>();
  for (const p of phasesHere) {
    const e = page.phases[p];
    if (!e) continue;
    for (const r of e.requests ?? []) {
      if (r.firstParty) continue;
      const entry = hosts.get(r.host) ?? { phases: new Set<Phase>() };
      entry.phases.add(p);
      entry.service ??= r.service;
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
    .map(([host, { phases, service }]) => {
      const tracker = service?.tracking === true;
      return {
        host,
        organization: service?.organization ?? 'unknown',
        category: service ? categoryLabel(service.category) : 'Unknown',
        tracker,
        marks: marks(columns, phases),
        ...flagsFor(phases, tracker),
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
  };
}

/** Per phase: distinct tracker hosts, distinct third-party hosts and distinct analytics / marketing cookies of a site. */
function sitePhaseCounts(site: SiteReport, phase: Phase): { trackerHosts: Set<string>; thirdPartyHosts: Set<string>; trackingCookies: Set<string> } {
  const trackerHosts = new Set<string>();
  const thirdPartyHosts = new Set<string>();
  const trackingCookies = new Set<string>();
  for (const page of site.pages) {
    const e = page.phases[phase];
    if (!e) continue;
    for (const r of e.requests ?? []) {
      if (r.firstParty) continue;
      thirdPartyHosts.add(r.host);
      if (r.service?.tracking) trackerHosts.add(r.host);
    }
    for (const c of e.cookies ?? []) if (c.category === 'analytics' || c.category === 'marketing') trackingCookies.add(cookieKey(c));
  }
  return { trackerHosts, thirdPartyHosts, trackingCookies };
}

function phaseSeries(phases: readonly Phase[]): ChartSeries[] {
  return phases.map((p) => ({ label: PHASE_LABELS[p], tone: PHASE_TONES[p] }));
}

function siteView(siteNumber: number, site: SiteReport, report: Report, findingAnchors: Map<Finding, string>): SiteView {
  const anchor = `site-${siteNumber}`;
  const phases = report.plan?.phases?.length ? PHASES.filter((p) => report.plan.phases.includes(p)) : [...PHASES];
  const counts = phases.map((p) => sitePhaseCounts(site, p));
  const chart = barChart(
    `${anchor}-chart`,
    'What this site did in each phase',
    'Distinct third-party hosts, tracker hosts and analytics or marketing cookies per phase, over all scanned pages of the site.',
    phaseSeries(phases),
    [
      { label: 'Third-party hosts', values: counts.map((c) => c.thirdPartyHosts.size) },
      { label: 'Tracker hosts', values: counts.map((c) => c.trackerHosts.size) },
      { label: 'Analytics/marketing cookies', values: counts.map((c) => c.trackingCookies.size) },
    ],
  );
  const findings = site.findings ?? [];
  return {
    anchor,
    number: siteNumber,
    url: site.url,
    finalUrl: site.finalUrl && site.finalUrl !== site.url ? site.finalUrl : undefined,
    error: site.error,
    consent: consentRows(site),
    screenshot: safeImageDataUri(site.consent?.bannerScreenshot),
    failCount: findings.filter((f) => f.outcome === 'fail').length,
    reviewCount: findings.filter((f) => f.outcome === 'needs-review').length,
    newCount: findings.filter((f) => f.baseline === 'new').length,
    findingLinks: [...findings]
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
      .map((f) => ({
        anchor: findingAnchors.get(f) ?? '',
        label: `${ruleMeta(f.ruleId)?.title ?? f.ruleId}${f.phase ? ` (${PHASE_LABELS[f.phase].toLowerCase()})` : ''}`,
        pageUrl: f.pageUrl,
        severity: f.severity,
        needsReview: f.outcome === 'needs-review',
      })),
    errors: (site.errors ?? []).map(errorView),
    chart,
    pages: site.pages.map((page, i) => pageView(siteNumber, i + 1, site, page, phases)),
    discovery: site.discovery
      ? { summary: discoverySummary(site.discovery), facts: discoveryFacts(site.discovery), robotsExamples: site.discovery.robotsSkippedExamples.slice(0, 10) }
      : undefined,
  };
}

function overviewCharts(report: Report): BarChartView[] {
  const phases = report.plan?.phases?.length ? PHASES.filter((p) => report.plan.phases.includes(p)) : [...PHASES];
  const trackerHosts = phases.map((p) => {
    let n = 0;
    for (const site of report.sites) n += sitePhaseCounts(site, p).trackerHosts.size;
    return n;
  });
  const sitesWithTrackers = phases.map((p) => report.sites.filter((s) => sitePhaseCounts(s, p).trackerHosts.size > 0).length);
  const trackers = barChart(
    'chart-trackers',
    'Trackers per phase',
    'Tracker hosts contacted (counted once per site) and sites that contacted at least one tracker, before consent, after accept all and after reject all. Ideally both are zero before consent and after reject.',
    phaseSeries(phases),
    [
      { label: 'Tracker hosts', values: trackerHosts },
      { label: 'Sites with trackers', values: sitesWithTrackers },
    ],
  );

  const byCategory = new Map<string, number[]>();
  for (const site of report.sites) {
    for (const page of site.pages) {
      phases.forEach((p, i) => {
        for (const r of page.phases[p]?.requests ?? []) {
          if (r.firstParty) continue;
          const label = r.service ? categoryLabel(r.service.category) : 'Unknown';
          const values = byCategory.get(label) ?? phases.map(() => 0);
          values[i] = (values[i] ?? 0) + 1;
          byCategory.set(label, values);
        }
      });
    }
  }
  const rows = [...byCategory.entries()]
    .map(([label, values]) => ({ label, values }))
    .sort((a, b) => b.values.reduce((x, y) => x + y, 0) - a.values.reduce((x, y) => x + y, 0) || a.label.localeCompare(b.label));
  const categories = barChart(
    'chart-categories',
    'Third-party requests by category',
    'Requests to other companies’ servers, by what the receiving service is for, per phase (all sites and pages).',
    phaseSeries(phases),
    rows.length > 0 ? rows : [{ label: 'No third-party requests', values: phases.map(() => 0) }],
  );
  return [trackers, categories];
}

/* ------------------------------------------------------------------------------------------ */
/* Entry point                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** Prepares everything the templates show. Pure: the same report gives the same view. */
export function buildHtmlView(report: Report, options: HtmlViewOptions): HtmlView {
  const sites = report.sites ?? [];
  const located: LocatedFinding[] = [];
  const findingAnchors = new Map<Finding, string>();
  sites.forEach((site) =>
    (site.findings ?? []).forEach((finding) => {
      const anchor = `finding-${located.length + 1}`;
      located.push({ finding, site, anchor });
      findingAnchors.set(finding, anchor);
    }),
  );
  const failTotal = located.filter((l) => l.finding.outcome === 'fail').length;
  const severityCounts = SEVERITY_ORDER.map((severity) => ({
    severity,
    label: SEVERITY_LABELS[severity],
    count: report.summary?.findingsBySeverity?.[severity] ?? 0,
    anchor: `severity-${severity}`,
  }));
  const baseline: BaselineView | undefined = report.baseline
    ? {
        path: report.baseline.path,
        newCount: report.baseline.newFindings,
        existingCount: report.baseline.existingFindings,
        resolvedCount: report.baseline.resolved.length,
        resolved: report.baseline.resolved.map((r) => ({
          siteUrl: r.siteUrl,
          ruleId: r.ruleId,
          title: ruleMeta(r.ruleId)?.title ?? r.ruleId,
          severity: r.severity,
          severityLabel: SEVERITY_LABELS[r.severity] ?? String(r.severity),
          pageUrl: r.pageUrl,
          phaseLabel: r.phase ? PHASE_LABELS[r.phase] : undefined,
          message: r.message,
        })),
      }
    : undefined;
  const siteViews = sites.map((site, i) => siteView(i + 1, site, report, findingAnchors));
  const phases = report.plan?.phases?.length ? PHASES.filter((p) => report.plan.phases.includes(p)) : [...PHASES];
  return {
    title: sites.length === 1 ? `GDPR consent scan: ${sites[0]!.url}` : `GDPR consent scan: ${plural(sites.length, 'site')}`,
    toolName: report.tool?.name ?? 'gdpr-scan',
    toolVersion: report.tool?.version ?? '',
    browserVersion: report.browser?.version,
    generatedBy: options.generatedBy,
    startedAt: formatDate(report.startedAt),
    finishedAt: formatDate(report.finishedAt),
    duration: formatDuration(report.startedAt, report.finishedAt),
    failOnLabel: FAIL_ON_LABELS[options.failOn] ?? String(options.failOn),
    verdict: verdictOf(report, options.failOn, failTotal),
    severityCounts,
    failTotal,
    needsReviewCount: located.length - failTotal,
    newCount: located.filter((l) => l.finding.baseline === 'new').length,
    sitesScanned: report.summary?.sites ?? sites.length,
    sitesWithErrors: report.summary?.sitesWithErrors ?? 0,
    pages: report.summary?.pages ?? 0,
    requests: report.summary?.requests ?? 0,
    thirdPartyRequests: report.summary?.thirdPartyRequests ?? 0,
    cookies: report.summary?.cookies ?? 0,
    phases: phases.map((p) => ({ label: PHASE_LABELS[p], explanation: PHASE_EXPLANATIONS[p] })),
    baseline,
    ...(report.incomplete ? { pendingSites: report.incomplete.pendingSites } : {}),
    groups: groupFindings(located),
    charts: overviewCharts(report),
    sites: siteViews,
    errors: (report.errors ?? []).map(errorView),
    siteNav: siteViews.map((s) => ({ anchor: s.anchor, url: s.url, failCount: s.failCount, reviewCount: s.reviewCount, error: s.error !== undefined })),
  };
}
