/**
 * Consent banners: detection and clicking through them. Autoconsent (in an isolated world the page
 * cannot see) goes first; the project's multilingual heuristics are the fallback.
 */
import type { ConsentActionRecord, ConsentDetection, ScanError } from '../../model/evidence.js';
import type { WithdrawalRecord } from '../../model/withdrawal.js';
import type { BannerDesign } from '../../model/banner.js';

/** What the bridge prepares for: `accept` and `reject` may click, `withdraw` accepts and later withdraws, `detect` never clicks. */
export type ConsentMode = 'detect' | 'accept' | 'reject' | 'withdraw';

/** The banner as first seen, before any click (the evidence type; the judge stage interprets it). */
export type BannerDetection = ConsentDetection;

/** What the bridge is told about the site besides the phase. */
export interface ConsentBridgeOptions {
  /** The user's own steps per choice (--consent-accept / --consent-reject, or the site's own): used instead of autoconsent and the heuristics. */
  steps?: { accept?: readonly string[]; reject?: readonly string[] };
  /** Languages to expect first when a label means different things in different languages (from --locale). */
  languages?: readonly string[];
}

/** The consent machinery attached to one page. */
export interface ConsentBridge {
  /** After the page settled: waits (at most timeoutMs) for autoconsent's verdict in all frames, then runs the first-layer heuristic scan. Never clicks. */
  detect(timeoutMs: number): Promise<BannerDetection>;
  /**
   * After detect() found a banner, before anything clicks: measures the banner's first layer and
   * the page behind it (each in-page call bounded by timeoutMs); with openSettings, then opens its
   * settings layer once (no choice saved) and reads its switches. Never throws: what could not be
   * measured is in the design's `unmeasured`.
   */
  measureBanner(timeoutMs: number, options: { openSettings: boolean }): Promise<BannerDesign>;
  /**
   * accept/reject modes only: clicks through (the user's steps; else autoconsent, then the heuristics'
   * first layer, then the settings layer) and proves the effect; a method whose claim nothing
   * confirms hands over to the next. Never throws.
   */
  act(timeoutMs: number): Promise<ConsentActionRecord>;
  /**
   * withdraw mode only, after act() and a reload: reopens the consent settings (a control on the
   * page, else the CMP's API), refuses everything there and proves the effect. Never throws.
   */
  withdraw(timeoutMs: number): Promise<WithdrawalRecord>;
  /** Errors met so far (stage 'consent'). */
  readonly errors: ScanError[];
  /** Removes the CDP listeners (and stops injecting autoconsent into new documents). */
  dispose(): void;
}

/** Must be called in BrowserProfile.newPage(setup) before the first navigation. */
export { attachConsentBridge } from './bridge.js';
