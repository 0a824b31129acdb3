/**
 * The consent bridge of one page: runs autoconsent in an isolated world of every frame (the page
 * cannot see it), answers its messages over raw CDP, and falls back to the project's heuristics
 * (words and structure, closed shadow roots included, then the settings layer) or the user's
 * selectors. Every action is proven by its effect: a snapshot of the consent state before and
 * after, compared signal by signal; a method whose claim nothing confirms hands over to the next.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserPage, CdpClient, CdpEvent, CdpEventPayload } from '../browser/types.js';
import type { ConsentActionRecord, ScanError } from '../../model/evidence.js';
import type { ConsentAttempt, ConsentClick, ConsentSignal } from '../../model/consent.js';
import type { WithdrawalRecord } from '../../model/withdrawal.js';
import { REOPEN_APIS, availableReopenApis, callReopenApi, reopenCandidates, reopenScanOptions, scanForReopenControls, type FoundReopenControl, type ReopenCandidate } from './reopen.js';
import { skippedWithdrawal, withdrawConsent, type WithdrawalPage } from './withdraw.js';
import {
  AUTOCONSENT_CONFIG,
  isolatedWorldSource,
  parseAutoconsentMessage,
  rulesForFrame,
  type BridgeToAutoconsent,
  type ContentScriptMessage,
} from './autoconsent-messages.js';
import { AutoconsentState, type PopupFound } from './autoconsent-state.js';
import { errorMessage, sleep, withTimeout } from '../../util/async.js';
import { firstPartyMatcher, hostOfUrl, registrableDomain } from '../../util/party.js';
import { asClause } from '../../util/text.js';
import { callInWorld, clickControl, waitUntilControlGone, type WorldKeys } from './click.js';
import { handOverClosedRoots } from './closed-roots.js';
import { findSelectorTarget } from './heuristics-script.js';
import { controlsOf, framesToScan, scanFrames, type BannerCandidate, type FramesScan } from './heuristics.js';
import { clickThroughLayers, type Choice } from './layers.js';
import { clickSelectorSteps } from './selector-steps.js';
import type { ConsentSurface } from './surface.js';
import { takeConsentSnapshot, type ConsentSnapshot } from './consent-snapshot.js';
import { consentSignals, isVerified } from './verify.js';
import { probeCmp } from './cmp-probe.js';
import { isConsentCookieName, isConsentHost } from '../../data/cmps.js';
import type { BannerDetection, ConsentBridge, ConsentBridgeOptions, ConsentMode } from './index.js';
import { FrameWorlds, isGoneError } from './worlds.js';
import { measureBanner } from './banner-measure.js';
import type { BannerDesign } from '../../model/banner.js';

/** Autoconsent's own eval timeout is 1 s; answer before it gives up. */
const EVAL_TIMEOUT_MS = 900;
/** How long one frame's DOM scan may take. */
const SCAN_TIMEOUT_MS = 2_000;
/** Time after autoconsent's result for its self-test. */
const SELF_TEST_TIMEOUT_MS = 3_000;
/** Kept back from the autoconsent wait in act() so the heuristics still get a turn. */
const HEURISTIC_RESERVE_MS = 3_000;
/** How long detect() keeps looking for the controls of a popup autoconsent found (fade-in animations). */
const POPUP_RESCAN_MS = 1_500;
/**
 * Banners injected late (a tag manager, or a loader that waits for the load event plus a few
 * seconds to spare the page's first paint) are looked for until this long after the load event
 * (navigation, when it never fired), rescanning on DOM mutations and new frames, within the
 * consent timeout.
 */
const LATE_BANNER_WINDOW_MS = 4_500;
/** Delay between rescans while waiting for a late banner or a fading-in popup. */
const RESCAN_INTERVAL_MS = 200;
/** How long after an action its effect may take to show (a cookie written on the next tick, tags loading). */
const EFFECT_WINDOW_MS = 2_500;
const EFFECT_POLL_MS = 250;
/** Bound of one consent-state snapshot. */
const SNAPSHOT_TIMEOUT_MS = 800;
/** How often time-based verdicts are re-checked while waiting. */
const POLL_MS = 100;
/** Closed shadow roots are looked for at most this often while rescanning. */
const CLOSED_ROOTS_INTERVAL_MS = 1_000;
/** How long a banner may take to fade out after autoconsent's action. */
const BANNER_GONE_WAIT_MS = 1_500;
/** Resource types whose third-party requests count as tags loading. */
const TAG_TYPES = new Set(['Script', 'Image', 'XHR', 'Fetch', 'Ping']);

export async function attachConsentBridge(page: BrowserPage, mode: ConsentMode, options: ConsentBridgeOptions = {}): Promise<ConsentBridge> {
  const bridge = new CdpConsentBridge(page, mode, options);
  await bridge.attach();
  return bridge;
}

/** One method's result before verification. */
interface Claim {
  record: ConsentActionRecord;
  /** The banner went away after the clicks; null: could not be told. */
  bannerGone: boolean | null;
  /** The scanner clicked itself (heuristics, selectors), rather than autoconsent's rule. */
  clickedByScanner: boolean;
}

class CdpConsentBridge implements ConsentBridge {
  readonly errors: ScanError[] = [];
  private readonly cdp: CdpClient;
  private readonly suffix = randomBytes(6).toString('hex');
  /** Both names are only visible to the scanner; random so no page can guess or collide with them. */
  private readonly bindingName = `__consentBridge_${this.suffix}`;
  private readonly worldName = `consent-bridge-${this.suffix}`;
  private readonly keys: WorldKeys = { store: `__consentControls_${this.suffix}`, roots: `__consentRoots_${this.suffix}` };
  private readonly mutationKey = `__consentMutations_${this.suffix}`;
  private readonly worlds = new FrameWorlds(this.worldName);
  private readonly autoconsent = new AutoconsentState();
  /** Removes one of the bridge's DevTools listeners. */
  private readonly listeners: Array<() => void> = [];
  private readonly wakeups = new Set<() => void>();
  private readonly frameUrls = new Map<string, string>();
  /** Third-party hosts that received tag-like requests, with the time of the first. */
  private readonly tagHosts = new Map<string, number>();
  private mainFrameId: string | undefined;
  private navigatedAt = Date.now();
  /** When the top document's load event fired (late banners are timed from it). */
  private loadedAt: number | undefined;
  /** When closed shadow roots were last handed over (see handOverClosedRootsNow). */
  private rootsHandedAt = 0;
  private scriptId: string | undefined;
  private disposed = false;
  /** The banners of detect()'s last scan, whose elements are still stored for measuring. */
  private detectedBanners: BannerCandidate[] = [];

  constructor(
    private readonly page: BrowserPage,
    private readonly mode: ConsentMode,
    private readonly options: ConsentBridgeOptions,
  ) {
    this.cdp = page.cdp;
  }

  async attach(): Promise<void> {
    this.listen('Runtime.executionContextCreated', ({ context }) => {
      this.worlds.created(context);
      this.wake();
    });
    this.listen('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      this.worlds.destroyed(executionContextId);
      this.autoconsent.forget(executionContextId);
      this.wake();
    });
    this.listen('Runtime.executionContextsCleared', () => {
      this.worlds.cleared();
      this.autoconsent.forgetAll();
      this.wake();
    });
    this.listen('Page.frameNavigated', ({ frame }) => {
      this.frameUrls.set(frame.id, frame.url);
      if (!frame.parentId) this.mainFrameId = frame.id;
    });
    this.listen('Page.frameStartedLoading', ({ frameId }) => {
      if (frameId !== this.mainFrameId) return;
      this.navigatedAt = Date.now();
      this.loadedAt = undefined;
    });
    this.listen('Page.loadEventFired', () => {
      this.loadedAt = Date.now();
    });
    this.listen('Network.requestWillBeSent', ({ request, type }) => {
      if (!type || !TAG_TYPES.has(type)) return;
      try {
        const host = new URL(request.url).hostname;
        if (!this.tagHosts.has(host)) this.tagHosts.set(host, Date.now());
      } catch {
        // not a URL with a host (data:, blob:)
      }
    });
    this.listen('Runtime.bindingCalled', (event) => {
      if (event.name !== this.bindingName) return;
      this.onAutoconsentMessage(event.executionContextId, event.payload);
    });

    await this.cdp.send('Page.enable');
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    this.mainFrameId ??= frameTree.frame.id;
    await this.cdp.send('Runtime.enable');
    await this.cdp.send('Network.enable');
    await this.cdp.send('Runtime.addBinding', { name: this.bindingName, executionContextName: this.worldName });
    const { identifier } = await this.cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: isolatedWorldSource(this.bindingName),
      worldName: this.worldName,
      // Attached before the first navigation (BrowserProfile.newPage setup): running it in the
      // initial about:blank would only cost time on the critical path.
      runImmediately: false,
    });
    this.scriptId = identifier;
  }

  // ---- autoconsent messages -------------------------------------------------------------

  private onAutoconsentMessage(contextId: number, payload: string): void {
    const frame = this.worlds.frameOf(contextId);
    const message = parseAutoconsentMessage(payload);
    if (!frame || !frame.isolated || !message || this.disposed) return;
    this.autoconsent.record(contextId, frame.frameId, message, Date.now());
    switch (message.type) {
      case 'init':
        this.reply(contextId, {
          type: 'initResp',
          config: { ...AUTOCONSENT_CONFIG },
          rules: rulesForFrame(this.choice === 'accept' ? 'opt-in' : 'opt-out', {
            url: message.url,
            mainFrame: frame.frameId === this.mainFrameId,
          }),
        });
        break;
      case 'eval':
        void this.answerEval(contextId, frame.frameId, message);
        break;
      default:
        break;
    }
    this.wake();
  }

  /** Autoconsent's snippets read page state (CMP APIs, cookies), so they run in the page's own world. */
  private async answerEval(contextId: number, frameId: string, message: Extract<ContentScriptMessage, { type: 'eval' }>): Promise<void> {
    let result: unknown = false;
    const mainContext = this.worlds.mainContext(frameId);
    if (mainContext !== undefined) {
      try {
        const response = await withTimeout(
          this.cdp.send('Runtime.evaluate', {
            expression: message.code,
            contextId: mainContext,
            returnByValue: true,
            awaitPromise: true,
            silent: true,
            timeout: EVAL_TIMEOUT_MS,
          }),
          EVAL_TIMEOUT_MS,
          'eval timed out',
        );
        // Snippets answer booleans; anything thrown or odd counts as "no".
        result = response.exceptionDetails ? false : (response.result.value ?? false);
      } catch {
        result = false;
      }
    }
    this.reply(contextId, { type: 'evalResp', id: message.id, result });
  }

  /** Sends a message to the autoconsent instance of one context; does not wait for its handling. */
  private reply(contextId: number, message: BridgeToAutoconsent): void {
    if (this.disposed) return;
    this.cdp
      .send('Runtime.evaluate', {
        expression: `autoconsentReceiveMessage(${JSON.stringify(message)})`,
        contextId,
        silent: true,
      })
      .catch((error) => this.recordError(error, `sending ${message.type} to autoconsent`));
  }

  // ---- waiting --------------------------------------------------------------------------

  private wake(): void {
    for (const wakeup of [...this.wakeups]) wakeup();
  }

  /** Resolves true as soon as `condition` holds, false at the deadline. Re-checked on every message and every POLL_MS. */
  private waitUntil(condition: () => boolean, deadline: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.wakeups.delete(check);
        resolve(value);
      };
      const check = () => {
        if (condition()) finish(true);
      };
      const poll = setInterval(check, POLL_MS);
      const timer = setTimeout(() => finish(condition()), Math.max(0, deadline - Date.now()));
      this.wakeups.add(check);
    });
  }

  private waitForAutoconsentVerdict(deadline: number): Promise<boolean> {
    return this.waitUntil(() => this.disposed || this.autoconsent.settled(Date.now()), deadline);
  }

  // ---- detect ---------------------------------------------------------------------------

  async detect(timeoutMs: number): Promise<BannerDetection> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    const scanBudget = Math.min(SCAN_TIMEOUT_MS, Math.max(300, timeoutMs * 0.25));
    await this.waitForAutoconsentVerdict(deadline - scanBudget);
    // Late banners: keep looking (on DOM mutations and new frames) until the late window closes.
    const lookUntil = Math.min(deadline, Math.max(Date.now(), (this.loadedAt ?? this.navigatedAt) + LATE_BANNER_WINDOW_MS));
    let scan = await this.scanAll(Math.max(200, Math.min(scanBudget, deadline - Date.now())));
    // "No banner" needs at least one look that finished; a busy page gets more looks until the window closes.
    let finishedLooks = scan.failures.length === 0 ? 1 : 0;
    let popup = this.autoconsent.latestPopup();
    let lastChange = await this.pageChangeMark();
    // Autoconsent sees a popup as soon as it is in the layout; CMPs often fade it in, and its
    // buttons count as invisible until the animation has started: look again for a short while.
    const popupUntil = Math.min(deadline, Date.now() + POPUP_RESCAN_MS);
    while (controlsOf(scan.banners).length === 0 && !this.disposed) {
      // A popup autoconsent found is a banner already; only its controls are awaited, briefly.
      // Until a look has finished, a busy page is retried up to the consent timeout.
      const until = popup ? popupUntil : finishedLooks === 0 ? deadline : lookUntil;
      if (Date.now() + RESCAN_INTERVAL_MS >= until) break;
      await sleep(RESCAN_INTERVAL_MS);
      popup = this.autoconsent.latestPopup();
      const change = await this.pageChangeMark();
      // Rescan when the page changed, or when the last scan could not finish (a busy page).
      if (!popup && change === lastChange && scan.failures.length === 0) continue;
      lastChange = change;
      scan = await this.scanAll(Math.max(200, Math.min(scanBudget, until - Date.now())));
      if (scan.failures.length === 0) finishedLooks++;
    }
    popup = this.autoconsent.latestPopup();
    this.detectedBanners = scan.banners;
    const controls = controlsOf(scan.banners);
    const banner = scan.banners[0];
    const bannerFound = popup !== undefined || scan.banners.length > 0;
    // A popup whose buttons none of our phrases recognise says nothing about its first layer:
    // unknown (null), not "no reject button" (precision first).
    const layerKnown = controls.some((c) => c.kind === 'accept' || c.kind === 'reject');
    const detection: BannerDetection = {
      autoconsentRule: popup?.cmp ?? this.autoconsent.detectedCmps[0] ?? null,
      bannerFound,
      rejectOnFirstLayer: layerKnown ? controls.some((c) => c.kind === 'reject') : null,
      acceptOnFirstLayer: layerKnown ? controls.some((c) => c.kind === 'accept') : null,
      detectedBy: popup ? 'autoconsent' : banner ? (scan.banners.some((b) => !b.byStructure) ? 'heuristic' : 'structure') : null,
    };
    if (bannerFound) detection.foundAfterMs = Math.max(0, Date.now() - this.navigatedAt);
    if (!bannerFound && finishedLooks === 0) detection.inconclusive = `the banner scan could not finish: ${[...new Set(scan.failures)].join('; ')}`;
    if (banner?.shadowRoot) detection.shadowRoot = banner.shadowRoot;
    const frameUrl = banner ? this.subframeUrl(banner.frameId) : popup && popup.frameId !== this.mainFrameId ? popup.url : undefined;
    if (frameUrl) detection.frameUrl = frameUrl;
    detection.clues = await this.cmpClues();
    return detection;
  }

  /** Globals and DOM markers of known CMPs in the top document, plus the CMPs autoconsent detected. */
  private async cmpClues(): Promise<NonNullable<BannerDetection['clues']>> {
    const autoconsentRules = [...this.autoconsent.detectedCmps];
    const popup = this.autoconsent.latestPopup();
    if (popup && !autoconsentRules.includes(popup.cmp)) autoconsentRules.push(popup.cmp);
    const context = this.mainFrameId ? this.worlds.mainContext(this.mainFrameId) : undefined;
    if (context === undefined) return { globals: [], dom: [], autoconsentRules };
    try {
      const found = await probeCmp(this.cdp, context, SNAPSHOT_TIMEOUT_MS);
      return { globals: found.globals, dom: found.dom, autoconsentRules };
    } catch (error) {
      this.recordError(error, 'probing the page for consent managers');
      return { globals: [], dom: [], autoconsentRules };
    }
  }

  /**
   * A number that changes when the page changed in a way that may bring a banner: a DOM mutation
   * in the top document (a MutationObserver in the scanner's world counts them) or a new frame.
   */
  private async pageChangeMark(): Promise<string> {
    const frames = this.worlds.isolatedFrames().map((f) => f.contextId).join(',');
    const context = this.mainFrameId ? this.worlds.isolatedContext(this.mainFrameId) : undefined;
    if (context === undefined) return `${frames}|-`;
    try {
      const count = await callInWorld<number>(this.cdp, context, countMutations, [this.mutationKey], 500);
      return `${frames}|${count}`;
    } catch {
      return `${frames}|?${Date.now()}`;
    }
  }

  /** Heuristic scan of every frame (closed shadow roots handed over first); autoconsent's popup frame is scanned relaxed. */
  private async scanAll(timeoutMs: number, includeToggles = false): Promise<FramesScan> {
    const popup = this.autoconsent.latestPopup();
    // The frame of autoconsent's popup, and iframes served from a CMP's own host, are banners by origin: scanned relaxed.
    const relaxed = new Set(popup ? [popup.frameId] : []);
    for (const [frameId, url] of this.frameUrls) if (frameId !== this.mainFrameId && isConsentHost(hostOfUrl(url) ?? '')) relaxed.add(frameId);
    await this.handOverClosedRootsNow(Math.min(2_000, timeoutMs));
    const scan = await scanFrames(this.cdp, this.keys, framesToScan(this.worlds, this.mainFrameId, relaxed), timeoutMs, {
      includeToggles,
      preferredLanguages: this.options.languages ?? [],
    });
    for (const failure of scan.failures) this.pushError(`banner scan: ${failure}`);
    return scan;
  }

  /**
   * Closed shadow roots into the scanner's world, at most once a second (reading the whole DOM is
   * the costly part of a rescan). A failure is recorded and retried, but does not make a scan
   * inconclusive: banners in closed roots are rare, huge DOMs that answer slowly are not.
   */
  private async handOverClosedRootsNow(timeoutMs: number, force = false): Promise<void> {
    if (!this.mainFrameId || (!force && Date.now() - this.rootsHandedAt < CLOSED_ROOTS_INTERVAL_MS)) return;
    try {
      await handOverClosedRoots(this.cdp, this.worlds, this.mainFrameId, this.keys.roots, timeoutMs);
      this.rootsHandedAt = Date.now();
    } catch (error) {
      if (!isGoneError(error)) this.pushError(`closed shadow roots: ${errorMessage(error)}`);
    }
  }

  private subframeUrl(frameId: string): string | undefined {
    return frameId === this.mainFrameId ? undefined : this.frameUrls.get(frameId);
  }

  /** The page as the consent flows see it. */
  private surface(): ConsentSurface {
    return {
      scan: (timeoutMs, options) => this.scanAll(timeoutMs, options?.includeToggles === true),
      click: (target, timeoutMs) => clickControl(this.cdp, this.worlds, this.keys, target, timeoutMs),
      // A page too busy to answer says nothing about the banner: the click still happened.
      waitGone: (target, timeoutMs) =>
        waitUntilControlGone(this.cdp, this.worlds, this.keys, target, timeoutMs).catch((error: unknown) => ({ gone: null, how: `could not tell whether the banner closed (${errorMessage(error)})` })),
      findSelector: (selector, timeoutMs) => this.findSelector(selector, timeoutMs),
      subframeUrl: (frameId) => this.subframeUrl(frameId),
    };
  }

  private async findSelector(selector: string, timeoutMs: number): Promise<{ target: { frameId: string; index: number }; label: string } | null> {
    await this.handOverClosedRootsNow(Math.min(2_000, timeoutMs), true);
    // The top document first, then the frames.
    const frames = this.worlds.isolatedFrames().sort((a, b) => Number(b.frameId === this.mainFrameId) - Number(a.frameId === this.mainFrameId));
    for (const frame of frames) {
      try {
        const found = await callInWorld<{ index: number; label: string }>(this.cdp, frame.contextId, findSelectorTarget, [this.keys.store, this.keys.roots, selector], timeoutMs);
        if (found.index >= 0) return { target: { frameId: frame.frameId, index: found.index }, label: found.label };
      } catch (error) {
        if (!isGoneError(error)) this.recordError(error, `looking for ${JSON.stringify(selector)}`);
      }
    }
    return null;
  }

  async measureBanner(timeoutMs: number, options: { openSettings: boolean }): Promise<BannerDesign> {
    const design = await measureBanner(
      { cdp: this.cdp, worlds: this.worlds, keys: this.keys, mainFrameId: this.mainFrameId, surface: this.surface(), preferredLanguages: this.options.languages ?? [] },
      this.detectedBanners,
      timeoutMs,
      options,
    );
    this.detectedBanners = [];
    return design;
  }

  // ---- act ------------------------------------------------------------------------------

  async act(timeoutMs: number): Promise<ConsentActionRecord> {
    if (this.mode === 'detect') return noAction('detect mode: no consent action taken');
    const choice: Choice = this.choice;
    const deadline = Date.now() + timeoutMs;
    const before = await this.snapshot();
    const clickedAt = Date.now();
    const attempts: ConsentAttempt[] = [];
    /** The first claim nothing confirmed, and its place among the attempts (it is the record, not an attempt, if nothing better comes). */
    let unverified: { record: ConsentActionRecord; attempt: ConsentAttempt } | undefined;

    const finish = (record: ConsentActionRecord): ConsentActionRecord => (attempts.length > 0 ? { ...record, attempts } : record);
    /** Verifies a claim; returns the record when verified, else notes the attempt and keeps the best unverified claim. */
    const settle = async (claim: Claim): Promise<ConsentActionRecord | undefined> => {
      if (!claim.record.done) {
        attempts.push({ method: claim.record.method as ConsentAttempt['method'], done: false, detail: claim.record.detail ?? 'did not finish' });
        return undefined;
      }
      const proven = await this.proveEffect(choice, claim, before, clickedAt, deadline);
      if (proven.verified) return proven;
      const attempt: ConsentAttempt = { method: claim.record.method as ConsentAttempt['method'], done: true, detail: `claimed success, but ${asClause(proven.verification)}` };
      attempts.push(attempt);
      unverified ??= { record: proven, attempt };
      return undefined;
    };

    const steps = this.options.steps?.[choice];
    if (steps && steps.length > 0) {
      const result = await settle(await this.actWithSelectors(choice, steps, deadline));
      if (result) return finish(result);
    } else {
      const reserve = Math.min(HEURISTIC_RESERVE_MS, timeoutMs * 0.3);
      await this.waitForAutoconsentVerdict(deadline - reserve);
      const popup = this.autoconsent.latestPopup();
      if (popup) {
        const result = await settle(await this.actWithAutoconsent(popup, deadline - reserve));
        if (result) return finish(result);
      }
      const result = await settle(await this.actWithHeuristics(choice, deadline, false));
      if (result) return finish(result);
      // A first-layer click that changed nothing (a dead button): the settings layer is the next path.
      const last = attempts.at(-1);
      if (last?.method === 'heuristic' && last.done && Date.now() < deadline) {
        const second = await settle(await this.actWithHeuristics(choice, deadline, true));
        if (second) return finish(second);
      }
    }
    if (unverified) {
      attempts.splice(attempts.indexOf(unverified.attempt), 1);
      return finish(unverified.record);
    }
    // Nothing went through: the last attempt's story is the record.
    const last = attempts.pop();
    return finish(noAction(last ? `${last.method}: ${last.detail}` : 'no consent banner found'));
  }

  /** Takes snapshots until the action's effect shows (or the effect window closes) and judges the signals. */
  private async proveEffect(choice: Choice, claim: Claim, before: ConsentSnapshot, clickedAt: number, deadline: number): Promise<ConsentActionRecord> {
    const until = Math.min(Math.max(deadline, Date.now() + 1_000), Date.now() + EFFECT_WINDOW_MS);
    const isFirstParty = firstPartyMatcher(this.safeUrl());
    const selfTest = claim.record.method === 'autoconsent' ? claim.record.selfTest : undefined;
    let lastKinds: string | undefined;
    for (;;) {
      const after = await this.snapshot();
      // tagHosts keeps each host's first request: a host already contacted before the click proves nothing.
      const newHosts = [...this.tagHosts].filter(([host, at]) => at >= clickedAt && !isFirstParty(host)).map(([host]) => host);
      const signals: ConsentSignal[] = consentSignals({
        action: choice,
        before,
        after,
        siteDomain: siteDomainOf(this.safeUrl()),
        isConsentCookie: isConsentCookieName,
        bannerGone: claim.bannerGone,
        ...(selfTest !== undefined ? { selfTest } : {}),
        newThirdPartyScriptHosts: choice === 'accept' ? newHosts : [],
      });
      const verdict = isVerified(signals, claim.clickedByScanner);
      // Once verified, one more look lets effects that trail the first (a cookie written a tick
      // later, tags still loading) into the record, so it does not depend on timing. A look that
      // could not read a part (a busy page: cookies, storage or state timed out) is not the last.
      const kinds = signals.map((s) => `${s.kind}:${s.confirms}`).join(',');
      const settled = verdict.verified && kinds === lastKinds && after.error === undefined;
      lastKinds = verdict.verified ? kinds : undefined;
      if (settled || Date.now() + EFFECT_POLL_MS >= until || this.disposed) {
        return { ...claim.record, verified: verdict.verified, signals, verification: verdict.reason } as ConsentActionRecord;
      }
      await sleep(EFFECT_POLL_MS);
    }
  }

  private async snapshot(): Promise<ConsentSnapshot> {
    const context = this.mainFrameId ? this.worlds.mainContext(this.mainFrameId) : undefined;
    return takeConsentSnapshot(this.cdp, context, SNAPSHOT_TIMEOUT_MS);
  }

  private safeUrl(): string {
    try {
      return this.page.url();
    } catch {
      return 'about:blank';
    }
  }

  private async actWithSelectors(choice: Choice, selectors: readonly string[], deadline: number): Promise<Claim> {
    const outcome = await clickSelectorSteps(this.surface(), selectors, choice, deadline);
    return {
      record: { method: 'selector', done: outcome.done, selectors: [...selectors], clicks: outcome.clicks, detail: outcome.detail, ...unproven() },
      bannerGone: outcome.bannerGone,
      clickedByScanner: true,
    };
  }

  private async actWithAutoconsent(popup: PopupFound, deadline: number): Promise<Claim> {
    const optIn = this.choice === 'accept';
    const base = { method: 'autoconsent' as const, rule: popup.cmp, clicks: [] as ConsentClick[], ...unproven() };
    const claim = (record: ConsentActionRecord, bannerGone: boolean | null = null): Claim => ({ record, bannerGone, clickedByScanner: false });
    this.reply(popup.contextId, { type: optIn ? 'optIn' : 'optOut' });
    const answered = await this.waitUntil(
      () => this.autoconsent.actionResult(popup.contextId) !== undefined || !this.worlds.isAlive(popup.contextId),
      deadline,
    );
    const result = this.autoconsent.actionResult(popup.contextId);
    if (!result) {
      if (answered) {
        // The frame navigated away before reporting: typically a CMP that reloads the page on a choice.
        return claim({ ...base, done: true, selfTest: null, detail: 'the page navigated before autoconsent reported its result' });
      }
      return claim({ ...base, done: false, detail: `autoconsent ${optIn ? 'opt-in' : 'opt-out'} gave no result in time` });
    }
    if (!result.result) return claim({ ...base, rule: result.cmp, done: false, detail: `autoconsent ${optIn ? 'opt-in' : 'opt-out'} failed` });

    let selfTest: boolean | null = null;
    if (result.scheduleSelfTest) {
      // Autoconsent runs its self-test once the action is done (its runner does the same).
      const testDeadline = Math.min(Date.now() + SELF_TEST_TIMEOUT_MS, Math.max(deadline, Date.now() + 1_000));
      await this.waitUntil(() => this.autoconsent.isDone(popup.contextId) || !this.worlds.isAlive(popup.contextId), testDeadline);
      if (this.worlds.isAlive(popup.contextId)) {
        this.reply(popup.contextId, { type: 'selfTest' });
        await this.waitUntil(
          () => this.autoconsent.selfTest(popup.contextId) !== undefined || !this.worlds.isAlive(popup.contextId),
          testDeadline,
        );
        selfTest = this.autoconsent.selfTest(popup.contextId) ?? null;
      }
    }
    return claim({ ...base, rule: result.cmp, done: true, selfTest }, await this.waitForBannerToGo(deadline));
  }

  /**
   * After autoconsent's action: whether the banner's control of the choice went away (CMPs fade
   * banners out), polled for a short while; null when the scan could not tell.
   */
  private async waitForBannerToGo(deadline: number): Promise<boolean | null> {
    const until = Math.min(Math.max(deadline, Date.now() + 500), Date.now() + BANNER_GONE_WAIT_MS);
    for (;;) {
      const scan = await this.scanAll(Math.max(300, Math.min(SCAN_TIMEOUT_MS, until - Date.now()))).catch(() => undefined);
      const known = scan !== undefined && scan.failures.length === 0;
      if (known && !scan.banners.some((b) => b.controls.some((c) => c.kind === this.choice))) return true;
      if (Date.now() + EFFECT_POLL_MS >= until) return known ? false : null;
      await sleep(EFFECT_POLL_MS);
    }
  }

  private async actWithHeuristics(choice: Choice, deadline: number, settingsLayerOnly: boolean): Promise<Claim> {
    const scanTimeout = Math.max(300, Math.min(SCAN_TIMEOUT_MS, deadline - Date.now()));
    let banners: BannerCandidate[];
    try {
      banners = (await this.scanAll(scanTimeout)).banners;
    } catch (error) {
      this.recordError(error, 'scanning for the banner');
      banners = [];
    }
    const outcome = await clickThroughLayers(this.surface(), choice, banners, deadline, { settingsLayerOnly }).catch((error: unknown) => {
      this.recordError(error, 'clicking through the banner');
      return { done: false, path: 'first-layer' as const, clickedText: '', bannerGone: null, clicks: [], detail: `click failed: ${errorMessage(error)}` };
    });
    return {
      record: { method: 'heuristic', done: outcome.done, clickedText: outcome.clickedText, path: outcome.path, clicks: outcome.clicks, detail: outcome.detail, ...unproven() },
      bannerGone: outcome.bannerGone,
      clickedByScanner: true,
    };
  }

  // ---- withdraw -------------------------------------------------------------------------

  /** The choice act() makes: the withdraw phase accepts first (and withdraws later). */
  private get choice(): Choice {
    return this.mode === 'reject' ? 'reject' : 'accept';
  }

  async withdraw(timeoutMs: number): Promise<WithdrawalRecord> {
    if (this.mode !== 'withdraw') return skippedWithdrawal('not the withdraw phase');
    const page: WithdrawalPage = {
      surface: this.surface(),
      findReopenControls: (ms) => this.findReopenControls(ms),
      reopenApis: (ms) => this.inMainWorld<string[]>(availableReopenApis, [REOPEN_APIS], ms).then((apis) => (Array.isArray(apis) ? apis : [])),
      callReopenApi: (call, ms) => this.inMainWorld<boolean>(callReopenApi, [REOPEN_APIS, call], ms).then((ok) => ok === true),
      snapshot: () => this.snapshot(),
      proveRefusal: async (outcome, before, clickedAt, deadline) => {
        const record: ConsentActionRecord = { method: 'heuristic', done: true, clickedText: outcome.clickedText, path: outcome.path, clicks: outcome.clicks, detail: outcome.detail, ...unproven() };
        const proven = await this.proveEffect('reject', { record, bannerGone: outcome.bannerGone, clickedByScanner: true }, before, clickedAt, deadline);
        return { verified: proven.verified, signals: proven.signals, verification: proven.verification };
      },
      siteDomain: () => siteDomainOf(this.safeUrl()),
      isConsentCookie: isConsentCookieName,
    };
    return withdrawConsent(page, timeoutMs);
  }

  /** Reopen controls in every frame (the top document first), ranked. */
  private async findReopenControls(timeoutMs: number): Promise<ReopenCandidate[]> {
    await this.handOverClosedRootsNow(Math.min(2_000, timeoutMs), true);
    const frames = this.worlds.isolatedFrames().sort((a, b) => Number(b.frameId === this.mainFrameId) - Number(a.frameId === this.mainFrameId));
    const found: ReopenCandidate[] = [];
    for (const frame of frames) {
      try {
        const controls = await callInWorld<FoundReopenControl[]>(this.cdp, frame.contextId, scanForReopenControls, [reopenScanOptions(this.keys.store, this.keys.roots)], Math.min(SCAN_TIMEOUT_MS, timeoutMs));
        found.push(...reopenCandidates(frame.frameId, Array.isArray(controls) ? controls : [], this.options.languages ?? []));
      } catch (error) {
        this.recordError(error, 'looking for a control to reopen the consent settings');
      }
    }
    return found.sort((a, b) => b.score - a.score);
  }

  /** Calls a serialised function in the page's own world of the top frame (a CMP's API lives there). */
  private async inMainWorld<T>(fn: (...args: any[]) => T, args: unknown[], timeoutMs: number): Promise<T | undefined> {
    const context = this.mainFrameId ? this.worlds.mainContext(this.mainFrameId) : undefined;
    if (context === undefined) return undefined;
    try {
      return await callInWorld<T>(this.cdp, context, fn, args, timeoutMs);
    } catch (error) {
      this.recordError(error, `calling ${fn.name} in the page`);
      return undefined;
    }
  }

  // ---- housekeeping ---------------------------------------------------------------------

  private listen<E extends CdpEvent>(event: E, handler: (params: CdpEventPayload<E>) => void): void {
    this.cdp.on(event, handler);
    this.listeners.push(() => this.cdp.off(event, handler));
  }

  private recordError(error: unknown, doing: string): void {
    if (isGoneError(error)) return; // frames come and go; not an error
    this.pushError(`${doing}: ${errorMessage(error)}`);
  }

  private pushError(message: string): void {
    let pageUrl: string | undefined;
    try {
      pageUrl = this.page.url();
    } catch {
      pageUrl = undefined;
    }
    this.errors.push({ stage: 'consent', message, ...(pageUrl ? { pageUrl } : {}) });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const unlisten of this.listeners) unlisten();
    this.listeners.length = 0;
    this.wake();
    // New documents no longer get autoconsent; the page may already be closing, so failures are fine.
    if (this.scriptId) this.cdp.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: this.scriptId }).catch(() => {});
    this.cdp.send('Runtime.removeBinding', { name: this.bindingName }).catch(() => {});
  }
}

/** Not verified yet: proveEffect fills these in. */
function unproven(): { verified: false; signals: ConsentSignal[]; verification: string } {
  return { verified: false, signals: [], verification: 'not checked' };
}

function noAction(detail: string): ConsentActionRecord {
  return { method: 'none', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], detail };
}

/** Registrable domain of a page URL, else its host. */
function siteDomainOf(url: string): string {
  return registrableDomain(url) ?? hostOfUrl(url) ?? '';
}

/** In-page (scanner's world): counts DOM mutations of the document since the observer was installed. */
function countMutations(key: string): number {
  const g = globalThis as Record<string, unknown>;
  let state = g[key] as { count: number } | undefined;
  if (!state) {
    const fresh = { count: 0 };
    state = fresh;
    g[key] = fresh;
    new MutationObserver((records) => {
      fresh.count += records.length;
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'open'] });
  }
  return state.count;
}
