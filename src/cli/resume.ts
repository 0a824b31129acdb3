/**
 * --resume: finds the per-site evidence files (`sites/<slug>/evidence.json`) an earlier run of the
 * same batch left in the output directory, and decides which can stand in for a new visit; the
 * pipeline then judges them like fresh evidence (the same path as `gdpr-scan audit`). A site is
 * reused only when it was gathered by this version with the settings that shape evidence (phases,
 * pages, discovery, locale, host mapping, cookie values); a site that could not be scanned at all
 * is tried again.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanSummary, Report } from '../model/report.js';
import { EVIDENCE_FILE_NAME, type EvidenceFile } from '../model/evidence-file.js';
import { readEvidenceFile } from '../pipeline/evidence-file.js';
import { readReportFile } from '../model/read-report.js';
import type { ScanPlan } from '../plan/plan.js';
import { summarisePlan } from '../plan/plan.js';
import { TOOL } from '../tool.js';
import { hostMapRulesUsed } from '../finish/site-report.js';

/** The folder of per-site reports inside --out. */
export const SITES_DIR = 'sites';

/** Earlier per-site evidence that may be reused, by the index of their site in the plan. */
export interface ResumeState {
  evidence: Map<number, EvidenceFile>;
  /** One line per site that was found but is scanned again, saying why. */
  notes: string[];
}

/** Settings whose change makes earlier evidence incomparable: the site is scanned again. */
const EVIDENCE_SETTINGS = ['phases', 'maxPages', 'maxDepth', 'include', 'exclude', 'ignoreRobots', 'locale', 'hostMap', 'includeValues', 'device'] as const;

export async function loadResumeState(plan: ScanPlan): Promise<ResumeState> {
  const state: ResumeState = { evidence: new Map(), notes: [] };
  const earlier = await readSiteEvidence(join(plan.outDir, SITES_DIR));
  const current = summarisePlan(plan, plan.userAgent ?? '');
  for (const [index, target] of plan.sites.entries()) {
    const url = target.url ?? target.input;
    const file = earlier.get(url);
    if (!file) continue;
    const site = file.site;
    // An evidence file keeps only the host-map rules its site's traffic used; compare like with like.
    const reason = whyNotReusable(file, { ...current, hostMap: hostMapRulesUsed(current.hostMap, site) }, plan.userAgent !== undefined);
    if (reason) state.notes.push(`resume: ${url} is scanned again: ${reason}`);
    else if (site.error !== undefined) state.notes.push(`resume: ${url} could not be scanned last time; trying again`);
    else state.evidence.set(index, file);
  }
  return state;
}

function whyNotReusable(report: Pick<EvidenceFile, 'tool' | 'plan'>, current: PlanSummary, explicitUserAgent: boolean): string | undefined {
  if (report.tool.version !== TOOL.version) return `it was scanned by ${report.tool.name} ${report.tool.version}`;
  for (const key of EVIDENCE_SETTINGS) {
    const before = report.plan[key];
    const now = current[key];
    if (JSON.stringify(before ?? null) !== JSON.stringify(now ?? null)) return `${key} was ${JSON.stringify(before ?? null)}, is ${JSON.stringify(now ?? null)}`;
  }
  if (explicitUserAgent && report.plan.userAgent !== current.userAgent) return 'the user agent changed';
  return undefined;
}

/** Per-site evidence files by site URL; unreadable, invalid or foreign files are skipped (they are scanned again). */
async function readSiteEvidence(dir: string): Promise<Map<string, EvidenceFile>> {
  const found = new Map<string, EvidenceFile>();
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return found;
  }
  for (const entry of entries.sort()) {
    const file = await readEvidenceFile(join(dir, entry, EVIDENCE_FILE_NAME)).catch(() => undefined);
    if (file && file.tool.name === TOOL.name) found.set(file.site.url, file);
  }
  return found;
}

/** A valid report.json this tool wrote, or undefined (missing, half-written, invalid, someone else's). */
export async function readOwnReport(path: string): Promise<Report | undefined> {
  try {
    const report = await readReportFile(path);
    return report.tool.name === TOOL.name ? report : undefined;
  } catch {
    // Whatever is wrong with it, the site is scanned again.
    return undefined;
  }
}
