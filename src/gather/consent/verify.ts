/**
 * Whether a consent click did what it claimed, judged by its effects rather than by the word of
 * whoever clicked: two consent snapshots (before and after the click, consent-snapshot.ts) and
 * what the bridge saw (banner gone, autoconsent's self-test, tags first loaded after the click)
 * become independent signals, and the signals a verdict. Pure: no browser, no clock.
 */
import type { ConsentSignal, ConsentSignalKind } from '../../model/consent.js';
import { firstPartyMatcher } from '../../util/party.js';
import type { ConsentSnapshot } from './consent-snapshot.js';
import type { CmpState, ConsentModeValue } from './consent-state-script.js';

export interface ConsentSignalsInput {
  action: 'accept' | 'reject';
  before: ConsentSnapshot;
  after: ConsentSnapshot;
  /** Registrable domain of the page, e.g. "shop.test". */
  siteDomain: string;
  /** Names the CMP fingerprint table knows as consent cookies / storage keys (may be absent). */
  isConsentCookie?: (name: string) => boolean;
  /** The banner is gone after the click; null: could not tell. */
  bannerGone: boolean | null;
  /** Autoconsent's self-test after its action, when it ran. */
  selfTest?: boolean | null;
  /** Third-party script hosts first requested after the click. */
  newThirdPartyScriptHosts: readonly string[];
}

/** Names listed in one detail, at most. */
const MAX_NAMES = 5;

/**
 * Names that look like a consent record. A key whose value merely changed counts only with such
 * a name (or a name the fingerprint table knows): pages rewrite timestamps and counters all the time.
 * Home-made notices name their record in the site's language (gf_wahl, le_scelta, fd_choix), so
 * "consent" and "choice" count in the main EU languages too.
 */
const CONSENT_LIKE_NAME =
  /consent|cookie|gdpr|ccpa|privac|einwillig|zustimm|datenschutz|toestemm|samtyk|samtyc|suostum|zgod|souhlas|suhlas|hozzajarul|choice|wahl|scelta|choix|keuze|elecci|escolha|cmp|optanon|euconsent|tcf|^cc_|klaro|orejime|didomi|axeptio|borlabs|cky|cmplz|tarteaucitron|usercentrics|^uc_|cookiehub|cookiefirst|termly|osano|_iub|cookiescript/i;

/**
 * Names that are never a consent record: analytics and advertising tags, bot management and load
 * balancers write these on their own schedule, and after an accept they are the tags' effect
 * (gated-tags speaks for that), not the CMP's record.
 */
const NOT_A_CONSENT_RECORD =
  /^(_ga($|_)|_gid$|_gat|_gcl_|_fbp$|_fbc$|_hj|_pk_|_clck$|_clsk$|_uet|__utm|_tt_|_ttp$|_scid|_pin_unauth$|ajs_|mp_|amp_|amplitude|_dc_gtm_|__gads$|__gpi$|__eoi$|_lfa|__cf_bm$|cf_clearance$|_cfuvid$|__cflb$|AWSALB|AWSELB|datadome$|incap_ses_|visid_incap_|nlbi_|ak_bmsc$|bm_sv$|bm_sz$|_abck$)/i;

/** The independent checks of one consent click, in a stable order. */
export function consentSignals(input: ConsentSignalsInput): ConsentSignal[] {
  const signals: ConsentSignal[] = [];
  const banner = bannerSignal(input.bannerGone);
  if (banner) signals.push(banner);
  const record = consentRecordSignal(input);
  if (record) signals.push(record);
  const tcf = tcfSignal(input);
  if (tcf) signals.push(tcf);
  const mode = consentModeSignal(input);
  if (mode) signals.push(mode);
  signals.push(...cmpStateSignals(input));
  const tags = gatedTagsSignal(input);
  if (tags) signals.push(tags);
  if (input.selfTest === true) signals.push({ kind: 'self-test', confirms: true, detail: "autoconsent's self-test found the CMP in the chosen state" });
  if (input.selfTest === false) signals.push({ kind: 'self-test', confirms: false, detail: "autoconsent's self-test did not find the CMP in the chosen state" });
  return signals;
}

function bannerSignal(bannerGone: boolean | null): ConsentSignal | undefined {
  if (bannerGone === true) return { kind: 'banner-gone', confirms: true, detail: 'the banner is no longer shown' };
  if (bannerGone === false) return { kind: 'banner-gone', confirms: false, detail: 'the banner is still shown' };
  return undefined;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

/** A cookie or storage key name as shown in a detail: quoted, cut at 60 characters. */
function quoted(name: string): string {
  const clean = name.replace(/[\u0000-\u001f"]/g, '');
  return `"${clean.length > 60 ? `${clean.slice(0, 60)}…` : clean}"`;
}

/**
 * Whether a first-party name can be a consent record: one the fingerprint table knows, or a
 * consent-like name that no tag writes on its own schedule. `created`: a key that appeared is
 * a candidate whatever its name (a home-made CMP's record), unless it is a tag's.
 */
export function mayBeConsentRecord(name: string, created: boolean, isConsentCookie?: (name: string) => boolean): { candidate: boolean; known: boolean } {
  let known = false;
  try {
    known = isConsentCookie?.(name) === true;
  } catch {
    known = false;
  }
  if (NOT_A_CONSENT_RECORD.test(name) && !known) return { candidate: false, known };
  return { candidate: created || known || CONSENT_LIKE_NAME.test(name), known };
}

function consentRecordSignal(input: ConsentSignalsInput): ConsentSignal | undefined {
  const firstParty = firstPartyMatcher(input.siteDomain);
  const written: string[] = [];
  const consider = (what: string, name: string, created: boolean) => {
    const { candidate, known: isKnown } = mayBeConsentRecord(name, created, input.isConsentCookie);
    if (!candidate) return;
    written.push(`${what} ${quoted(name)} ${created ? 'created' : 'changed'}${isKnown ? ' (a known consent cookie)' : ''}`);
  };
  for (const [key, hash] of input.after.cookies) {
    const at = key.lastIndexOf('@');
    const name = at >= 0 ? key.slice(0, at) : key;
    const domain = at >= 0 ? key.slice(at + 1) : '';
    if (!domain || !firstParty(domain)) continue;
    const previous = input.before.cookies.get(key);
    if (previous === hash) continue;
    consider('cookie', name, previous === undefined);
  }
  for (const [key, hash] of input.after.storage) {
    const [origin, kind, ...rest] = key.split('|');
    const name = rest.join('|');
    if (!origin || !firstParty(origin)) continue;
    const previous = input.before.storage.get(key);
    if (previous === hash) continue;
    consider(kind ?? 'storage', name, previous === undefined);
  }
  if (written.length === 0) return undefined;
  return { kind: 'consent-record', confirms: true, detail: `first-party ${listed(written)} after the click` };
}

function tcfSignal(input: ConsentSignalsInput): ConsentSignal | undefined {
  const before = input.before.state?.tcf;
  const after = input.after.state?.tcf;
  if (!after?.tcString || after.purposeConsents === undefined) return undefined;
  // A CMP whose first string already carried no consent may store the same string on a reject
  // (TCF 2.2 dates are days): the user's action still shows in the event status.
  const acted = after.eventStatus === 'useractioncomplete' && before?.eventStatus !== 'useractioncomplete';
  if (before?.tcString === after.tcString && !acted) return undefined;
  const how = before?.tcString === after.tcString ? 'was confirmed by a user action' : before?.tcString ? 'changed' : 'appeared';
  const status = after.eventStatus ? ` (${after.eventStatus})` : '';
  const vendors = after.vendorConsents !== undefined ? `, ${after.vendorConsents} vendor consent${after.vendorConsents === 1 ? '' : 's'}` : '';
  const consents = `${after.purposeConsents} purpose consent${after.purposeConsents === 1 ? '' : 's'}${vendors}`;
  const matches = input.action === 'accept' ? after.purposeConsents > 0 : after.purposeConsents === 0;
  const mismatch = input.action === 'accept' ? ' after accept' : ' after reject';
  return { kind: 'tcf', confirms: matches, detail: `the TC string ${how}${status}: ${consents}${matches ? '' : mismatch}` };
}

/** The Consent Mode states that speak for a choice: storage of ads and analytics. */
const DECISIVE_MODE_TYPES = ['ad_storage', 'analytics_storage'] as const;

function consentModeSignal(input: ConsentSignalsInput): ConsentSignal | undefined {
  const before = input.before.state?.consentMode;
  const after = input.after.state?.consentMode;
  const wanted: ConsentModeValue = input.action === 'accept' ? 'granted' : 'denied';
  let states: Partial<Record<(typeof DECISIVE_MODE_TYPES)[number], ConsentModeValue>> = {};
  let source: string;
  if (after && after.updates > (before?.updates ?? 0)) {
    const fresh = after.updates - (before?.updates ?? 0);
    source = `${fresh} new Consent Mode update${fresh === 1 ? '' : 's'}`;
    for (const type of DECISIVE_MODE_TYPES) {
      const value = after.lastUpdate?.[type] ?? after.current?.[type];
      if (value) states[type] = value;
    }
  } else if (after?.ics) {
    // No dataLayer update (e.g. a tag template set the state directly): gtag's own state, if it moved.
    const changed = DECISIVE_MODE_TYPES.filter((type) => after.ics?.[type] && after.ics[type] !== before?.ics?.[type]);
    if (changed.length === 0) return undefined;
    source = "gtag's consent state changed";
    states = Object.fromEntries(changed.map((type) => [type, after.ics?.[type]]));
  } else {
    return undefined;
  }
  const present = DECISIVE_MODE_TYPES.filter((type) => states[type] !== undefined);
  if (present.length === 0) return undefined;
  const described = present.map((type) => `${type} ${states[type]}`).join(', ');
  const matching = present.filter((type) => states[type] === wanted).length;
  // accept: something granted confirms, everything denied contradicts; reject: everything denied confirms, anything granted contradicts.
  const confirms = input.action === 'accept' ? matching > 0 : matching === present.length;
  return { kind: 'consent-mode', confirms, detail: `${source}: ${described}${confirms ? '' : ` after ${input.action}`}` };
}

function cmpStateSignals(input: ConsentSignalsInput): ConsentSignal[] {
  const before = new Map<string, CmpState>((input.before.state?.cmps ?? []).map((s) => [s.cmp, s]));
  const signals: ConsentSignal[] = [];
  for (const after of input.after.state?.cmps ?? []) {
    const previous = before.get(after.cmp);
    if (previous && previous.choice === after.choice) continue;
    const was = previous ? `${previous.choice} → ` : '';
    const said = `${after.cmp} ${was}${after.choice} (${after.detail})`;
    const opposite = input.action === 'accept' ? 'rejected' : 'accepted';
    const wanted = input.action === 'accept' ? 'accepted' : 'rejected';
    if (after.choice === wanted) signals.push({ kind: 'cmp-state', confirms: true, detail: said });
    else if (after.choice === opposite) signals.push({ kind: 'cmp-state', confirms: false, detail: `${said} after ${input.action}` });
    else if (after.choice === 'partial' && input.action === 'reject' && after.optionalOn !== undefined) {
      // A partial record after a reject is a reject if only necessary categories are on.
      if (after.optionalOn === 0) signals.push({ kind: 'cmp-state', confirms: true, detail: `${said}: only necessary categories are on` });
      else signals.push({ kind: 'cmp-state', confirms: false, detail: `${said}: ${after.optionalOn} optional ${after.optionalOn === 1 ? 'category' : 'categories'} on after reject` });
    }
  }
  return signals;
}

function gatedTagsSignal(input: ConsentSignalsInput): ConsentSignal | undefined {
  if (input.action !== 'accept') return undefined;
  const hosts = [...new Set(input.newThirdPartyScriptHosts)];
  if (hosts.length === 0) return undefined;
  return { kind: 'gated-tags', confirms: true, detail: `third-party scripts first loaded after the click from ${listed(hosts)}` };
}

/** Kinds whose contradiction outweighs any confirmation: they read the choice the site recorded. */
const RECORD_KINDS: ReadonlySet<ConsentSignalKind> = new Set(['tcf', 'consent-mode', 'cmp-state', 'consent-record']);
/** Kinds that confirm a click on their own. */
const STRONG_KINDS: ReadonlySet<ConsentSignalKind> = new Set(['consent-record', 'tcf', 'consent-mode', 'cmp-state', 'gated-tags']);

const KIND_WORDS: Record<ConsentSignalKind, string> = {
  'banner-gone': 'the banner closing',
  'consent-record': 'a first-party consent record',
  tcf: 'the TCF consent string',
  'consent-mode': 'a Google Consent Mode update',
  'cmp-state': "the CMP's own state",
  'gated-tags': 'tags that load only after consent',
  'self-test': "autoconsent's self-test",
};

/**
 * The verdict on one click. Verified when no record-kind signal (tcf, consent-mode, cmp-state,
 * consent-record) contradicts it, and one of these confirms it: a strong signal (a record kind or
 * gated-tags); the banner going away after a click the scanner made itself (clickedByScanner;
 * autoconsent may hide banners with CSS, so its own "gone" proves nothing); or the banner going
 * away together with autoconsent's self-test.
 */
export function isVerified(signals: readonly ConsentSignal[], clickedByScanner: boolean): { verified: boolean; reason: string } {
  const contradiction = signals.find((s) => !s.confirms && RECORD_KINDS.has(s.kind));
  if (contradiction) return { verified: false, reason: `${capitalise(KIND_WORDS[contradiction.kind])} contradicts the click: ${contradiction.detail}.` };

  const strong = signals.filter((s) => s.confirms && STRONG_KINDS.has(s.kind));
  if (strong.length > 0) {
    const kinds = [...new Set(strong.map((s) => KIND_WORDS[s.kind]))];
    return { verified: true, reason: `Confirmed by ${joinWords(kinds)}: ${strong[0].detail}.` };
  }
  const bannerGone = signals.some((s) => s.kind === 'banner-gone' && s.confirms);
  const selfTest = signals.find((s) => s.kind === 'self-test');
  if (bannerGone && clickedByScanner) return { verified: true, reason: "The banner closed after the scanner's own click (no consent record, TCF or Consent Mode change was seen)." };
  if (bannerGone && selfTest?.confirms) return { verified: true, reason: "The banner closed and autoconsent's self-test found the CMP in the chosen state." };

  const bannerShown = signals.some((s) => s.kind === 'banner-gone' && !s.confirms);
  const banner = bannerShown
    ? 'the banner is still shown'
    : bannerGone
      ? 'the banner was hidden, but not by a click of the scanner (autoconsent may hide banners with CSS)'
      : 'whether the banner closed could not be told';
  const test = selfTest && !selfTest.confirms ? ", autoconsent's self-test failed" : '';
  return { verified: false, reason: `Nothing confirmed the click: ${banner}${test} and no consent record, TCF or Consent Mode change appeared.` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
