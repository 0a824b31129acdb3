/**
 * The consent bridge of one page: runs autoconsent in an isolated world of every frame (the page
 * cannot see it), answers its messages over raw CDP, and falls back to the project's heuristics.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserPage, CdpClient, CdpEvent, CdpEventPayload } from '../browser/types.js';
import type { AutoconsentActionRecord, ConsentActionRecord, ScanError } from '../../model/evidence.js';
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
import { clickControl, waitUntilControlGone } from './click.js';
import { bestControl, framesToScan, scanFrames, type ConsentControl } from './heuristics.js';
import type { BannerDetection, ConsentBridge, ConsentMode } from './index.js';
import { FrameWorlds, isGoneError } from './worlds.js';

/** Autoconsent's own eval timeout is 1 s; answer before it gives up. */
const EVAL_TIMEOUT_MS = 900;
/** How long one frame's DOM scan may take. */
const SCAN_TIMEOUT_MS = 2_000;
/** Time after a heuristic click for the banner to go away. */
const VERIFY_TIMEOUT_MS = 1_500;
/** Time after autoconsent's result for its self-test. */
const SELF_TEST_TIMEOUT_MS = 3_000;
/** Kept back from the autoconsent wait in act() so the heuristics still get a turn. */
const HEURISTIC_RESERVE_MS = 3_000;
/** How long detect() keeps looking for the controls of a popup autoconsent found (fade-in animations). */
const POPUP_RESCAN_MS = 1_500;
const RESCAN_INTERVAL_MS = 150;
/** How often time-based verdicts are re-checked while waiting. */
const POLL_MS = 100;

export async function attachConsentBridge(page: BrowserPage, mode: ConsentMode): Promise<ConsentBridge> {
  const bridge = new CdpConsentBridge(page, mode);
  await bridge.attach();
  return bridge;
}

class CdpConsentBridge implements ConsentBridge {
  readonly errors: ScanError[] = [];
  private readonly cdp: CdpClient;
  private readonly suffix = randomBytes(6).toString('hex');
  /** Both names are only visible to the scanner; random so no page can guess or collide with them. */
  private readonly bindingName = `__consentBridge_${this.suffix}`;
  private readonly worldName = `consent-bridge-${this.suffix}`;
  private readonly storeKey = `__consentControls_${this.suffix}`;
  private readonly worlds = new FrameWorlds(this.worldName);
  private readonly autoconsent = new AutoconsentState();
  /** Removes one of the bridge's DevTools listeners. */
  private readonly listeners: Array<() => void> = [];
  private readonly wakeups = new Set<() => void>();
  private mainFrameId: string | undefined;
  private scriptId: string | undefined;
  private disposed = false;

  constructor(
    private readonly page: BrowserPage,
    private readonly mode: ConsentMode,
  ) {
    this.cdp = page.cdp;
  }

  async attach(): Promise<void> {
    this.listen('Runtime.executionContextCreated', ({ context }) => {
      this.worlds.created(context);
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
      if (!frame.parentId) this.mainFrameId = frame.id;
    });
    this.listen('Runtime.bindingCalled', (event) => {
      if (event.name !== this.bindingName) return;
      this.onAutoconsentMessage(event.executionContextId, event.payload);
    });

    await this.cdp.send('Page.enable');
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    this.mainFrameId ??= frameTree.frame.id;
    await this.cdp.send('Runtime.enable');
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
          rules: rulesForFrame(this.mode === 'accept' ? 'opt-in' : 'opt-out', {
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
    const popup = this.autoconsent.latestPopup();
    let controls = await this.scan(popup, Math.max(200, Math.min(scanBudget, deadline - Date.now())));
    // Autoconsent sees a popup as soon as it is in the layout; CMPs often fade it in, and its
    // buttons count as invisible until the animation has started. Look again for a short while.
    const rescanUntil = Math.min(deadline, Date.now() + POPUP_RESCAN_MS);
    while (popup && controls.length === 0 && Date.now() + RESCAN_INTERVAL_MS < rescanUntil) {
      await sleep(RESCAN_INTERVAL_MS);
      controls = await this.scan(popup, Math.max(200, Math.min(scanBudget, rescanUntil - Date.now())));
    }
    const bannerFound = popup !== undefined || controls.length > 0;
    // A popup whose buttons none of our phrases recognise says nothing about its first layer:
    // unknown (null), not "no reject button" (precision first).
    const layerKnown = controls.length > 0;
    return {
      cmp: popup?.cmp ?? this.autoconsent.detectedCmps[0] ?? null,
      bannerFound,
      rejectOnFirstLayer: layerKnown ? controls.some((c) => c.kind === 'reject') : null,
      acceptOnFirstLayer: layerKnown ? controls.some((c) => c.kind === 'accept') : null,
      detectedBy: popup ? 'autoconsent' : controls.length > 0 ? 'heuristic' : null,
    };
  }

  /** Heuristic scan of every frame; the frame of autoconsent's popup is scanned relaxed. */
  private async scan(popup: PopupFound | undefined, timeoutMs: number): Promise<ConsentControl[]> {
    const relaxed = new Set(popup ? [popup.frameId] : []);
    const { controls, failures } = await scanFrames(this.cdp, this.storeKey, framesToScan(this.worlds, this.mainFrameId, relaxed), timeoutMs);
    for (const failure of failures) this.pushError(`banner scan: ${failure}`);
    return controls;
  }

  // ---- act ------------------------------------------------------------------------------

  async act(timeoutMs: number): Promise<ConsentActionRecord> {
    if (this.mode === 'detect') return { done: false, method: 'none', detail: 'detect mode: no consent action taken' };
    const deadline = Date.now() + timeoutMs;
    const reserve = Math.min(HEURISTIC_RESERVE_MS, timeoutMs * 0.3);
    await this.waitForAutoconsentVerdict(deadline - reserve);

    let autoconsentFailure: AutoconsentActionRecord | undefined;
    const popup = this.autoconsent.latestPopup();
    if (popup) {
      const record = await this.actWithAutoconsent(popup, deadline - reserve);
      if (record.done) return record;
      autoconsentFailure = record;
    }
    const heuristic = await this.actWithHeuristics(deadline);
    if (!autoconsentFailure) return heuristic;
    const detail = `${autoconsentFailure.detail} (${autoconsentFailure.cmp}); heuristics: ${heuristic.detail}`;
    // The record names what finally worked; when nothing did, autoconsent's attempt is the story.
    return heuristic.done ? { ...heuristic, detail } : { ...autoconsentFailure, detail };
  }

  private async actWithAutoconsent(popup: PopupFound, deadline: number): Promise<AutoconsentActionRecord> {
    const optIn = this.mode === 'accept';
    const base: AutoconsentActionRecord = { done: false, method: 'autoconsent', cmp: popup.cmp };
    this.reply(popup.contextId, { type: optIn ? 'optIn' : 'optOut' });
    const answered = await this.waitUntil(
      () => this.autoconsent.actionResult(popup.contextId) !== undefined || !this.worlds.isAlive(popup.contextId),
      deadline,
    );
    const result = this.autoconsent.actionResult(popup.contextId);
    if (!result) {
      if (answered) {
        // The frame navigated away before reporting: typically a CMP that reloads the page on a choice.
        return { ...base, done: true, selfTest: null, detail: 'the page navigated before autoconsent reported its result' };
      }
      return { ...base, detail: `autoconsent ${optIn ? 'opt-in' : 'opt-out'} gave no result in time` };
    }
    if (!result.result) return { ...base, cmp: result.cmp, detail: `autoconsent ${optIn ? 'opt-in' : 'opt-out'} failed` };

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
    return { ...base, cmp: result.cmp, done: true, selfTest };
  }

  private async actWithHeuristics(deadline: number): Promise<ConsentActionRecord> {
    const kind = this.mode === 'accept' ? 'accept' : 'reject';
    const scanTimeout = Math.max(300, Math.min(SCAN_TIMEOUT_MS, deadline - Date.now()));
    const controls = await this.scan(undefined, scanTimeout);
    const target = bestControl(controls, kind);
    if (!target) {
      const detail = controls.length > 0 ? `banner found but no ${kind} control recognised` : 'no consent banner found';
      return { done: false, method: 'none', detail };
    }
    const base: ConsentActionRecord = { done: false, method: 'heuristic', clickedText: target.label };
    try {
      const click = await clickControl(this.cdp, this.worlds, this.storeKey, target, Math.max(500, Math.min(SCAN_TIMEOUT_MS, deadline - Date.now())));
      if (!click.clicked) return { ...base, detail: `could not click "${target.label}": ${click.note}` };
      const verifyTimeout = Math.max(300, Math.min(VERIFY_TIMEOUT_MS, deadline - Date.now()));
      const outcome = await waitUntilControlGone(this.cdp, this.worlds, this.storeKey, target, verifyTimeout);
      const how = click.trusted ? 'trusted click' : click.note;
      return { ...base, done: outcome.gone, detail: `${how}; ${outcome.how}` };
    } catch (error) {
      this.recordError(error, `clicking "${target.label}"`);
      return { ...base, detail: `click failed: ${errorMessage(error)}` };
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
