/** What the charts count: distinct hosts and cookies per phase, per site and over the report. */
import type { Phase } from '../../model/evidence.js';
import type { Report, SiteReport } from '../../model/report.js';
import { barChart, type BarChartView, type ChartSeries } from './bar-chart.js';
import { cookieKey } from './evidence-view.js';
import { categoryLabel } from './labels.js';
import { PHASE_LABELS, PHASE_TONES, plannedPhases } from './phases.js';

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

/** The chart of one site (anchor `<site anchor>-chart`). */
export function siteChart(siteAnchor: string, site: SiteReport, phases: readonly Phase[]): BarChartView {
  const counts = phases.map((p) => sitePhaseCounts(site, p));
  return barChart(
    `${siteAnchor}-chart`,
    'What this site did in each phase',
    'Distinct third-party hosts, tracker hosts and analytics or marketing cookies per phase, over all scanned pages of the site.',
    phaseSeries(phases),
    [
      { label: 'Third-party hosts', values: counts.map((c) => c.thirdPartyHosts.size) },
      { label: 'Tracker hosts', values: counts.map((c) => c.trackerHosts.size) },
      { label: 'Analytics/marketing cookies', values: counts.map((c) => c.trackingCookies.size) },
    ],
  );
}

/** The summary's charts: trackers per phase, and third-party requests by category. */
export function overviewCharts(report: Report): BarChartView[] {
  const phases = plannedPhases(report);
  const trackerHosts = phases.map((p) => {
    let n = 0;
    for (const site of report.sites) n += sitePhaseCounts(site, p).trackerHosts.size;
    return n;
  });
  const sitesWithTrackers = phases.map((p) => report.sites.filter((s) => sitePhaseCounts(s, p).trackerHosts.size > 0).length);
  const trackers = barChart(
    'chart-trackers',
    'Trackers per phase',
    'Tracker hosts contacted (counted once per site) and sites that contacted at least one tracker, in each phase the scan ran (the withdraw phase counts its accept too). Ideally both are zero before consent and after reject.',
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
