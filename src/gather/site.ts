import { performance } from 'node:perf_hooks';
import type { BrowserProfile } from './browser/types.js';
import { PHASES, type ConsentObservation, type PageEvidence, type Phase, type ScanError, type SiteEvidence } from '../model/evidence.js';
import type { HostThrottle } from './discover/throttle.js';
import type { ScanPlan, SiteTarget } from '../plan/plan.js';
import { errorMessage, untilAborted } from '../util/async.js';
import { createSiteFrontier } from './discover/site-discovery.js';
import { probeHttpOrigin } from './net/http-probe.js';
import { TOOL } from '../tool.js';
import { runPhase, type PageDoneListener, type PhaseOutcome } from './phase.js';

export type ProfileSource = () => Promise<BrowserProfile>;

export interface SiteRunOptions {
  onPageDone?: PageDoneListener;
  /** The whole run was interrupted (Ctrl-C): stop as soon as possible. */
  signal?: AbortSignal;
  /** The run's politeness gate for robots.txt and sitemap requests, shared by all sites. */
  throttle?: HostThrottle;
}

/**
 * Scans one site: its phases run side by side, each in its own fresh profile, within the site's
 * time budget (--site-timeout, else a bound derived from the page count). When the budget runs
 * out or the run is interrupted, the phases stop, their profiles close, and the pages finished so
 * far are kept with an error saying why the rest is missing. Never throws.
 */
export async function scanSite(target: SiteTarget, plan: ScanPlan, acquireProfile: ProfileSource, options: SiteRunOptions = {}): Promise<SiteEvidence> {
  const started = performance.now();
  const site: SiteEvidence = { url: target.url ?? target.input, startedAt: new Date().toISOString(), consentObservations: [], pages: [], errors: [], durationMs: 0 };
  if (!target.url) {
    site.error = target.error ?? 'invalid URL';
    site.errors.push({ stage: 'input', message: site.error });
    return site;
  }
  const startUrl = target.url;
  const frontier = createSiteFrontier(startUrl, plan, target.pages, options.throttle);
  // Once per site, beside the phases: does the plain-HTTP origin redirect to HTTPS? (never throws)
  const httpProbe = probeHttpOrigin(startUrl, { hostMap: plan.hostMap, ignoreHttpsErrors: plan.ignoreHttpsErrors, userAgent: `${TOOL.name}/${TOOL.version} (consent audit; transport check)` });
  // The first phase (before consent, normally) discovers the pages; the others follow it.
  const driver = plan.phases[0];
  const budget = siteBudgetMs(plan, Math.max(plan.maxPages, (target.pages?.length ?? 0) + 1));
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Error(`site did not finish within its time budget of ${budget} ms; pages not finished by then are missing`)), budget);
  const onInterrupt = () => stop.abort(new Error('scan interrupted'));
  options.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal?.aborted) onInterrupt();
  try {
    const outcomes = await Promise.all(
      plan.phases.map(async (phase): Promise<PhaseOutcome> => {
        const outcome: PhaseOutcome = { phase, pages: [], errors: [] };
        let profile: BrowserProfile | undefined;
        try {
          profile = await untilAborted(acquireProfile(), stop.signal);
          await untilAborted(runPhase(phase, startUrl, profile, plan, frontier, phase === driver, { onPageDone: options.onPageDone, outcome, signal: stop.signal, ...(target.consentSteps ? { consentSteps: target.consentSteps } : {}) }), stop.signal);
          return outcome;
        } catch (error) {
          if (phase === driver) frontier.end();
          const stage = stop.signal.aborted ? 'budget' : profile ? 'navigation' : 'browser';
          // A snapshot: the abandoned phase may still add to `outcome` until its profile is closed.
          return { ...outcome, pages: [...outcome.pages], errors: [...outcome.errors, { stage, message: errorMessage(error), phase }] };
        } finally {
          await profile?.close().catch(() => {});
        }
      }),
    );
    site.pages = mergePages(outcomes);
    site.consentObservations = consentObservations(outcomes);
    const screenshot = outcomes.find((o) => o.bannerScreenshot)?.bannerScreenshot;
    if (screenshot) site.bannerScreenshot = screenshot;
    const design = outcomes.find((o) => o.bannerDesign)?.bannerDesign;
    if (design) site.bannerDesign = design;
    site.errors = outcomes.flatMap((o) => o.errors);
    site.discovery = frontier.discoveryNotes();
    const probed = await untilAborted(httpProbe, stop.signal).catch(() => undefined);
    if (probed) site.transport = { httpProbe: probed };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onInterrupt);
  }
  site.finalUrl = site.pages[0]?.phases.before?.finalUrl ?? firstFinalUrl(site.pages[0]);
  site.error = siteError(site, plan.phases);
  site.durationMs = Math.round(performance.now() - started);
  return site;
}

/**
 * The site's time budget: --site-timeout, else a generous bound from the page count that only
 * matters when a page or the browser wedges (every page may use its load timeout and a few waits).
 */
export function siteBudgetMs(plan: ScanPlan, pages: number): number {
  // The withdraw phase's start page has a third consent step (accept, then reopen and withdraw).
  const consentSteps = plan.phases.includes('withdraw') ? 3 : 2;
  return plan.siteTimeoutMs ?? pages * (plan.timeoutMs + plan.maxWaitMs * 3 + 15_000) + consentSteps * plan.consentTimeoutMs + 10_000;
}

function mergePages(outcomes: PhaseOutcome[]): PageEvidence[] {
  const byUrl = new Map<string, PageEvidence>();
  for (const outcome of [...outcomes].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase))) {
    for (const { url, evidence } of outcome.pages) {
      let page = byUrl.get(url);
      if (!page) byUrl.set(url, (page = { url, phases: {} }));
      page.phases[outcome.phase] = evidence;
    }
  }
  return [...byUrl.values()];
}

/** What each phase's consent step saw and did, uninterpreted (the judge stage reads it), in phase order. */
function consentObservations(outcomes: PhaseOutcome[]): ConsentObservation[] {
  return PHASES.flatMap((phase) => {
    const outcome = outcomes.find((o) => o.phase === phase);
    if (!outcome) return [];
    return [{ phase, ...(outcome.detection ? { detection: outcome.detection } : {}), ...(outcome.action ? { action: outcome.action } : {}), ...(outcome.withdrawal ? { withdrawal: outcome.withdrawal } : {}) }];
  });
}

function firstFinalUrl(page: PageEvidence | undefined): string | undefined {
  return page ? Object.values(page.phases).find((p) => p?.finalUrl)?.finalUrl : undefined;
}

/** The site failed as a whole when its start page loaded in no phase. */
function siteError(site: SiteEvidence, phases: Phase[]): string | undefined {
  const start = site.pages[0];
  const loaded = start && phases.some((phase) => start.phases[phase]?.status === 'ok');
  if (loaded) return undefined;
  const reasons = new Set(site.errors.map((e: ScanError) => e.message));
  return reasons.size ? [...reasons].join('; ') : 'the site could not be scanned';
}
