/**
 * The project's own banner heuristics (for banners autoconsent has no rule for): scan every
 * frame's DOM from the scanner's isolated world, then classify the labels here with the
 * multilingual phrase tables.
 */
import type { CdpClient } from '../browser/types.js';
import { callInWorld, type WorldKeys } from './click.js';
import { scanForConsentControls, type ContainerKind, type FoundContainer, type FoundToggle, type ScanOptions, type ScanResult } from './heuristics-script.js';
import {
  CONSENT_NAME_PATTERN,
  CONSENT_TEXT_PATTERN,
  CONTAINER_NAME_PATTERN,
  MAX_LABEL_LENGTH,
  PRIVACY_LINK_PATTERN,
  classifyLabel,
  type ControlKind,
  type PhraseStrength,
} from './phrases.js';
import { isGoneError, type FrameWorlds } from './worlds.js';

/** A classified control of a banner candidate. */
export interface ConsentControl {
  frameId: string;
  /** Index in the frame's isolated-world store (for clicking). */
  index: number;
  label: string;
  kind: ControlKind;
  strength: PhraseStrength;
  containerKind: ContainerKind;
  /** Higher is a better pick. */
  score: number;
}

/** A switch of a settings layer, with its frame. */
export interface ConsentToggle extends FoundToggle {
  frameId: string;
}

/** A container the scan found that holds consent controls: a banner (or one layer of it). */
export interface BannerCandidate {
  frameId: string;
  kind: ContainerKind;
  /** Found by its structure (dialog, fixed bar, overlay) and its buttons alone, without consent words. */
  byStructure: boolean;
  hasPrivacyLink: boolean;
  shadowRoot: 'open' | 'closed' | null;
  controls: ConsentControl[];
  toggles: ConsentToggle[];
}

const CONTAINER_BONUS: Record<ContainerKind, number> = {
  'consent-named': 3,
  dialog: 2,
  'frame-document': 2,
  fixed: 2,
  named: 1,
  overlay: 1,
};

/** Ranks a classified control: wording first, then how banner-like its container is. */
export function scoreControl(strength: PhraseStrength, containerKind: ContainerKind, tag: string, depth: number): number {
  return strength * 10 + CONTAINER_BONUS[containerKind] + (tag === 'button' ? 1 : 0) - Math.min(depth, 20) * 0.1;
}

/**
 * How banner-like a container is beyond its kind: a privacy link, and a size between a bar and a
 * full-page wall (a tiny box is a widget, a page-sized one the page itself).
 */
export function containerBonus(container: Pick<FoundContainer, 'hasPrivacyLink' | 'viewportShare' | 'mentionsConsent'>): number {
  const sized = container.viewportShare >= 0.02 && container.viewportShare <= 0.95 ? 1 : 0;
  return (container.hasPrivacyLink ? 1 : 0) + sized + (container.mentionsConsent ? 1 : 0);
}

/**
 * Which containers of one frame's scan are banners. A container whose words say consent is one as
 * soon as it holds a control the phrase tables know. Without such words (banners that speak of
 * "partners" or "your data", or only name their tool), structure has to make up for it: an accept
 * control worth its name plus a way to refuse, a settings control or a privacy link. A newsletter
 * box ("Subscribe" / "No thanks") or a login dialog has no accept and never qualifies.
 */
export function bannersIn(frameId: string, result: ScanResult, preferredLanguages: readonly string[] = []): BannerCandidate[] {
  const byContainer = new Map<number, ConsentControl[]>();
  for (const control of result.controls) {
    const label = classifyLabel(control.label, preferredLanguages);
    if (!label) continue;
    const box = result.containers[control.container];
    const list = byContainer.get(control.container) ?? [];
    list.push({
      frameId,
      index: control.index,
      label: control.label,
      kind: label.kind,
      strength: label.strength,
      containerKind: control.containerKind,
      score: scoreControl(label.strength, control.containerKind, control.tag, control.depth) + (box ? containerBonus(box) : 0),
    });
    byContainer.set(control.container, list);
  }
  const banners: BannerCandidate[] = [];
  for (const [index, controls] of byContainer) {
    const container = result.containers[index];
    if (!container) continue;
    const has = (kind: ControlKind, strength = 1) => controls.some((c) => c.kind === kind && c.strength >= strength);
    const byWords = container.mentionsConsent && (has('accept') || has('reject') || has('settings') || has('save'));
    const byStructure = !byWords && has('accept', 2) && (has('reject') || has('settings') || container.hasPrivacyLink);
    if (!byWords && !byStructure) continue;
    banners.push({
      frameId,
      kind: container.kind,
      byStructure,
      hasPrivacyLink: container.hasPrivacyLink,
      shadowRoot: container.shadowRoot,
      controls,
      toggles: result.toggles.filter((t) => t.container === index).map((t) => ({ ...t, frameId })),
    });
  }
  return banners;
}

/** Every control of the banners, in one list. */
export function controlsOf(banners: readonly BannerCandidate[]): ConsentControl[] {
  return banners.flatMap((b) => b.controls);
}

/** Best control of a kind, or undefined. */
export function bestControl(controls: readonly ConsentControl[], kind: ControlKind): ConsentControl | undefined {
  return controls.filter((c) => c.kind === kind).sort((a, b) => b.score - a.score)[0];
}

export interface FrameScanRequest {
  frameId: string;
  contextId: number;
  isMainFrame: boolean;
  /** Autoconsent found a popup in this frame: look in any fixed/dialog container. */
  relaxed: boolean;
}

/** What a scan of every frame found, and which frames could not be scanned. */
export interface FramesScan {
  banners: BannerCandidate[];
  /** Frames whose scan failed or timed out (the page was busy): a reason a "no banner" is inconclusive. */
  failures: string[];
}

/**
 * Scans the given frames in parallel (each bounded by timeoutMs). Frames that vanish mid-scan are
 * skipped; other failures are returned as messages.
 */
export async function scanFrames(
  cdp: CdpClient,
  keys: WorldKeys,
  frames: FrameScanRequest[],
  timeoutMs: number,
  options: { includeToggles?: boolean; preferredLanguages?: readonly string[] } = {},
): Promise<FramesScan> {
  const failures: string[] = [];
  const results = await Promise.all(
    frames.map(async (frame) => {
      const scanOptions: ScanOptions = {
        storeKey: keys.store,
        rootsKey: keys.roots,
        consentText: CONSENT_TEXT_PATTERN,
        privacyLink: PRIVACY_LINK_PATTERN,
        containerName: CONTAINER_NAME_PATTERN,
        consentName: CONSENT_NAME_PATTERN,
        maxLabelLength: MAX_LABEL_LENGTH * 2, // raw labels carry decoration; classifyLabel applies the real limit
        maxDepth: frame.relaxed ? 25 : 10,
        relaxed: frame.relaxed,
        isMainFrame: frame.isMainFrame,
        includeToggles: options.includeToggles === true,
      };
      try {
        const result = await callInWorld<ScanResult>(cdp, frame.contextId, scanForConsentControls, [scanOptions], timeoutMs);
        return bannersIn(frame.frameId, result, options.preferredLanguages);
      } catch (error) {
        if (!isGoneError(error)) failures.push(error instanceof Error ? error.message : String(error));
        return [];
      }
    }),
  );
  return { banners: results.flat(), failures };
}

/** The frames to scan: every frame with the scanner's world; main frame known by id. */
export function framesToScan(worlds: FrameWorlds, mainFrameId: string | undefined, relaxedFrames: Set<string>): FrameScanRequest[] {
  return worlds.isolatedFrames().map(({ frameId, contextId }) => ({
    frameId,
    contextId,
    isMainFrame: frameId === mainFrameId,
    relaxed: relaxedFrames.has(frameId),
  }));
}
