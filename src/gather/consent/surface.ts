/**
 * What the consent flows (first layer, second layer, user selectors) need from the page: scan for
 * banners, click a stored element, tell whether a banner went away. The bridge implements it over
 * CDP; the flows stay free of DevTools details.
 */
import type { ConsentClick, ConsentClickRole } from '../../model/consent.js';
import type { ClickOutcome, ControlRef } from './click.js';
import type { FramesScan } from './heuristics.js';

export interface ConsentSurface {
  /** Scans every frame for banners (toggles too when asked). */
  scan(timeoutMs: number, options?: { includeToggles?: boolean }): Promise<FramesScan>;
  /** Clicks a stored element like a visitor (trusted when possible). */
  click(target: ControlRef, timeoutMs: number): Promise<ClickOutcome>;
  /** Waits (bounded) for a clicked control or its banner to go away; gone is null when the page did not answer. Never throws. */
  waitGone(target: ControlRef, timeoutMs: number): Promise<{ gone: boolean | null; how: string }>;
  /** Finds the first visible match of a user's selector in any frame, shadow roots included. */
  findSelector(selector: string, timeoutMs: number): Promise<{ target: ControlRef; label: string } | null>;
  /** URL of a frame, when it is not the top-level document. */
  subframeUrl(frameId: string): string | undefined;
}

/** Longest label kept in a click record. */
const LABEL_LIMIT = 80;

/** The record of one click. */
export function clickRecord(
  surface: ConsentSurface,
  target: ControlRef,
  role: ConsentClickRole,
  label: string,
  layer: number,
  outcome: ClickOutcome,
  selector?: string,
): ConsentClick {
  const frameUrl = surface.subframeUrl(target.frameId);
  return {
    role,
    label: label.replace(/\s+/g, ' ').trim().slice(0, LABEL_LIMIT),
    layer,
    trusted: outcome.trusted,
    ...(selector ? { selector } : {}),
    ...(frameUrl ? { frameUrl } : {}),
  };
}
