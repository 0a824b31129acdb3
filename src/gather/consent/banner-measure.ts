/**
 * Measuring the banner the consent step found, before any click: its first layer in its own
 * frame (controls, colours, text), the page behind it in the top document, and, when asked, its
 * settings layer (opened once with the banner's own settings control; nothing is saved). Reuses
 * the detection's banner candidates and stored elements: no second banner finder. Every in-page
 * call is bounded; what cannot be measured is recorded in `unmeasured`, never as "nothing there".
 */
import type { BannerDesign, SettingsLayer } from '../../model/banner.js';
import type { CdpClient } from '../browser/types.js';
import { errorMessage, sleep, withTimeout } from '../../util/async.js';
import { bannerDesign, MAX_BANNER_TEXT, pageBehind, settingsToggle, unmeasuredDesign } from './banner-design.js';
import { measureBannerInPage, measurePageBehindInPage, type RawBanner, type RawPageBehind } from './banner-script.js';
import { callInWorld, frameOffset, type WorldKeys } from './click.js';
import { bestControl, controlsOf, type BannerCandidate } from './heuristics.js';
import { clickRecord, type ConsentSurface } from './surface.js';
import type { FrameWorlds } from './worlds.js';

/** How long the settings layer may take to show its switches after the click. */
const SETTINGS_OPEN_MS = 2_500;
/** The settings layer's whole budget (scans, the click, waiting for the switches): the first layer's measurement is never lost to it. */
const SETTINGS_BUDGET_MS = 8_000;
const RESCAN_MS = 200;

/** What the measurement needs from the bridge. */
export interface MeasureContext {
  cdp: CdpClient;
  worlds: FrameWorlds;
  keys: WorldKeys;
  mainFrameId: string | undefined;
  surface: ConsentSurface;
  preferredLanguages: readonly string[];
}

/** The banner to measure: the one with accept and reject, else accept, else the most controls. */
export function bannerToMeasure(banners: readonly BannerCandidate[]): BannerCandidate | undefined {
  const score = (b: BannerCandidate) =>
    (b.controls.some((c) => c.kind === 'accept') ? 2 : 0) + (b.controls.some((c) => c.kind === 'reject') ? 1 : 0) + Math.min(b.controls.length, 9) / 10;
  return [...banners].filter((b) => b.controls.length > 0).sort((a, b) => score(b) - score(a))[0];
}

/**
 * Measures the first layer of the best banner among `banners` (the detection's last scan, whose
 * elements are still stored in the scanner's world). Call before anything else scans or clicks.
 */
export async function measureBanner(context: MeasureContext, banners: readonly BannerCandidate[], timeoutMs: number, options: { openSettings: boolean }): Promise<BannerDesign> {
  const banner = bannerToMeasure(banners);
  if (!banner) return unmeasuredDesign('the banner was found (by autoconsent), but none of its controls was recognised, so the scanner could not tell which element is the banner');
  const contextId = context.worlds.isolatedContext(banner.frameId);
  if (contextId === undefined) return unmeasuredDesign("the banner's frame went away before it could be measured");
  const control = banner.controls[0]!;
  let raw: RawBanner;
  try {
    raw = await callInWorld<RawBanner>(context.cdp, contextId, measureBannerInPage, [context.keys.store, context.keys.roots, control.index, MAX_BANNER_TEXT], timeoutMs);
  } catch (error) {
    return unmeasuredDesign(`the banner could not be measured: ${errorMessage(error)}`);
  }
  if (!raw.found) return unmeasuredDesign(`the banner could not be measured: ${raw.reason ?? 'it was gone'}`, raw.viewport);
  const unmeasured: string[] = [];
  let offset: { x: number; y: number } = { x: 0, y: 0 };
  const inFrame = banner.frameId !== context.mainFrameId;
  if (inFrame) {
    const found = await frameOffset(context.cdp, context.worlds, banner.frameId, timeoutMs).catch(() => null);
    if (found) offset = found;
    else unmeasured.push("the banner's iframe could not be located: boxes are in the frame's own coordinates");
  }
  const frameUrl = context.surface.subframeUrl(banner.frameId);
  const design = bannerDesign(raw, offset, { ...(frameUrl ? { frameUrl } : {}), shadowRoot: banner.shadowRoot, preferredLanguages: context.preferredLanguages });
  design.unmeasured.push(...unmeasured);
  if (inFrame) {
    // The frame's viewport is the iframe: what the visitor sees is measured in the top document.
    const topViewport = await topViewportSize(context).catch(() => undefined);
    if (topViewport) design.viewport = topViewport;
  }

  const mainContext = context.mainFrameId ? context.worlds.isolatedContext(context.mainFrameId) : undefined;
  if (mainContext === undefined) design.unmeasured.push('the page behind the banner could not be measured: the top document has no scanner world');
  else {
    try {
      const behind = await callInWorld<RawPageBehind>(context.cdp, mainContext, measurePageBehindInPage, [context.keys.roots, design.box], timeoutMs);
      design.pageBehind = pageBehind(behind);
    } catch (error) {
      design.unmeasured.push(`the page behind the banner could not be measured: ${errorMessage(error)}`);
    }
  }
  if (options.openSettings) {
    design.settingsLayer = await withTimeout(readSettingsLayer(context, banner, Math.min(timeoutMs, 2_000)), SETTINGS_BUDGET_MS, `the page did not answer within ${SETTINGS_BUDGET_MS} ms`).catch(
      (error: unknown): SettingsLayer => ({ opened: false, toggles: [], unmeasured: `the settings layer could not be read: ${errorMessage(error)}` }),
    );
  }
  else design.unmeasured.push('the settings layer is only opened in the before phase (no consent choice is made there)');
  return design;
}

async function topViewportSize(context: MeasureContext): Promise<{ width: number; height: number }> {
  const { cssLayoutViewport } = await context.cdp.send('Page.getLayoutMetrics');
  return { width: cssLayoutViewport.clientWidth, height: cssLayoutViewport.clientHeight };
}

/**
 * The switches of the settings layer as the visitor first sees them: on the first layer already,
 * else after one click on the banner's settings control (the layer is then left open; no choice is saved).
 */
export async function readSettingsLayer(context: MeasureContext, banner: BannerCandidate, timeoutMs: number): Promise<SettingsLayer> {
  const togglesOf = (banners: readonly BannerCandidate[]) => banners.flatMap((b) => b.toggles).map(settingsToggle);
  try {
    const first = await context.surface.scan(timeoutMs, { includeToggles: true });
    const onFirst = togglesOf(first.banners);
    if (onFirst.length > 0) return { opened: true, toggles: onFirst };
    const settings = bestControl(controlsOf(first.banners.length > 0 ? first.banners : [banner]), 'settings');
    if (!settings) return { opened: false, toggles: [], unmeasured: 'the first layer has no settings control and shows no switch' };
    const outcome = await context.surface.click(settings, timeoutMs);
    if (!outcome.clicked) return { opened: false, toggles: [], unmeasured: `the settings control "${settings.label}" could not be clicked: ${outcome.note ?? 'unknown reason'}` };
    const via = clickRecord(context.surface, settings, 'settings', settings.label, 1, outcome);
    const until = Date.now() + SETTINGS_OPEN_MS;
    for (;;) {
      const scan = await context.surface.scan(timeoutMs, { includeToggles: true });
      const toggles = togglesOf(scan.banners);
      if (toggles.length > 0) return { opened: true, via, toggles };
      if (Date.now() + RESCAN_MS >= until) {
        const why = scan.failures.length > 0 ? `the page did not answer (${scan.failures[0]})` : `no switch showed within ${SETTINGS_OPEN_MS} ms`;
        return { opened: false, via, toggles: [], unmeasured: `the settings layer opened by "${settings.label}": ${why}` };
      }
      await sleep(RESCAN_MS);
    }
  } catch (error) {
    return { opened: false, toggles: [], unmeasured: `the settings layer could not be read: ${errorMessage(error)}` };
  }
}
