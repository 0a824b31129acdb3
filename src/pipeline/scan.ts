/**
 * The whole pipeline: gather → judge → finish. Sites with saved evidence (`--resume`, `gdpr-scan
 * audit`) skip gathering and are judged like fresh ones, with today's rules and config; the
 * browser starts only when some site has to be visited. The CLI, the demo, the bench and the
 * library's `scan()` all run through here.
 */
import type { EvidenceFile } from '../model/evidence-file.js';
import type { Report } from '../model/report.js';
import type { Phase } from '../model/evidence.js';
import { gatherSites, type BrowserInfo, type GatherHooks } from '../gather/gather.js';
import { judge, type JudgedSite } from '../judge/judge.js';
import { finish, type BaselineInput } from '../finish/finish.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import { TOOL } from '../tool.js';
import { evidenceFileOf } from './evidence-file.js';

export type { Phase };

export interface ScanHooks extends GatherHooks {
  /** A site is done; `error` when it could not be scanned at all; `resumed` when judged from saved evidence. */
  onSiteDone?: (event: { url: string; index: number; total: number; pages: number; findings: number; error?: string; ms: number; resumed?: boolean }) => void;
}

/** One finished site, as the pipeline hands it to its caller. */
export interface SiteDone {
  index: number;
  judged: JudgedSite;
  /** The evidence it was judged from: freshly gathered, or saved by an earlier run. */
  evidence: EvidenceFile;
  /** Judged from saved evidence, not visited in this run. */
  resumed: boolean;
}

export interface ScanOptions {
  hooks?: ScanHooks;
  /** Ctrl-C: no new site starts, running ones stop; finished sites are kept, the others are listed as pending. */
  signal?: AbortSignal;
  /** Saved evidence that stands in for a visit (--resume, audit), by site index; undefined: visit it. */
  savedEvidence?: (index: number) => EvidenceFile | undefined;
  /** An earlier report to compare with (--baseline). */
  baseline?: BaselineInput;
  /** Called as each site is judged, before its onSiteDone; awaited (the CLI writes the site's files here). */
  onSite?: (done: SiteDone) => Promise<void>;
  /** The clock (tests pass their own). */
  now?: () => Date;
}

/** Runs the plan and returns the report; sites are listed in the plan's order. */
export async function scan(plan: ScanPlan, options: ScanOptions = {}): Promise<Report> {
  const hooks = options.hooks ?? {};
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const total = plan.sites.length;
  const judged: Array<JudgedSite | undefined> = new Array(total);
  const saved = plan.sites.map((_, index) => options.savedEvidence?.(index));

  const complete = async (evidence: EvidenceFile, index: number, resumed: boolean): Promise<void> => {
    const site = judge(evidence.site, plan.ruleConfig, now(), { classifiers: plan.classifiers });
    judged[index] = site;
    await options.onSite?.({ index, judged: site, evidence, resumed });
    hooks.onSiteDone?.({
      url: site.site.url,
      index,
      total,
      pages: site.site.pages.length,
      findings: site.site.findings.length,
      ...(site.site.error !== undefined ? { error: site.site.error } : {}),
      ms: resumed ? 0 : evidence.site.durationMs,
      ...(resumed ? { resumed: true } : {}),
    });
  };

  // Saved evidence first: it costs no browser and puts the finished part on disk at once.
  for (const [index, evidence] of saved.entries()) if (evidence) await complete(evidence, index, true);
  const toVisit = saved.flatMap((evidence, index) => (evidence ? [] : [index]));
  let browser: BrowserInfo | undefined;
  if (toVisit.length > 0) {
    browser = await gatherSites(plan, hooks, {
      ...(options.signal ? { signal: options.signal } : {}),
      only: toVisit,
      onSite: (gathered, index) => complete(evidenceFileOf(gathered, plan), index, false),
    });
  }

  const firstSaved = saved.find((evidence) => evidence !== undefined);
  const browserVersion = browser?.version ?? firstSaved?.browser.version;
  const userAgent = browser?.userAgent ?? plan.userAgent ?? firstSaved?.browser.userAgent ?? '';
  return finish(
    judged.filter((site): site is JudgedSite => site !== undefined),
    {
      tool: TOOL,
      startedAt,
      finishedAt: now(),
      ...(browserVersion ? { browserVersion } : {}),
      plan: summarisePlan(plan, userAgent),
      pendingSites: plan.sites.filter((_, index) => judged[index] === undefined).map((target) => target.url ?? target.input),
    },
    options.baseline,
  );
}
