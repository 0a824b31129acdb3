/**
 * Stage 1, gather: a plan in, each site's raw evidence out. Starts one browser, visits the sites
 * (concurrently, each within its time budget, sites on one host taking turns) and hands every
 * site's evidence over as it is done. Judges nothing: classification, consent inference, rules
 * and reports are later stages (src/judge, src/finish), which also run on saved evidence.
 */
import PQueue from 'p-queue';
import { deviceUserAgent } from './browser/devices.js';
import { findBrowser } from './browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from './browser/profile.js';
import type { Phase, SiteEvidence } from '../model/evidence.js';
import { chromiumHostResolverRules } from '../plan/host-map.js';
import type { ScanPlan, SiteTarget } from '../plan/plan.js';
import { HostThrottle } from './discover/throttle.js';
import { scanSite } from './site.js';

/** The browser that gathered the evidence. */
export interface BrowserInfo {
  version: string;
  userAgent: string;
}

/** One site's evidence as gathered, with what gathered it. */
export interface GatheredSite {
  evidence: SiteEvidence;
  browser: BrowserInfo;
  /** When the site was done (it started at `evidence.startedAt`). */
  finishedAt: Date;
}

export interface GatherHooks {
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
  /** A site starts (index from 0, in the plan's order; with concurrency several run at once). */
  onSiteStart?: (event: { url: string; index: number; total: number; phases: number }) => void;
  /** One page of one phase is done (ok or not). */
  onPageDone?: (event: { siteUrl: string; pageUrl: string; phase: Phase; ok: boolean; ms: number }) => void;
}

export interface GatherControl {
  /** Ctrl-C: no new site starts, running ones stop; an interrupted site is not handed over. */
  signal?: AbortSignal;
  /** The plan's sites to visit, by index; default all. */
  only?: readonly number[];
  /** Called as each site is done, in completion order; awaited before the site's slot is freed. */
  onSite?: (gathered: GatheredSite, index: number) => Promise<void> | void;
}

/**
 * Visits the plan's sites (or `control.only`) and hands each site's evidence to `control.onSite`.
 * The browser is only started when there is a site to visit (throws BrowserNotFoundError when
 * there is none). Returns the browser that was used, if any.
 */
export async function gatherSites(plan: ScanPlan, hooks: GatherHooks = {}, control: GatherControl = {}): Promise<BrowserInfo | undefined> {
  const log = hooks.log ?? (() => {});
  const total = plan.sites.length;
  const toVisit = (control.only ?? plan.sites.map((_, index) => index)).map((index) => ({ target: plan.sites[index]!, index }));
  if (toVisit.length === 0 || control.signal?.aborted) return undefined;
  let browser: ScanBrowser | undefined;
  try {
    const found = findBrowser(plan.browser.executablePath);
    browser = await launchBrowser({
      executablePath: found.executablePath,
      headless: plan.browser.headless,
      hostResolverRules: chromiumHostResolverRules(plan.hostMap),
      extraArgs: plan.browser.extraArgs,
    });
    const info: BrowserInfo = { version: browser.version, userAgent: plan.userAgent ?? deviceUserAgent(plan.device, browser.version) };
    log(`browser: ${found.executablePath} (${browser.version})${toVisit.length > 1 ? `; ${Math.min(plan.concurrency, toVisit.length)} sites at once` : ''}`);
    const open = browser;
    const { viewport, deviceScaleFactor, isMobile, hasTouch } = plan.device;
    const profileOptions = { ignoreHttpsErrors: plan.ignoreHttpsErrors, locale: plan.locale, userAgent: info.userAgent, viewport, deviceScaleFactor, isMobile, hasTouch };
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
    const visit = async (target: SiteTarget, index: number): Promise<void> => {
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
      // An interrupted site is incomplete: it is left for --resume, never handed over half done.
      if (control.signal?.aborted) return;
      await control.onSite?.({ evidence, browser: info, finishedAt: new Date() }, index);
    };
    await Promise.all(
      toVisit.map(({ target, index }) => {
        const turn = turnOf(target);
        const run = () => queue.add(() => visit(target, index));
        return turn ? turn.add(run) : run();
      }),
    );
    return info;
  } finally {
    await browser?.close();
  }
}

/** Every site of the plan, gathered, in the plan's order (sites interrupted by `signal` are missing). */
export async function gather(plan: ScanPlan, hooks: GatherHooks = {}, signal?: AbortSignal): Promise<GatheredSite[]> {
  const results: Array<GatheredSite | undefined> = new Array(plan.sites.length);
  await gatherSites(plan, hooks, { ...(signal ? { signal } : {}), onSite: (gathered, index) => void (results[index] = gathered) });
  return results.filter((g): g is GatheredSite => g !== undefined);
}
