/** One site in detail: consent, screenshot, its findings, discovery, errors, chart and pages. */
import type { Finding, Report, Severity, SiteReport } from '../../model/report.js';
import { worseFirst } from '../../finish/verdict.js';
import { discoveryFacts, discoverySummary } from '../discovery-notes.js';
import type { BarChartView } from './bar-chart.js';
import { behaviourView, type BehaviourView } from './behaviour-view.js';
import { siteChart } from './charts-view.js';
import { consentView, safeImageDataUri, type ConsentView } from './consent-view.js';
import { bannerDesignView, type BannerDesignView } from './banner-design-view.js';
import { errorView, type ErrorView } from './errors-view.js';
import type { InfoRow } from './info-row.js';
import { pageView, type PageView } from './page-view.js';
import { PHASE_LABELS, plannedPhases } from './phases.js';
import type { RuleCatalog } from '../rule-catalog.js';
import { rulesCheckedView, type RulesCheckedView } from './rules-view.js';
import { transportView, type TransportView } from './transport-view.js';

export interface FindingLinkView {
  anchor: string;
  label: string;
  pageUrl?: string;
  severity: Severity;
  needsReview: boolean;
}

export interface SiteView {
  anchor: string;
  number: number;
  url: string;
  finalUrl?: string;
  error?: string;
  /** The consent step; its warnings (unverified clicks) are shown again in the site's verdict area. */
  consent: ConsentView;
  screenshot?: string;
  /** The banner's measured design (outlines over the screenshot, accept vs reject); absent when not measured. */
  bannerDesign?: BannerDesignView;
  failCount: number;
  reviewCount: number;
  newCount: number;
  findingLinks: FindingLinkView[];
  errors: ErrorView[];
  /** Every rule of the run and what it concluded here; absent for reports before schema 1.1. */
  rulesChecked?: RulesCheckedView;
  chart: BarChartView;
  pages: PageView[];
  /** Fingerprinting and session-replay behaviour per script and phase; absent when no script showed any. */
  behaviour?: BehaviourView;
  /** What page discovery did; robotsExamples are URLs shown as text, never as links (robots.txt kept us from them). */
  discovery?: { summary: string; facts: InfoRow[]; robotsExamples: string[] };
  /** Transport (scheme, HSTS, forms, mixed content, the http: probe) and legal links; absent in older reports. */
  transport?: TransportView;
}

/** Site `siteNumber` (anchor `site-<n>`); `findingAnchors` links its findings to the findings section. */
export function siteView(siteNumber: number, site: SiteReport, report: Report, catalog: RuleCatalog, findingAnchors: ReadonlyMap<Finding, string>): SiteView {
  const anchor = `site-${siteNumber}`;
  const phases = plannedPhases(report);
  const findings = site.findings ?? [];
  return {
    anchor,
    number: siteNumber,
    url: site.url,
    finalUrl: site.finalUrl && site.finalUrl !== site.url ? site.finalUrl : undefined,
    error: site.error,
    consent: consentView(site, report),
    screenshot: safeImageDataUri(site.consent?.bannerScreenshot),
    bannerDesign: bannerDesignView(site),
    failCount: findings.filter((f) => f.outcome === 'fail').length,
    reviewCount: findings.filter((f) => f.outcome === 'needs-review').length,
    newCount: findings.filter((f) => f.baseline === 'new').length,
    findingLinks: [...findings]
      .sort((a, b) => worseFirst(a.severity, b.severity))
      .map((f) => ({
        anchor: findingAnchors.get(f) ?? '',
        label: `${catalog.title(f.ruleId)}${f.phase ? ` (${PHASE_LABELS[f.phase].toLowerCase()})` : ''}`,
        pageUrl: f.pageUrl,
        severity: f.severity,
        needsReview: f.outcome === 'needs-review',
      })),
    errors: (site.errors ?? []).map(errorView),
    ...(site.ruleResults ? { rulesChecked: rulesCheckedView(site, catalog) } : {}),
    chart: siteChart(anchor, site, phases),
    pages: site.pages.map((page, i) => pageView(siteNumber, i + 1, site, page, phases)),
    behaviour: behaviourView(site),
    discovery: site.discovery
      ? { summary: discoverySummary(site.discovery), facts: discoveryFacts(site.discovery), robotsExamples: site.discovery.robotsSkippedExamples.slice(0, 10) }
      : undefined,
    transport: transportView(site),
  };
}
