/**
 * The lifecycle every evidence collector shares. The phase driver (phase.ts) creates fresh
 * collectors for each site × phase (registry: index.ts) and calls these hooks on all of them, in
 * registry order (hooks.ts), so no collector is wired by hand.
 */
import type { BrowserPage } from '../browser/types.js';
import type { PhaseEvidence } from '../../model/evidence.js';

/** What the collectors of one site × phase share. */
export interface CollectorContext {
  /** The phase's tab; collectors listen on `page.cdp` from `attach()` on. */
  readonly page: BrowserPage;
  /** Milliseconds since the phase started: the clock request times are measured on. */
  readonly now: () => number;
}

/** The parts of a page's evidence that collectors fill; the driver fills the rest (status, title, timing). */
export type CollectedEvidence = Pick<
  PhaseEvidence,
  'requests' | 'refusedCookies' | 'documentStatus' | 'storage' | 'cookies' | 'tcf' | 'transport' | 'legalLinks' | 'scriptActivity' | 'formTyping' | 'sharedIdentifiers'
>;

/** A page visit that has ended, as the collectors see it. */
export interface PageVisit {
  /** The URL the visit was asked for (errors are reported against it). */
  readonly url: string;
  /** The page loaded without a navigation error. */
  readonly loaded: boolean;
}

/** What a phase keeps of the consent banner's first layer (lands in PhaseOutcome). */
export interface BannerEvidence {
  /** The first layer before any click, as a JPEG data: URI. */
  bannerScreenshot?: string;
}

/** How the consent mark applies. */
export interface ConsentMarkOptions {
  /**
   * Count as after consent only what the next top-level document does (the page is about to be
   * loaded again): what the current document still sends while it unloads is not (the withdraw
   * phase: the accepted tags' last beacons are no evidence against the withdrawal).
   */
  fromNextDocument?: boolean;
}

/**
 * One source of evidence. Every hook is optional; the driver calls each at its moment:
 * `attach` once when the phase's page is created, before any navigation; `bannerShown` on the
 * start page when a banner was detected, before the consent click; `markConsentAction` just
 * before the click and `revertConsentAction` when it did not happen after all; `interact` once per
 * loaded page, after it settled (on the start page after the consent step and reload), before
 * scrolling: it acts in the page as a visitor would (typing into forms) and resolves true when it
 * did, so the driver waits for the network again; `collect` after every page visit, whose result
 * is merged into that page's evidence.
 *
 * A hook that throws or outlives the renderer bound becomes a ScanError (stage 'collector',
 * message `${name}: …`); the other collectors still run. `attach` is the exception: a collector
 * that cannot listen would deliver evidence that looks complete but is not, so it fails the phase.
 */
export interface Collector<Part extends Partial<CollectedEvidence> = Partial<CollectedEvidence>> {
  /** Prefix of this collector's error messages, e.g. "cookies" in "cookies: cookie jar did not answer". */
  readonly name: string;
  /** Error message when a hook does not settle within the renderer bound; default "page did not answer". */
  readonly unanswered?: string;
  attach?(): Promise<void>;
  bannerShown?(): Promise<BannerEvidence>;
  markConsentAction?(options?: ConsentMarkOptions): void;
  revertConsentAction?(): void;
  interact?(visit: PageVisit): Promise<boolean>;
  collect?(visit: PageVisit): Promise<Part>;
}
