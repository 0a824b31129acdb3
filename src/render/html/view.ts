/**
 * The view model of the HTML report: the report's facts sorted, grouped and labelled for people
 * (verdict, findings by severity, per page and phase tables, the before / accept / reject
 * comparison, chart data). It presents what the report says and never decides a finding: the
 * verdict comes from the verdict module, counts are counts of the report's findings and evidence.
 *
 * Every string here that comes from a website (URLs, hosts, cookie names, titles, messages) is
 * plain text: the templates escape it. Nothing in this folder's view modules produces markup.
 */
import type { FailOn, Finding, Report } from '../../model/report.js';
import { plural } from '../../util/text.js';
import { deviceLabel } from '../device-label.js';
import { ruleCatalog } from '../rule-catalog.js';
import type { BarChartView } from './bar-chart.js';
import { baselineView, type BaselineView } from './baseline-view.js';
import { overviewCharts } from './charts-view.js';
import type { ConsentWarning } from '../consent-facts.js';
import { errorView, type ErrorView } from './errors-view.js';
import { groupFindings, locateFindings, type FindingGroupView } from './findings-view.js';
import { formatDate, formatDuration } from './format.js';
import { FAIL_ON_LABELS } from './labels.js';
import { PHASE_EXPLANATIONS, PHASE_LABELS, plannedPhases } from './phases.js';
import { siteView, type SiteView } from './site-view.js';
import { severityCounts, verdictOf, type SeverityCountView, type VerdictView } from './verdict-view.js';

export interface HtmlViewOptions {
  failOn: FailOn;
  /** Free text shown in the footer, e.g. "gdpr-scan 0.1.0 (CI job 1234)". */
  generatedBy?: string;
}

/** A site whose consent clicks nothing verified, for the verdict at the top. */
export interface ConsentWarningEntry {
  anchor: string;
  url: string;
  warnings: ConsentWarning[];
}

export interface SiteNavEntry {
  anchor: string;
  url: string;
  failCount: number;
  reviewCount: number;
  error: boolean;
}

export interface HtmlView {
  title: string;
  toolName: string;
  toolVersion: string;
  browserVersion?: string;
  /** The emulated device in words (deviceLabel), when the report records it. */
  device?: string;
  generatedBy?: string;
  startedAt: string;
  finishedAt: string;
  duration: string;
  failOnLabel: string;
  verdict: VerdictView;
  /** Sites with clicks that went through but that nothing verified: said next to the verdict. */
  consentWarnings: ConsentWarningEntry[];
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
  errors: ErrorView[];
  siteNav: SiteNavEntry[];
}

/** Prepares everything the templates show. Pure: the same report gives the same view. */
export function buildHtmlView(report: Report, options: HtmlViewOptions): HtmlView {
  const sites = report.sites ?? [];
  // Rules as the report knows them: never this version's registry (see rule-catalog.ts).
  const catalog = ruleCatalog(report);
  const located = locateFindings(report);
  const findingAnchors = new Map<Finding, string>(located.map((l) => [l.finding, l.anchor]));
  const failTotal = located.filter((l) => l.finding.outcome === 'fail').length;
  const siteViews = sites.map((site, i) => siteView(i + 1, site, report, catalog, findingAnchors));
  return {
    title: sites.length === 1 ? `GDPR consent scan: ${sites[0]!.url}` : `GDPR consent scan: ${plural(sites.length, 'site')}`,
    toolName: report.tool?.name ?? 'gdpr-scan',
    toolVersion: report.tool?.version ?? '',
    browserVersion: report.browser?.version,
    ...(report.plan?.device ? { device: deviceLabel(report.plan.device) } : {}),
    generatedBy: options.generatedBy,
    startedAt: formatDate(report.startedAt),
    finishedAt: formatDate(report.finishedAt),
    duration: formatDuration(report.startedAt, report.finishedAt),
    failOnLabel: FAIL_ON_LABELS[options.failOn] ?? String(options.failOn),
    verdict: verdictOf(report, options.failOn, failTotal),
    consentWarnings: siteViews.filter((s) => s.consent.warnings.length > 0).map((s) => ({ anchor: s.anchor, url: s.url, warnings: s.consent.warnings })),
    severityCounts: severityCounts(report),
    failTotal,
    needsReviewCount: located.length - failTotal,
    newCount: located.filter((l) => l.finding.baseline === 'new').length,
    sitesScanned: report.summary?.sites ?? sites.length,
    sitesWithErrors: report.summary?.sitesWithErrors ?? 0,
    pages: report.summary?.pages ?? 0,
    requests: report.summary?.requests ?? 0,
    thirdPartyRequests: report.summary?.thirdPartyRequests ?? 0,
    cookies: report.summary?.cookies ?? 0,
    phases: plannedPhases(report).map((p) => ({ label: PHASE_LABELS[p], explanation: PHASE_EXPLANATIONS[p] })),
    baseline: baselineView(report, catalog),
    ...(report.incomplete ? { pendingSites: report.incomplete.pendingSites } : {}),
    groups: groupFindings(located, catalog),
    charts: overviewCharts(report),
    sites: siteViews,
    errors: (report.errors ?? []).map(errorView),
    siteNav: siteViews.map((s) => ({ anchor: s.anchor, url: s.url, failCount: s.failCount, reviewCount: s.reviewCount, error: s.error !== undefined })),
  };
}
