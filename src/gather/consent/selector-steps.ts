/**
 * The user's own consent steps (--consent-accept / --consent-reject, or a site's own in a sites
 * file or the config): each selector is waited for (bounded), then clicked like a visitor would,
 * in order. Used when nothing recognises a banner, and recorded as the method.
 */
import type { ConsentClick, ConsentClickRole } from '../../model/consent.js';
import { sleep } from '../../util/async.js';
import { clickRecord, type ConsentSurface } from './surface.js';

export interface SelectorOutcome {
  /** Every step was clicked. */
  done: boolean;
  clicks: ConsentClick[];
  /** The banner went away after the last step; null when it could not be told. */
  bannerGone: boolean | null;
  detail: string;
}

/** How long one step's selector may take to appear (a layer opening, a late banner). */
const STEP_WAIT_MS = 3_000;
const POLL_MS = 150;

export async function clickSelectorSteps(surface: ConsentSurface, selectors: readonly string[], role: ConsentClickRole, deadline: number): Promise<SelectorOutcome> {
  const clicks: ConsentClick[] = [];
  let last: Awaited<ReturnType<ConsentSurface['findSelector']>> = null;
  for (const [step, selector] of selectors.entries()) {
    const until = Math.min(deadline, Date.now() + STEP_WAIT_MS);
    let found = await surface.findSelector(selector, Math.max(300, until - Date.now()));
    while (!found && Date.now() + POLL_MS < until) {
      await sleep(POLL_MS);
      found = await surface.findSelector(selector, Math.max(300, until - Date.now()));
    }
    if (!found) return { done: false, clicks, bannerGone: null, detail: `step ${step + 1} of ${selectors.length}: nothing visible matches ${JSON.stringify(selector)}` };
    const outcome = await surface.click(found.target, Math.max(300, Math.min(2_000, deadline - Date.now())));
    if (!outcome.clicked) return { done: false, clicks, bannerGone: null, detail: `step ${step + 1} of ${selectors.length}: could not click ${JSON.stringify(selector)}: ${outcome.note}` };
    // Only the last step makes the choice; the ones before open layers or tick boxes.
    const isLast = step === selectors.length - 1;
    clicks.push(clickRecord(surface, found.target, isLast ? role : 'step', found.label, step + 1, outcome, selector));
    last = found;
  }
  const gone = last ? await surface.waitGone(last.target, Math.max(300, Math.min(1_500, deadline - Date.now()))) : { gone: false, how: 'no step' };
  return { done: true, clicks, bannerGone: gone.gone, detail: `clicked ${selectors.length} user step${selectors.length === 1 ? '' : 's'}; ${gone.how}` };
}
