/**
 * Report assembly: findings + classified evidence + summary, one JSON document (the contract in
 * src/model/report.ts, documented by reports/report.schema.json). Computes totals only; it never
 * computes findings.
 */
import type { ScanError } from '../model/evidence.js';
import {
  REPORT_SCHEMA_VERSION,
  SEVERITIES,
  type FailOn,
  type Finding,
  type PlanSummary,
  type Report,
  type ReportSummary,
  type RuleDescription,
  type BaselineComparison,
  type Severity,
  type SiteReport,
} from '../model/report.js';
import { exitCodeOf } from './verdict.js';


export interface AssembleInput {
  tool: { name: string; version: string };
  startedAt: Date;
  finishedAt: Date;
  /** Chromium version, when a browser was started. */
  browserVersion?: string;
  plan: PlanSummary;
  sites: SiteReport[];
  /** Errors not tied to one site. */
  errors: ScanError[];
  /** The rules the sites were judged with. */
  rules?: RuleDescription[];
  /** The comparison with a baseline, when there was one (the findings are already marked). */
  baseline?: BaselineComparison;
  /** The run stopped before every site was done. */
  incomplete?: Report['incomplete'];
}

/** Distinct cookies of one site: a cookie seen on several pages or in several phases counts once. */
function distinctCookies(site: SiteReport): number {
  const keys = new Set<string>();
  for (const page of site.pages) {
    for (const phase of Object.values(page.phases)) {
      for (const c of phase?.cookies ?? []) keys.add(JSON.stringify([c.name, c.domain, c.path]));
    }
  }
  return keys.size;
}

/** Totals over all sites, and the exit code of the run (the only place it is derived; verdict.ts decides it). */
export function summarize(sites: readonly SiteReport[], failOn: FailOn, baselineCompared = false): ReportSummary {
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let pages = 0;
  let requests = 0;
  let thirdPartyRequests = 0;
  let cookies = 0;
  for (const site of sites) {
    pages += site.pages.length;
    cookies += distinctCookies(site);
    for (const page of site.pages) {
      for (const phase of Object.values(page.phases)) {
        for (const r of phase?.requests ?? []) {
          requests += 1;
          if (!r.firstParty) thirdPartyRequests += 1;
        }
      }
    }
    for (const f of site.findings) if (f.outcome === 'fail') findingsBySeverity[f.severity] += 1;
  }
  const sitesWithErrors = sites.filter((s) => s.error !== undefined).length;
  return {
    sites: sites.length,
    sitesWithErrors,
    pages,
    requests,
    thirdPartyRequests,
    cookies,
    findingsBySeverity,
    exitCode: exitCodeOf(sites, { failOn, baselineCompared }),
  };
}

/** Builds the report document. The inputs are referenced, not copied. */
export function assembleReport(input: AssembleInput): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    ...(input.browserVersion ? { browser: { version: input.browserVersion } } : {}),
    plan: input.plan,
    ...(input.rules ? { rules: input.rules } : {}),
    sites: input.sites,
    errors: input.errors,
    ...(input.incomplete ? { incomplete: input.incomplete } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
    summary: summarize(input.sites, input.plan.failOn, input.baseline !== undefined),
  };
}
