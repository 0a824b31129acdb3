import { desktopUserAgent, findBrowser } from '../browser/find-browser.js';
import { launchBrowser } from '../browser/profile.js';
import { classifySite } from '../classify/index.js';
import type { Phase, SiteEvidence } from '../model/evidence.js';
import type { Report, SiteReport } from '../model/report.js';
import { chromiumHostResolverRules } from '../plan/host-map.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import { assembleReport } from '../report/assemble.js';
import { runRules } from '../rules/engine.js';
import { scanSite } from './site.js';

import { TOOL } from './tool.js';

export { TOOL };

export interface ScanHooks {
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
  /** A site starts (index from 0). */
  onSiteStart?: (event: { url: string; index: number; total: number; phases: number }) => void;
  /** One page of one phase is done (ok or not). */
  onPageDone?: (event: { siteUrl: string; pageUrl: string; phase: Phase; ok: boolean; ms: number }) => void;
  /** A site is done; `error` when it could not be scanned at all. */
  onSiteDone?: (event: { url: string; index: number; total: number; pages: number; findings: number; error?: string; ms: number }) => void;
}

/**
 * Runs a whole scan: finds and starts the browser once (throws BrowserNotFoundError when there is
 * none), scans the sites one after another with their phases side by side, each phase in a fresh
 * profile, and assembles the report.
 */
export async function runScan(plan: ScanPlan, hooks: ScanHooks = {}): Promise<Report> {
  const log = hooks.log ?? (() => {});
  const startedAt = new Date();
  const found = findBrowser(plan.browser.executablePath);
  const browser = await launchBrowser({
    executablePath: found.executablePath,
    headless: plan.browser.headless,
    hostResolverRules: chromiumHostResolverRules(plan.hostMap),
    extraArgs: plan.browser.extraArgs,
  });
  const userAgent = plan.userAgent ?? desktopUserAgent(browser.version);
  log(`browser: ${found.executablePath} (${browser.version})`);
  const profileOptions = { ignoreHttpsErrors: plan.ignoreHttpsErrors, locale: plan.locale, userAgent, viewport: plan.viewport };
  const sites: SiteReport[] = [];
  try {
    for (const [index, target] of plan.sites.entries()) {
      const url = target.url ?? target.input;
      const total = plan.sites.length;
      hooks.onSiteStart?.({ url, index, total, phases: plan.phases.length });
      const evidence: SiteEvidence = await scanSite(target, plan, () => browser.newProfile(profileOptions), (event) =>
        hooks.onPageDone?.({ siteUrl: url, ...event }),
      );
      const visitTime = Math.round(Date.now() / 1000);
      const classified = classifySite(evidence, visitTime, { extraClassifiers: plan.classifiers });
      const { findings, errors } = runRules(classified, plan.ruleConfig);
      sites.push({ ...classified, errors: [...classified.errors, ...errors], findings });
      hooks.onSiteDone?.({ url, index, total, pages: evidence.pages.length, findings: findings.length, error: evidence.error, ms: evidence.durationMs });
    }
  } finally {
    await browser.close();
  }
  return assembleReport({
    tool: TOOL,
    startedAt,
    finishedAt: new Date(),
    browserVersion: browser.version,
    plan: summarisePlan(plan, userAgent),
    sites,
    errors: [],
  });
}
