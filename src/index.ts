/**
 * gdpr-scan as a library: the same stages the command line runs.
 *
 *   const plan = await createPlan(['https://www.example.com/'], { maxPages: 3 });
 *   const report = await scan(plan);                       // gather → judge → finish
 *
 * or stage by stage (evidence can be saved, moved and judged elsewhere):
 *
 *   const [site] = await gather(plan);                     // browser; raw evidence
 *   const judged = judge(site.evidence, plan.ruleConfig, new Date());   // no browser
 *   const report = finish([judged], { tool: TOOL, startedAt, finishedAt, plan: summarisePlan(plan, site.browser.userAgent) });
 */
import { buildPlan } from './plan/build.js';
import type { ScanArgs } from './plan/from-args.js';
import { defaultScanArgs } from './plan/scan-options.js';
import type { ScanPlan } from './plan/plan.js';

export { scan, type ScanOptions, type ScanHooks, type SiteDone } from './pipeline/scan.js';
export { gather, gatherSites, type GatheredSite, type GatherHooks, type GatherControl, type BrowserInfo } from './gather/gather.js';
export { judge, type JudgedSite, type JudgeOptions } from './judge/judge.js';
export { finish, type RunInfo, type BaselineInput } from './finish/finish.js';
export { exitCodeOfReport, failingFindings, gateOf } from './finish/verdict.js';
export { evidenceFileOf, readEvidenceFile, findEvidenceFiles, EvidenceFileError } from './pipeline/evidence-file.js';
export { summarisePlan, type ScanPlan } from './plan/plan.js';
export { resolveRuleConfig } from './plan/rule-config.js';
export { validateReport } from './model/validate.js';
export { validateEvidence } from './model/validate-evidence.js';
export { upgradeReport, upgradeEvidenceFile } from './model/upgrade.js';
export { renderJson, writeReports } from './render/json.js';
export { TOOL } from './tool.js';
export type * from './model/report.js';
export type * from './model/evidence.js';
export type * from './model/consent.js';
export type * from './model/withdrawal.js';
export type { EvidenceFile } from './model/evidence-file.js';
export { REPORT_SCHEMA_VERSION } from './model/report.js';
export { EVIDENCE_SCHEMA_VERSION } from './model/evidence-file.js';
export type { ScanArgs };

/** Options of `createPlan`: the command line's scan options in camelCase (`maxPages`, `failOn`, `hostMap`, ...). */
export type PlanOptions = Partial<Omit<ScanArgs, 'urls'>>;

/**
 * A validated plan, as `gdpr-scan scan` would build it from these options (unset ones take the
 * command line's defaults; a config file is read like the CLI does: `options.config`, else
 * gdpr-scan.config.json in `cwd`). Throws UsageError with one line on a bad option.
 */
export async function createPlan(urls: readonly string[], options: PlanOptions = {}, cwd = process.cwd()): Promise<ScanPlan> {
  const args = { ...defaultScanArgs(), ...options, urls: [...urls] } as ScanArgs;
  return buildPlan(args, cwd, new Set(Object.keys(options)));
}

export { UsageError } from './plan/usage-error.js';
