import type { RawRequest, SiteRecord } from '../model/evidence.js';
import type { Report } from '../model/report.js';
import type { JudgedSite } from '../judge/judge.js';
import { parseHostMapRule, resolveMappedHost } from '../plan/host-map.js';
import { finish, type BaselineInput, type RunInfo } from './finish.js';

/**
 * The report of one site of a batch: a complete report document (same schema as the batch's)
 * that can be sent to the site's owner as it is. It names nothing of the other sites: its plan
 * lists only this site, and only the --host-map rules this site's traffic went through (an
 * agency's mapping for another client's staging server is that client's business).
 */
export function siteReportOf(run: RunInfo, judged: JudgedSite, baseline?: BaselineInput): Report {
  const { site } = judged;
  return finish([judged], { ...run, errors: [], pendingSites: [], plan: { ...run.plan, urls: [site.url], hostMap: hostMapRulesUsed(run.plan.hostMap, site) } }, baseline);
}

/** The --host-map rules (as written) that match the site's own host or a host it sent requests to. */
export function hostMapRulesUsed(sources: readonly string[], site: Pick<SiteRecord<RawRequest, unknown>, 'url' | 'pages'>): string[] {
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
