/**
 * Stage 3, finish: judged sites in, the report out. Assembles the document, compares it with a
 * baseline, adds the rules' descriptions and derives the summary and exit code, once. Pure: the
 * caller writes files.
 */
import type { ScanError } from '../model/evidence.js';
import type { PlanSummary, Report, RuleDescription } from '../model/report.js';
import type { JudgedSite } from '../judge/judge.js';
import { assembleReport } from './assemble.js';
import { compareFindings } from './baseline.js';

/** What the run knows about itself, besides its sites. */
export interface RunInfo {
  tool: { name: string; version: string };
  startedAt: Date;
  finishedAt: Date;
  /** Chromium version, when a browser did the scan. */
  browserVersion?: string;
  plan: PlanSummary;
  /** Errors not tied to one site. */
  errors?: ScanError[];
  /** Sites of the plan not done when the run stopped (Ctrl-C). */
  pendingSites?: string[];
}

/** An earlier report to compare with (--baseline), and the path it was given as. */
export interface BaselineInput {
  report: Report;
  path: string;
}

/** The report of `judged` (in the plan's order). Findings are marked new / existing when a baseline is given. */
export function finish(judged: readonly JudgedSite[], run: RunInfo, baseline?: BaselineInput): Report {
  const sites = judged.map((j) => j.site);
  return assembleReport({
    tool: run.tool,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ...(run.browserVersion ? { browserVersion: run.browserVersion } : {}),
    plan: run.plan,
    rules: rulesOf(judged),
    sites,
    errors: run.errors ?? [],
    ...(run.pendingSites && run.pendingSites.length > 0 ? { incomplete: { reason: 'interrupted' as const, pendingSites: run.pendingSites } } : {}),
    ...(baseline ? { baseline: compareFindings(sites, baseline.report, baseline.path) } : {}),
  });
}

/** Every rule any site was judged with, first description of an id wins, in first-seen order. */
function rulesOf(judged: readonly JudgedSite[]): RuleDescription[] {
  const byId = new Map<string, RuleDescription>();
  for (const { rules } of judged) for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
