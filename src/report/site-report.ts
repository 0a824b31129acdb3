import type { PlanSummary, Report, SiteReport } from '../model/report.js';
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
 * The report of one site of a batch: a complete report document (same schema as the batch's),
 * whose plan names only this site, so it can be sent to the site's owner as it is.
 */
export function siteReportOf(run: RunInfo, site: SiteReport): Report {
  return assembleReport({
    tool: run.tool,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ...(run.browserVersion ? { browserVersion: run.browserVersion } : {}),
    plan: { ...run.plan, urls: [site.url] },
    sites: [site],
    errors: [],
  });
}
