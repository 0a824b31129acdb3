import { performance } from 'node:perf_hooks';
import type { BrowserProfile } from './browser/types.js';
import { CollectorHooks, createCollectors, RENDERER_CALL_MS, type PhaseCollectors } from './collectors/index.js';
import { attachConsentBridge, type BannerDetection, type ConsentBridge } from './consent/index.js';
import { languageOfLocale } from './consent/phrases.js';
import { unmeasuredDesign } from './consent/banner-design.js';
import type { ConsentActionRecord, Phase, PhaseEvidence, ScanError } from '../model/evidence.js';
import type { WithdrawalRecord } from '../model/withdrawal.js';
import { skippedWithdrawal } from './consent/withdraw.js';
import type { BannerDesign } from '../model/banner.js';
import type { ScanPlan, SiteTarget } from '../plan/plan.js';
import { errorMessage, withTimeout } from '../util/async.js';
import type { PageFrontier } from './discover/frontier.js';
import { extractSameSiteLinks, renderedHtml } from './discover/links.js';
import { scrollThrough, waitForNetworkQuiet } from './settle.js';

/** What one phase of one site produced. */
export interface PhaseOutcome {
  phase: Phase;
  /** Evidence per page URL, in visiting order. */
  pages: Array<{ url: string; evidence: PhaseEvidence }>;
  detection?: BannerDetection;
  /** The banner's first layer before any click, as a JPEG data: URI. */
  bannerScreenshot?: string;
  /** The banner's first layer measured before any click (the plan's first phase only). */
  bannerDesign?: BannerDesign;
  action?: ConsentActionRecord;
  /** withdraw phase: the withdrawal after the accept. */
  withdrawal?: WithdrawalRecord;
  errors: ScanError[];
}

/** Called after each page of a phase, for progress display. */
export type PageDoneListener = (event: { pageUrl: string; phase: Phase; ok: boolean; ms: number }) => void;

export interface PhaseRunOptions {
  onPageDone?: PageDoneListener;
  /** Filled as pages finish (see runPhase). */
  outcome?: PhaseOutcome;
  /** Once aborted, no further page is started. */
  signal?: AbortSignal;
  /** The site's own consent steps (--consent-accept / --consent-reject, sites file, config). */
  consentSteps?: SiteTarget['consentSteps'];
}

/**
 * Visits the site's pages in one fresh profile, in order, like a first-time visitor who makes the
 * phase's consent choice on the first page and then clicks on. The driving phase also discovers
 * the pages: it reports each page's rendered links to the frontier, which decides the next page
 * for every phase. Fills `outcome` as it goes, so a caller that gives up on the phase (time budget,
 * Ctrl-C) still has the pages finished so far.
 */
export async function runPhase(
  phase: Phase,
  startUrl: string,
  profile: BrowserProfile,
  plan: ScanPlan,
  frontier: PageFrontier,
  drives: boolean,
  options: PhaseRunOptions = {},
): Promise<PhaseOutcome> {
  const outcome = options.outcome ?? { phase, pages: [], errors: [] };
  const onPageDone = options.onPageDone ?? (() => {});
  const phaseStart = performance.now();
  const now = () => performance.now() - phaseStart;
  let collectors!: PhaseCollectors;
  let consent!: ConsentBridge;
  const page = await profile.newPage(async (p) => {
    collectors = createCollectors(
      { page: p, now },
      // The report needs one picture of the banner and one list of legal links; only the plan's first phase pays for them.
      { includeValues: plan.includeValues === true, screenshotBanner: phase === plan.phases[0], legalLinks: phase === plan.phases[0] },
    );
    await CollectorHooks.attach(collectors.all);
    consent = await attachConsentBridge(p, phase === 'before' ? 'detect' : phase, {
      ...(options.consentSteps ? { steps: options.consentSteps } : {}),
      languages: expectedLanguages(plan.locale),
    });
  });
  const hooks = new CollectorHooks(collectors.all, phase, outcome.errors);
  const settle = () => waitForNetworkQuiet(collectors.network, now, { quietMs: plan.quietMs, maxWaitMs: plan.maxWaitMs });
  try {
    for (let index = 0; !options.signal?.aborted; index++) {
      const url = index === 0 ? startUrl : await frontier.pageAt(index);
      if (url === null || options.signal?.aborted) break;
      const visitStart = now();
      let evidence: PhaseEvidence = { status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 0 };
      try {
        const navigation = await page.goto(url, plan.timeoutMs);
        evidence.finalUrl = navigation.finalUrl;
        await settle();
        if (index === 0) {
          outcome.detection = await consent.detect(plan.consentTimeoutMs);
          // The first layer as the visitor sees it, before any click.
          if (outcome.detection.bannerFound) Object.assign(outcome, await hooks.bannerShown(url));
          if (outcome.detection.bannerFound && phase === plan.phases[0]) outcome.bannerDesign = await measureBannerDesign(consent, phase);
          if (phase === 'withdraw') {
            outcome.action = await consent.act(plan.consentTimeoutMs);
            await settle();
            outcome.withdrawal = await withdrawAfterAccept(outcome, consent, page, plan, settle);
            await settle();
            // Requests of this phase are "after consent" from the fresh load after the withdrawal
            // (the reload below) on: what the withdrawn page still sent while the refusal was being
            // clicked, or while it unloaded, came from the tags the accept had started.
            if (outcome.withdrawal.done) {
              evidence.consentActionAt = Math.round(now());
              hooks.markConsentAction(url, { fromNextDocument: true });
            }
          } else if (phase !== 'before') {
            evidence.consentActionAt = Math.round(now());
            hooks.markConsentAction(url);
            outcome.action = await consent.act(plan.consentTimeoutMs);
            if (!outcome.action.done) {
              hooks.revertConsentAction(url);
              delete evidence.consentActionAt;
            }
            await settle();
          }
          // The choice is made; the bridge's per-frame rule matching would only cost CPU on later pages.
          consent.dispose();
        }
        if (index === 0 && outcome.action && outcome.action.method !== 'none') {
          // Consent managers often apply a choice only on the next page load, and tags may load
          // then: the start page is seen again, fresh, after the decision (like every later page).
          await page.reload(plan.timeoutMs);
          await settle();
        }
        // The scanner's markers go into the page's form fields (never submitted); what the page sends with them, the network sees.
        if (await hooks.interact({ url, loaded: true })) await settle();
        const scrolled = await withTimeout(scrollThrough(page.cdp), RENDERER_CALL_MS * 2, 'page did not answer while scrolling');
        if (scrolled > 0) await settle();
        evidence.title = await withTimeout(page.title(), RENDERER_CALL_MS, 'page did not answer').catch(() => undefined);
        if (drives) {
          const links = await withTimeout(renderedHtml(page.cdp), RENDERER_CALL_MS, 'page did not answer')
            .then((html) => extractSameSiteLinks(html, page.url()))
            .catch(() => []);
          frontier.addLinks(url, links);
        }
      } catch (error) {
        evidence = { ...evidence, status: 'error', error: errorMessage(error) };
        outcome.errors.push({ stage: 'navigation', message: evidence.error, pageUrl: url, phase });
      }
      Object.assign(evidence, await hooks.collect({ url, loaded: evidence.status === 'ok' }));
      evidence.durationMs = Math.round(now() - visitStart);
      outcome.pages.push({ url, evidence });
      onPageDone({ pageUrl: url, phase, ok: evidence.status === 'ok', ms: evidence.durationMs });
      if (drives) await frontier.advance();
      // Nothing to withdraw (no banner, accept not done): the phase stops after its start page.
      if (outcome.withdrawal?.skipped && !drives) break;
    }
  } finally {
    // Whatever happened, the other phases must not wait for pages this phase will never choose.
    if (drives) frontier.end();
    outcome.errors.push(...consent.errors.map((e) => ({ ...e, phase })));
    consent.dispose();
  }
  return outcome;
}

/**
 * The withdraw phase after its accept: nothing to withdraw without a banner or an accept that
 * went through (recorded as skipped); else the start page is reloaded (the choice applied, like
 * a visitor coming back), and the bridge reopens the settings and withdraws.
 */
async function withdrawAfterAccept(
  outcome: PhaseOutcome,
  consent: ConsentBridge,
  page: { reload(timeoutMs: number): Promise<unknown> },
  plan: ScanPlan,
  settle: () => Promise<unknown>,
): Promise<WithdrawalRecord> {
  if (!outcome.detection?.bannerFound && !outcome.action?.done) return skippedWithdrawal('no consent banner was found on the start page');
  if (!outcome.action?.done) return skippedWithdrawal(`"accept all" could not be done${outcome.action && 'detail' in outcome.action && outcome.action.detail ? ` (${outcome.action.detail})` : ''}`);
  await page.reload(plan.timeoutMs);
  await settle();
  return consent.withdraw(plan.consentTimeoutMs);
}

/** Bound of one in-page call of the banner measurement (a busy page answers slowly; the consent step's own scans allow 2 s). */
const MEASURE_CALL_MS = RENDERER_CALL_MS;
/** Backstop for the whole measurement: three first-layer calls plus the settings layer's own budget. */
const MEASURE_TOTAL_MS = RENDERER_CALL_MS * 6;

/**
 * The banner's design before any click; in the before phase (nothing is clicked there) its
 * settings layer is opened once, after the screenshot, to read its switches. Never throws.
 */
async function measureBannerDesign(consent: ConsentBridge, phase: Phase): Promise<BannerDesign> {
  return withTimeout(consent.measureBanner(MEASURE_CALL_MS, { openSettings: phase === 'before' }), MEASURE_TOTAL_MS, 'the page did not answer').catch((error: unknown) =>
    unmeasuredDesign(`the banner could not be measured: ${errorMessage(error)}`),
  );
}

/** The languages to expect first on the banner, from --locale ("de-AT" → de). */
function expectedLanguages(locale: string): string[] {
  const language = languageOfLocale(locale);
  return language ? [language] : [];
}
