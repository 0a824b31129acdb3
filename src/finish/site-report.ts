import type { PlanSummary, Report, SiteReport } from '../model/report.js';
import { parseHostMapRule, resolveMappedHost } from '../plan/host-map.js';
import { assembleReport } from './assemble.js';

/** What a run knows about itself when one of its sites is written on its own. */
export interface RunInfo {
  tool: { name: string; version: string };
  startedAt: Date;
  finishedAt: Date;
  browserVersion?: string;
  plan: PlanSummary;
}

/**
 * The report of one site of a batch: a complete report document (same schema as the batch's)
 * that can be sent to the site's owner as it is. It names nothing of the other sites: its plan
 * lists only this site, and only the --host-map rules this site's traffic went through (an
 * agency's mapping for another client's staging server is that client's business).
 */
export function siteReportOf(run: RunInfo, site: SiteReport): Report {
  return assembleReport({
    tool: run.tool,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ...(run.browserVersion ? { browserVersion: run.browserVersion } : {}),
    plan: { ...run.plan, urls: [site.url], hostMap: hostMapRulesUsed(run.plan.hostMap, site) },
    sites: [site],
    errors: [],
  });
}

/** The --host-map rules (as written) that match the site's own host or a host it sent requests to. */
export function hostMapRulesUsed(sources: readonly string[], site: SiteReport): string[] {
  if (sources.length === 0) return [];
  const hosts = new Set<string>();
  try {
    hosts.add(new URL(site.url).hostname);
  } catch {
    // An input error: no host of its own.
  }
  for (const page of site.pages) for (const phase of Object.values(page.phases)) for (const request of phase?.requests ?? []) hosts.add(request.host);
  return sources.filter((source) => {
    try {
      const rule = [parseHostMapRule(source)];
      return [...hosts].some((host) => resolveMappedHost(rule, host, 443) !== null);
    } catch {
      return false;
    }
  });
}
