/**
 * Consent inference: what the site's consent banner is, judged from what every phase's consent
 * step observed, and which consent manager it is, named from the page's own fingerprints. It
 * lives in the judge stage, not in the crawler, so saved evidence re-judged with a newer version
 * (newer fingerprint table included) gets the newer reading.
 */
import type { CmpClues } from '../model/consent.js';
import type { ConsentActionRecord, ConsentEvidence, ConsentObservation, PageEvidence, PhaseDetection } from '../model/evidence.js';
import { identifyCmp } from './consent-manager.js';
import type { BannerDesign } from '../model/banner.js';

/**
 * The phases that see an untouched banner, in the order their readings are preferred. The
 * withdraw phase starts like the accept phase (a fresh profile, detection before its accept),
 * so its first look counts too, last.
 */
const DETECTING_PHASES = ['before', 'accept', 'reject', 'withdraw'] as const;

/** What of the site's pages the CMP naming reads: script URLs, cookie and storage names, the TCF cmpId. */
export type ConsentPages = ReadonlyArray<Pick<PageEvidence, 'phases'>>;

/** The site's consent evidence from the observations of its phases (and, for the CMP's name, its pages). */
export function inferConsent(observations: readonly ConsentObservation[], pages: ConsentPages = [], bannerScreenshot?: string, bannerDesign?: BannerDesign): ConsentEvidence {
  const consent: ConsentEvidence = { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null };
  // The first layer is judged on an untouched banner; every phase sees one before acting.
  const detected = DETECTING_PHASES.flatMap((phase) => {
    const detection = observations.find((o) => o.phase === phase)?.detection;
    return detection ? [{ phase, detection }] : [];
  });
  const detections = detected.map((d) => d.detection);
  consent.bannerFound = detections.some((d) => d.bannerFound);
  const withBanner = detections.filter((d) => d.bannerFound);
  consent.rejectOnFirstLayer = anyTrue(withBanner.map((d) => d.rejectOnFirstLayer));
  consent.acceptOnFirstLayer = anyTrue(withBanner.map((d) => d.acceptOnFirstLayer));
  if (detected.length > 0) consent.detections = detected.map(({ phase, detection }) => phaseDetection(phase, detection));
  if (bannerScreenshot) consent.bannerScreenshot = bannerScreenshot;
  if (bannerDesign) consent.bannerDesign = bannerDesign;
  for (const observation of observations) {
    if (observation.phase === 'accept' || observation.phase === 'reject') {
      consent[observation.phase] = observation.action ?? notLoaded();
    }
    if (observation.phase === 'withdraw') {
      consent.withdrawAccept = observation.action ?? notLoaded();
      if (observation.withdrawal) consent.withdraw = observation.withdrawal;
    }
  }
  // A clicked consent control proves the banner; a heuristic first-layer click proves its control
  // was on the first layer. Detection can miss a banner that is still loading (a cross-site iframe
  // on a busy machine) which the click a moment later finds.
  if (consent.accept?.done || consent.reject?.done || consent.withdrawAccept?.done) consent.bannerFound = true;
  if (firstLayerClick(consent.accept)) consent.acceptOnFirstLayer = true;
  if (firstLayerClick(consent.reject)) consent.rejectOnFirstLayer = true;
  if (!consent.bannerFound) {
    const inconclusive = detections.map((d) => d.inconclusive).find((reason) => reason !== undefined);
    if (inconclusive) consent.inconclusive = inconclusive;
  }
  consent.cmp = identifyCmp({ clues: mergedClues(detections.map((d) => d.clues), pages), ...pageFingerprints(pages) });
  return consent;
}

function notLoaded(): ConsentActionRecord {
  return { method: 'none', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], detail: 'the start page could not be loaded' };
}

function firstLayerClick(action: ConsentActionRecord | undefined): boolean {
  return action?.done === true && action.method === 'heuristic' && action.path === 'first-layer';
}

function phaseDetection(phase: PhaseDetection['phase'], d: NonNullable<ConsentObservation['detection']>): PhaseDetection {
  return {
    phase,
    detectedBy: d.detectedBy,
    ...(d.inconclusive ? { inconclusive: d.inconclusive } : {}),
    ...(d.foundAfterMs !== undefined ? { foundAfterMs: d.foundAfterMs } : {}),
    ...(d.shadowRoot ? { shadowRoot: d.shadowRoot } : {}),
    ...(d.frameUrl ? { frameUrl: d.frameUrl } : {}),
  };
}

/** Every phase's clues together, with the TCF cmpId the pages' TCF snapshots reported. */
function mergedClues(all: ReadonlyArray<CmpClues | undefined>, pages: ConsentPages): CmpClues {
  const unique = (values: string[]) => [...new Set(values)];
  const clues: CmpClues = {
    globals: unique(all.flatMap((c) => c?.globals ?? [])),
    dom: unique(all.flatMap((c) => c?.dom ?? [])),
    autoconsentRules: unique(all.flatMap((c) => c?.autoconsentRules ?? [])),
  };
  const tcfCmpId = all.find((c) => c?.tcfCmpId !== undefined)?.tcfCmpId ?? tcfCmpIdOf(pages);
  if (tcfCmpId !== undefined) clues.tcfCmpId = tcfCmpId;
  return clues;
}

function tcfCmpIdOf(pages: ConsentPages): number | undefined {
  for (const page of pages) {
    for (const evidence of Object.values(page.phases)) {
      const id = evidence?.tcf?.cmpId;
      if (typeof id === 'number' && id > 0) return id;
    }
  }
  return undefined;
}

/** Script URLs, first-party cookie names and storage keys the pages recorded, deduplicated. */
function pageFingerprints(pages: ConsentPages): { scriptUrls: string[]; cookieNames: string[]; storageKeys: string[] } {
  const scripts = new Set<string>();
  const cookies = new Set<string>();
  const storage = new Set<string>();
  for (const page of pages) {
    for (const evidence of Object.values(page.phases)) {
      if (!evidence) continue;
      for (const request of evidence.requests) if (request.type === 'script') scripts.add(request.url);
      for (const cookie of evidence.cookies) cookies.add(cookie.name);
      for (const item of evidence.storage) storage.add(item.key);
    }
  }
  return { scriptUrls: [...scripts], cookieNames: [...cookies], storageKeys: [...storage] };
}

/** true if any phase saw it, false if phases looked and did not, null if none could tell. */
function anyTrue(values: ReadonlyArray<boolean | null>): boolean | null {
  if (values.includes(true)) return true;
  return values.includes(false) ? false : null;
}
