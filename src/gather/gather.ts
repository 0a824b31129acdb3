import PQueue from 'p-queue';
import { desktopUserAgent, findBrowser } from './browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from './browser/profile.js';
import { classifySite } from '../judge/classify/index.js';
import type { ClassifiedSite, Phase } from '../model/evidence.js';
import type { Report, SiteReport } from '../model/report.js';
import { chromiumHostResolverRules } from '../plan/host-map.js';
import { summarisePlan, type ScanPlan, type SiteTarget } from '../plan/plan.js';
import { assembleReport } from '../finish/assemble.js';
import { runRules } from '../judge/rule-engine/engine.js';
import { HostThrottle } from './discover/throttle.js';
import { scanSite } from './site.js';

import { TOOL } from '../tool.js';

export { TOOL };

export interface ScanHooks {
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
  /** A site starts (index from 0, in the plan's order; with concurrency several run at once). */
  onSiteStart?: (event: { url: string; index: number; total: number; phases: number }) => void;
  /** One page of one phase is done (ok or not). */
  onPageDone?: (event: { siteUrl: string; pageUrl: string; phase: Phase; ok: boolean; ms: number }) => void;
  /** A site is done; `error` when it could not be scanned at all; `resumed` when reused from an earlier run. */
  onSiteDone?: (event: { url: string; index: number; total: number; pages: number; findings: number; error?: string; ms: number; resumed?: boolean }) => void;
}

/** How a run is steered from outside: interruption, reuse of earlier results, and results as they come. */
export interface ScanControl {
  /** Ctrl-C: no new site starts, running ones stop; finished sites are kept, the others are listed as pending. */
  signal?: AbortSignal;
  /** A finished result of an earlier run for this site (--resume), or undefined to scan it. */
  reuse?: (target: SiteTarget, index: number) => SiteReport | undefined;
  /**
   * Called as each site finishes (scanned or reused), before its onSiteDone; awaited. `browser`
   * says what scanned it (absent for a reused site).
   */
  onSiteReport?: (site: SiteReport, index: number, resumed: boolean, browser?: { version: string; userAgent: string }) => Promise<void>;
  /** The user agent the reused results were recorded with: the report's when no browser is started. */
  reusedUserAgent?: string;
}

/**
 * Runs a whole scan: sites run concurrently (plan.concurrency, each within its own time budget, so
 * one slow site never holds up the others; sites on one host name take turns), each site's phases
 * side by side in fresh profiles of one shared browser. Sites reused from an earlier run (--resume) have their rules run again with
 * the current configuration; the browser is only started when some site needs it (throws
 * BrowserNotFoundError when there is none). The report lists sites in the plan's order.
 */
export async function runScan(plan: ScanPlan, hooks: ScanHooks = {}, control: ScanControl = {}): Promise<Report> {
  const log = hooks.log ?? (() => {});
  const startedAt = new Date();
  const total = plan.sites.length;
  const results: Array<SiteReport | undefined> = new Array(total);
  const reused = plan.sites.map((target, index) => control.reuse?.(target, index));
  let browser: ScanBrowser | undefined;
  let userAgent = plan.userAgent;
  const report = async (site: SiteReport, index: number, resumed: boolean) => {
    results[index] = site;
    const by = browser && userAgent ? { version: browser.version, userAgent } : undefined;
    await control.onSiteReport?.(site, index, resumed, resumed ? undefined : by);
  };

  // Reused sites first: they cost nothing and put the finished part of the index on disk at once.
  for (const [index, earlier] of reused.entries()) {
    if (!earlier) continue;
    const site = rerunRules(earlier, plan);
    await report(site, index, true);
    hooks.onSiteDone?.({ url: site.url, index, total, pages: site.pages.length, findings: site.findings.length, error: site.error, ms: 0, resumed: true });
  }
  const toScan = plan.sites.map((target, index) => ({ target, index })).filter(({ index }) => !reused[index]);
  try {
    if (toScan.length > 0 && !control.signal?.aborted) {
      const found = findBrowser(plan.browser.executablePath);
      browser = await launchBrowser({
        executablePath: found.executablePath,
        headless: plan.browser.headless,
        hostResolverRules: chromiumHostResolverRules(plan.hostMap),
        extraArgs: plan.browser.extraArgs,
      });
      userAgent ??= desktopUserAgent(browser.version);
      log(`browser: ${found.executablePath} (${browser.version})${toScan.length > 1 ? `; ${Math.min(plan.concurrency, toScan.length)} sites at once` : ''}`);
      const open = browser;
      const profileOptions = { ignoreHttpsErrors: plan.ignoreHttpsErrors, locale: plan.locale, userAgent, viewport: plan.viewport };
      const queue = new PQueue({ concurrency: plan.concurrency });
      const throttle = new HostThrottle();
      // Politeness: sites on one host name (e.g. /de/ and /fr/ of one shop) take turns, each
      // already loading up to one page per phase at once. A site waiting for its host holds no
      // slot of the main queue.
      const hostTurns = new Map<string, PQueue>();
      const turnOf = (target: SiteTarget): PQueue | undefined => {
        const host = target.url ? new URL(target.url).hostname : undefined;
        if (!host) return undefined;
        let turn = hostTurns.get(host);
        if (!turn) hostTurns.set(host, (turn = new PQueue({ concurrency: 1 })));
        return turn;
      };
      const scanOne = async (target: SiteTarget, index: number): Promise<void> => {
        // After Ctrl-C, waiting sites start and return at once (clearing the queues instead would
        // leave their promises pending forever).
        if (control.signal?.aborted) return;
        const url = target.url ?? target.input;
        hooks.onSiteStart?.({ url, index, total, phases: plan.phases.length });
        const evidence = await scanSite(target, plan, () => open.newProfile(profileOptions), {
          onPageDone: (event) => hooks.onPageDone?.({ siteUrl: url, ...event }),
          signal: control.signal,
          throttle,
        });
        // An interrupted site is incomplete: it is left for --resume, never reported half done.
        if (control.signal?.aborted) return;
        const site = judge(classifySite(evidence, Math.round(Date.now() / 1000), { extraClassifiers: plan.classifiers }), plan);
        await report(site, index, false);
        hooks.onSiteDone?.({ url, index, total, pages: evidence.pages.length, findings: site.findings.length, error: evidence.error, ms: evidence.durationMs });
      };
      await Promise.all(
        toScan.map(({ target, index }) => {
          const turn = turnOf(target);
          const run = () => queue.add(() => scanOne(target, index));
          return turn ? turn.add(run) : run();
        }),
      );
    }
  } finally {
    await browser?.close();
  }
  const sites = results.filter((site): site is SiteReport => site !== undefined);
  const pending = plan.sites.filter((_, index) => results[index] === undefined).map((target) => target.url ?? target.input);
  const assembled = assembleReport({
    tool: TOOL,
    startedAt,
    finishedAt: new Date(),
    ...(browser ? { browserVersion: browser.version } : {}),
    plan: summarisePlan(plan, userAgent ?? control.reusedUserAgent ?? ''),
    sites,
    errors: [],
  });
  if (pending.length > 0) assembled.incomplete = { reason: 'interrupted', pendingSites: pending };
  return assembled;
}

/** Rules over a classified site; errors of rules that threw join the site's errors. */
function judge(classified: ClassifiedSite, plan: ScanPlan): SiteReport {
  const { findings, errors } = runRules(classified, plan.ruleConfig);
  return { ...classified, errors: [...classified.errors, ...errors], findings };
}

/** A reused site judged again with today's rules and config: its evidence stands, its verdicts are redone. */
function rerunRules(earlier: SiteReport, plan: ScanPlan): SiteReport {
  const { findings: _old, ...classified } = earlier;
  return judge({ ...classified, errors: classified.errors.filter((e) => e.stage !== 'rule') }, plan);
}
