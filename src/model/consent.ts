/**
 * The consent step as evidence: how a banner was found, which consent manager (CMP) the page
 * showed, each click in order, and the independent signals that proved (or did not prove) that a
 * click did what it claimed. Gather records; judge names the CMP and interprets.
 */

/** How a CMP gave itself away. */
export type CmpClueKind = 'autoconsent' | 'global' | 'script' | 'dom' | 'cookie' | 'storage' | 'tcf';

/** A consent manager, named from its own fingerprints (src/data/cmps.json). */
export interface CmpIdentity {
  /** Stable id in the fingerprint table, e.g. "cookiebot". */
  id: string;
  /** Product name, e.g. "Cookiebot". */
  name: string;
  /** Company or project behind it, e.g. "Usercentrics A/S". */
  vendor: string;
  /** What identified it, strongest clue first. */
  detectedBy: CmpClueKind[];
  /** IAB TCF CMP id, when the page's TCF API reported one. */
  tcfCmpId?: number;
}

/**
 * What the page showed of CMP fingerprints, as recorded (the judge names the CMP from these plus
 * the requests, cookies and storage keys of the evidence).
 */
export interface CmpClues {
  /** Globals of the fingerprint table present in the page's main world, e.g. "Cookiebot". */
  globals: string[];
  /** DOM selectors of the fingerprint table that matched an element, e.g. "#CybotCookiebotDialog". */
  dom: string[];
  /** Autoconsent rules that detected a CMP on the page, in order (their internal names). */
  autoconsentRules: string[];
  /** IAB TCF CMP id, when __tcfapi answered with one. */
  tcfCmpId?: number;
}

/** What an independent check after a consent click looked at. */
export type ConsentSignalKind =
  | 'banner-gone'
  | 'consent-record'
  | 'tcf'
  | 'consent-mode'
  | 'cmp-state'
  | 'gated-tags'
  | 'self-test';

/** One independent check of a consent click's effect. */
export interface ConsentSignal {
  /**
   * banner-gone: the banner is hidden or removed; consent-record: a first-party cookie or storage
   * key of the CMP was written or changed; tcf: the IAB TC string changed and its consents match;
   * consent-mode: a Google Consent Mode update with matching states; cmp-state: the CMP's own
   * JavaScript state; gated-tags: third-party tags that only load after consent; self-test:
   * autoconsent's own check of the CMP state.
   */
  kind: ConsentSignalKind;
  /** true: the signal confirms the action; false: it contradicts it (e.g. consents after a reject). */
  confirms: boolean;
  /** What was seen, in words (names and counts, never cookie values). */
  detail: string;
}

/** What a click in the consent step meant to do. */
export type ConsentClickRole = 'accept' | 'reject' | 'settings' | 'toggle-off' | 'toggle-on' | 'save' | 'step' | 'reopen';

/** One click of the consent step, in order. */
export interface ConsentClick {
  /** What the click was for; step: a user-given selector (--consent-accept / --consent-reject); reopen: a control that reopened the consent settings (withdraw phase). */
  role: ConsentClickRole;
  /** Visible label of the clicked element (whitespace collapsed, cut at 80 characters). */
  label: string;
  /** Banner layer: 1 the first layer, 2 the settings layer opened by a settings click. */
  layer: number;
  /** A trusted (CDP input) click; false: an element.click() from script. */
  trusted: boolean;
  /** The user's selector that found the element (method selector). */
  selector?: string;
  /** URL of the frame the element was in, when not the top-level document. */
  frameUrl?: string;
}

/** An earlier method of the same consent step that did not end it (failed, or claimed success that nothing confirmed). */
export interface ConsentAttempt {
  /** The method tried. */
  method: 'autoconsent' | 'heuristic' | 'selector';
  /** It reported success (autoconsent) or its clicks went through. */
  done: boolean;
  /** What it did and why the next method was tried. */
  detail: string;
}
