/**
 * Consent inference: what the site's consent banner is, judged from what every phase's consent
 * step observed. It lives in the judge stage, not in the crawler, so saved evidence re-judged
 * with a newer version gets the newer reading.
 */
import type { ConsentEvidence, ConsentObservation } from '../model/evidence.js';

/** The phases that see an untouched banner, in the order their readings are preferred. */
const DETECTING_PHASES = ['before', 'accept', 'reject'] as const;

/** The site's consent evidence from the observations of its phases. */
export function inferConsent(observations: readonly ConsentObservation[], bannerScreenshot?: string): ConsentEvidence {
  const consent: ConsentEvidence = { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null };
  // The first layer is judged on an untouched banner; every phase sees one before acting.
  const detections = DETECTING_PHASES.map((phase) => observations.find((o) => o.phase === phase)?.detection).filter((d) => d !== undefined);
  consent.cmp = detections.find((d) => d.cmp)?.cmp ?? null;
  consent.bannerFound = detections.some((d) => d.bannerFound);
  const withBanner = detections.filter((d) => d.bannerFound);
  consent.rejectOnFirstLayer = anyTrue(withBanner.map((d) => d.rejectOnFirstLayer));
  consent.acceptOnFirstLayer = anyTrue(withBanner.map((d) => d.acceptOnFirstLayer));
  if (bannerScreenshot) consent.bannerScreenshot = bannerScreenshot;
  for (const observation of observations) {
    if (observation.phase === 'accept' || observation.phase === 'reject') {
      consent[observation.phase] = observation.action ?? { done: false, method: 'none', detail: 'the start page could not be loaded' };
    }
  }
  // A clicked consent control proves the banner; a heuristic click proves its control was on the
  // first layer (the heuristics never open a second one). Detection can miss a banner that is
  // still loading (a cross-site iframe on a busy machine) which the click a moment later finds.
  if (consent.accept?.done || consent.reject?.done) consent.bannerFound = true;
  if (consent.accept?.done && consent.accept.method === 'heuristic') consent.acceptOnFirstLayer = true;
  if (consent.reject?.done && consent.reject.method === 'heuristic') consent.rejectOnFirstLayer = true;
  return consent;
}

/** true if any phase saw it, false if phases looked and did not, null if none could tell. */
function anyTrue(values: ReadonlyArray<boolean | null>): boolean | null {
  if (values.includes(true)) return true;
  return values.includes(false) ? false : null;
}
