/**
 * The project's own banner heuristics (for banners autoconsent has no rule for): scan every
 * frame's DOM from the scanner's isolated world, then classify the labels here with the
 * multilingual phrase tables.
 */
import type { CdpClient } from '../browser/types.js';
import { callInWorld } from './click.js';
import { scanForConsentControls, type ContainerKind, type FoundControl, type ScanOptions, type ScanResult } from './heuristics-script.js';
import {
  CONSENT_NAME_PATTERN,
  CONSENT_TEXT_PATTERN,
  CONTAINER_NAME_PATTERN,
  MAX_LABEL_LENGTH,
  classifyLabel,
  type ControlKind,
  type PhraseStrength,
} from './phrases.js';
import { isGoneError, type FrameWorlds } from './worlds.js';

/** An accept or reject control found on the page. */
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

const CONTAINER_BONUS: Record<ContainerKind, number> = {
  'consent-named': 3,
  dialog: 2,
  'frame-document': 2,
  fixed: 2,
  named: 1,
};

/** Ranks a classified control: wording first, then how banner-like its container is. */
export function scoreControl(strength: PhraseStrength, containerKind: ContainerKind, tag: string, depth: number): number {
  return strength * 10 + CONTAINER_BONUS[containerKind] + (tag === 'button' ? 1 : 0) - Math.min(depth, 20) * 0.1;
}

/** Classifies the raw controls of one frame; unclassified labels are dropped. */
export function classifyControls(frameId: string, found: FoundControl[]): ConsentControl[] {
  const controls: ConsentControl[] = [];
  for (const control of found) {
    const label = classifyLabel(control.label);
    // Only accept and reject controls, as before the tables knew settings and save labels.
    if (!label || (label.kind !== 'accept' && label.kind !== 'reject')) continue;
    controls.push({
      frameId,
      index: control.index,
      label: control.label,
      kind: label.kind,
      strength: label.strength,
      containerKind: control.containerKind,
      score: scoreControl(label.strength, control.containerKind, control.tag, control.depth),
    });
  }
  return controls;
}

/** Best control of a kind, or undefined. */
export function bestControl(controls: ConsentControl[], kind: ControlKind): ConsentControl | undefined {
  return controls.filter((c) => c.kind === kind).sort((a, b) => b.score - a.score)[0];
}

export interface FrameScanRequest {
  frameId: string;
  contextId: number;
  isMainFrame: boolean;
  /** Autoconsent found a popup in this frame: look in any fixed/dialog container. */
  relaxed: boolean;
}

/**
 * Scans the given frames in parallel (each bounded by timeoutMs). Frames that vanish mid-scan are
 * skipped; other failures are returned as messages.
 */
export async function scanFrames(
  cdp: CdpClient,
  storeKey: string,
  frames: FrameScanRequest[],
  timeoutMs: number,
): Promise<{ controls: ConsentControl[]; failures: string[] }> {
  const failures: string[] = [];
  const results = await Promise.all(
    frames.map(async (frame) => {
      const options: ScanOptions = {
        storeKey,
        consentText: CONSENT_TEXT_PATTERN,
        containerName: CONTAINER_NAME_PATTERN,
        consentName: CONSENT_NAME_PATTERN,
        maxLabelLength: MAX_LABEL_LENGTH * 2, // raw labels carry decoration; classifyLabel applies the real limit
        maxDepth: frame.relaxed ? 25 : 8,
        relaxed: frame.relaxed,
        isMainFrame: frame.isMainFrame,
      };
      try {
        const result = await callInWorld<ScanResult>(cdp, frame.contextId, scanForConsentControls, [options], timeoutMs);
        return classifyControls(frame.frameId, result.controls);
      } catch (error) {
        if (!isGoneError(error)) failures.push(error instanceof Error ? error.message : String(error));
        return [];
      }
    }),
  );
  return { controls: results.flat(), failures };
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
