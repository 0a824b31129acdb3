import { performance } from 'node:perf_hooks';
import type { BrowserPage, BrowserProfile } from './browser/types.js';
import { NetworkCollector } from './collectors/network.js';
import { collectCookies } from './collectors/cookies.js';
import { StorageCollector } from './collectors/storage.js';
import { collectTcf } from './collectors/tcf.js';
import { attachConsentBridge, type BannerDetection, type ConsentBridge } from './consent/index.js';
import type { ConsentActionRecord, Phase, PhaseEvidence, ScanError } from '../model/evidence.js';
import type { ScanPlan } from '../plan/plan.js';
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
  action?: ConsentActionRecord;
  errors: ScanError[];
}

/** DevTools calls that need the renderer are bounded: a page stuck in a script loop must not hang the scan. */
const RENDERER_CALL_MS = 5_000;

/** Called after each page of a phase, for progress display. */
export type PageDoneListener = (event: { pageUrl: string; phase: Phase; ok: boolean; ms: number }) => void;

export interface PhaseRunOptions {
  onPageDone?: PageDoneListener;
  /** Filled as pages finish (see runPhase). */
  outcome?: PhaseOutcome;
  /** Once aborted, no further page is started. */
  signal?: AbortSignal;
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
  let network!: NetworkCollector;
  let storage!: StorageCollector;
  let consent!: ConsentBridge;
  const page = await profile.newPage(async (p) => {
    network = new NetworkCollector(p.cdp, now);
    storage = new StorageCollector(p.cdp);
    await network.attach();
    await storage.attach();
    consent = await attachConsentBridge(p, phase === 'before' ? 'detect' : phase);
  });
  const settle = () => waitForNetworkQuiet(network, now, { quietMs: plan.quietMs, maxWaitMs: plan.maxWaitMs });
  try {
    for (let index = 0; !options.signal?.aborted; index++) {
      const url = index === 0 ? startUrl : await frontier.pageAt(index);
      if (url === null || options.signal?.aborted) break;
      const visitStart = now();
      const evidence: PhaseEvidence = { status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 0 };
      try {
        const navigation = await page.goto(url, plan.timeoutMs);
        evidence.finalUrl = navigation.finalUrl;
        await settle();
        if (index === 0) {
          outcome.detection = await consent.detect(plan.consentTimeoutMs);
          if (outcome.detection.bannerFound && phase === plan.phases[0]) {
            // The first layer as the visitor sees it, for the report; only one phase pays for it.
            outcome.bannerScreenshot = await captureBanner(page).catch((error: unknown) => {
              outcome.errors.push({ stage: 'collector', message: `screenshot: ${errorMessage(error)}`, pageUrl: url, phase });
              return undefined;
            });
          }
          if (phase !== 'before') {
            evidence.consentActionAt = Math.round(now());
            network.markConsentAction();
            outcome.action = await consent.act(plan.consentTimeoutMs);
            if (!outcome.action.done) {
              network.revertConsentAction();
              delete evidence.consentActionAt;
            }
            await settle();
          }
          // The choice is made; the bridge's per-frame rule matching would only cost CPU on later pages.
          consent.dispose();
        }
        const onlyPage = drives ? plan.maxPages <= 1 : (await frontier.pageAt(1)) === null;
        if (index === 0 && phase !== 'before' && onlyPage) {
          // Consent managers often apply a choice only on the next page load; a visitor would
          // click on, and with no next page we reload instead.
          await page.reload(plan.timeoutMs);
          await settle();
        }
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
        evidence.status = 'error';
        evidence.error = errorMessage(error);
        outcome.errors.push({ stage: 'navigation', message: evidence.error, pageUrl: url, phase });
      }
      await collectInto(evidence, page, network, storage, phase, url, outcome.errors, plan.includeValues === true);
      evidence.durationMs = Math.round(now() - visitStart);
      outcome.pages.push({ url, evidence });
      onPageDone({ pageUrl: url, phase, ok: evidence.status === 'ok', ms: evidence.durationMs });
      if (drives) await frontier.advance();
    }
  } finally {
    // Whatever happened, the other phases must not wait for pages this phase will never choose.
    if (drives) frontier.end();
    outcome.errors.push(...consent.errors.map((e) => ({ ...e, phase })));
    consent.dispose();
  }
  return outcome;
}

async function captureBanner(page: BrowserPage): Promise<string> {
  const jpeg = await withTimeout(page.screenshot({ type: 'jpeg', quality: 60 }), RENDERER_CALL_MS, 'page did not answer');
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

async function collectInto(
  evidence: PhaseEvidence,
  page: BrowserPage,
  network: NetworkCollector,
  storage: StorageCollector,
  phase: Phase,
  url: string,
  errors: ScanError[],
  includeValues: boolean,
): Promise<void> {
  const recorded = network.takePage();
  evidence.requests = recorded.requests;
  evidence.refusedCookies = recorded.refusedCookies;
  evidence.documentStatus = recorded.documentStatus;
  evidence.storage = storage.snapshot();
  try {
    evidence.cookies = await withTimeout(collectCookies(page.cdp, network.httpSetCookies(), includeValues), RENDERER_CALL_MS, 'cookie jar did not answer');
  } catch (error) {
    errors.push({ stage: 'collector', message: `cookies: ${errorMessage(error)}`, pageUrl: url, phase });
  }
  if (evidence.status !== 'ok') return;
  try {
    const tcf = await withTimeout(collectTcf(page.cdp), RENDERER_CALL_MS, 'page did not answer');
    if (tcf) evidence.tcf = tcf;
  } catch (error) {
    errors.push({ stage: 'collector', message: `TCF: ${errorMessage(error)}`, pageUrl: url, phase });
  }
}
