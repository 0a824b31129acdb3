/**
 * The heuristics' clicks: the first layer's accept / reject control, or, when the first layer
 * has none (or its click changed nothing), the settings layer: open it, switch every
 * non-necessary toggle to the choice (necessary ones are never touched), then save, or take the
 * layer's own accept / reject when it has one. Every click is recorded in order.
 */
import type { ConsentClick } from '../../model/consent.js';
import { errorMessage, sleep } from '../../util/async.js';
import { bestControl, controlsOf, type BannerCandidate, type ConsentControl, type ConsentToggle } from './heuristics.js';
import { NECESSARY_PATTERN, normalizeLabel } from './phrases.js';
import { clickRecord, type ConsentSurface } from './surface.js';

export type Choice = 'accept' | 'reject';

/** What the heuristics did. */
export interface LayerOutcome {
  /** A decisive click (accept / reject / save) went through. */
  done: boolean;
  path: 'first-layer' | 'second-layer';
  /** Label of the decisive click. */
  clickedText: string;
  /** The banner went away after the decisive click; null when it could not be told. */
  bannerGone: boolean | null;
  clicks: ConsentClick[];
  detail: string;
}

/** Time for a settings layer to open after its click. */
const LAYER_OPEN_MS = 2_500;
const RESCAN_MS = 200;
/** Time after the decisive click for the banner to close. */
const CLOSE_MS = 1_500;
/** Switches clicked one by one on a reopened settings layer, at most. */
const MAX_TOGGLE_ROUNDS = 12;

const necessary = new RegExp(NECESSARY_PATTERN);

/** A toggle that must not be touched: disabled, or labelled as necessary / essential. */
function isNecessaryToggle(toggle: ConsentToggle): boolean {
  return toggle.disabled || necessary.test(normalizeLabel(toggle.label));
}

/** Clicks through the first layer, else the settings layer, for `choice`. */
export async function clickThroughLayers(
  surface: ConsentSurface,
  choice: Choice,
  banners: BannerCandidate[],
  deadline: number,
  options: { settingsLayerOnly?: boolean; layerOpen?: boolean } = {},
): Promise<LayerOutcome> {
  const clicks: ConsentClick[] = [];
  const remaining = () => Math.max(300, deadline - Date.now());
  const controls = controlsOf(banners);
  const direct = options.settingsLayerOnly ? undefined : bestControl(controls, choice);
  if (direct) {
    const outcome = await surface.click(direct, Math.min(2_000, remaining()));
    if (!outcome.clicked) return { done: false, path: 'first-layer', clickedText: direct.label, bannerGone: null, clicks, detail: `could not click "${direct.label}": ${outcome.note}` };
    clicks.push(clickRecord(surface, direct, choice, direct.label, 1, outcome));
    const gone = await surface.waitGone(direct, Math.min(CLOSE_MS, remaining()));
    return { done: true, path: 'first-layer', clickedText: direct.label, bannerGone: gone.gone, clicks, detail: `${outcome.trusted ? 'trusted click' : outcome.note}; ${gone.how}` };
  }
  const settings = bestControl(controls, 'settings');
  // A layer that is already the settings layer (reopened after a choice): its toggles and save.
  if (!settings && options.layerOpen && (bestControl(controls, 'save') || banners.some((b) => b.toggles.length > 0))) {
    return decideOnLayer(surface, choice, banners, clicks, deadline, 'the reopened settings', true);
  }
  if (!settings) {
    if (options.settingsLayerOnly) return { done: false, path: 'second-layer', clickedText: '', bannerGone: null, clicks, detail: 'no settings control to try the settings layer with' };
    const detail = controls.length > 0 ? `banner found but no ${choice} or settings control recognised` : 'no consent banner found';
    return { done: false, path: 'first-layer', clickedText: '', bannerGone: null, clicks, detail };
  }
  return secondLayer(surface, choice, settings, clicks, deadline);
}

async function secondLayer(
  surface: ConsentSurface,
  choice: Choice,
  settings: ConsentControl,
  clicks: ConsentClick[],
  deadline: number,
): Promise<LayerOutcome> {
  const remaining = () => Math.max(300, deadline - Date.now());
  const fail = (detail: string): LayerOutcome => ({ done: false, path: 'second-layer', clickedText: '', bannerGone: null, clicks, detail });
  const opened = await surface.click(settings, Math.min(2_000, remaining()));
  if (!opened.clicked) return fail(`could not open the settings layer ("${settings.label}"): ${opened.note}`);
  clicks.push(clickRecord(surface, settings, 'settings', settings.label, 1, opened));

  // The layer opens in place or replaces the first one; wait until it shows a control to end it with.
  const until = Math.min(deadline, Date.now() + LAYER_OPEN_MS);
  let layer: BannerCandidate[] = [];
  for (;;) {
    try {
      layer = (await surface.scan(Math.min(2_000, remaining()), { includeToggles: true })).banners;
    } catch (error) {
      return fail(`scanning the settings layer failed: ${errorMessage(error)}`);
    }
    const found = controlsOf(layer);
    if (bestControl(found, choice) || bestControl(found, 'save') || layer.some((b) => b.toggles.length > 0)) break;
    if (Date.now() + RESCAN_MS >= until) return fail(`the settings layer opened by "${settings.label}" showed no ${choice}, save or toggle`);
    await sleep(RESCAN_MS);
  }

  return decideOnLayer(surface, choice, layer, clicks, deadline, `the settings layer ("${settings.label}")`);
}

/** On an open settings layer: its own accept / reject, else the non-necessary toggles switched and the choice saved. */
async function decideOnLayer(
  surface: ConsentSurface,
  choice: Choice,
  shown: BannerCandidate[],
  clicks: ConsentClick[],
  deadline: number,
  opened: string,
  recheck = false,
): Promise<LayerOutcome> {
  let layer = shown;
  const remaining = () => Math.max(300, deadline - Date.now());
  const fail = (detail: string): LayerOutcome => ({ done: false, path: 'second-layer', clickedText: '', bannerGone: null, clicks, detail });
  let found = controlsOf(layer);
  const own = bestControl(found, choice);
  // A layer's own "reject all" / "accept all" is the visitor's shortest path; toggles and save otherwise.
  if (!own && recheck) {
    // One switch at a time, looking again after each: a "all services" master switch flips the others.
    const want = choice === 'accept';
    for (let round = 0; round < MAX_TOGGLE_ROUNDS; round++) {
      const toggle = layer.flatMap((b) => b.toggles).find((t) => t.checked !== want && !isNecessaryToggle(t));
      if (!toggle) break;
      const outcome = await surface.click(toggle, Math.min(1_500, remaining()));
      if (!outcome.clicked) break;
      clicks.push(clickRecord(surface, toggle, want ? 'toggle-on' : 'toggle-off', toggle.label, 2, outcome));
      try {
        layer = (await surface.scan(Math.min(2_000, remaining()), { includeToggles: true })).banners;
      } catch {
        break;
      }
    }
    found = controlsOf(layer);
  } else if (!own) {
    const want = choice === 'accept';
    for (const toggle of layer.flatMap((b) => b.toggles)) {
      if (toggle.checked === want || isNecessaryToggle(toggle)) continue;
      const outcome = await surface.click(toggle, Math.min(1_500, remaining()));
      if (outcome.clicked) clicks.push(clickRecord(surface, toggle, want ? 'toggle-on' : 'toggle-off', toggle.label, 2, outcome));
    }
  }
  const decisive = own ?? bestControl(found, 'save');
  if (!decisive) return fail('the settings layer has no control to save the choice');
  const outcome = await surface.click(decisive, Math.min(2_000, remaining()));
  if (!outcome.clicked) return fail(`could not click "${decisive.label}" on the settings layer: ${outcome.note}`);
  clicks.push(clickRecord(surface, decisive, own ? choice : 'save', decisive.label, 2, outcome));
  const gone = await surface.waitGone(decisive, Math.min(CLOSE_MS, remaining()));
  const switched = clicks.filter((c) => c.role === 'toggle-off' || c.role === 'toggle-on').length;
  return {
    done: true,
    path: 'second-layer',
    clickedText: decisive.label,
    bannerGone: gone.gone,
    clicks,
    detail: `opened ${opened}, switched ${switched} toggle${switched === 1 ? '' : 's'}, clicked "${decisive.label}"; ${gone.how}`,
  };
}
