/**
 * The withdrawal of the withdraw phase (GDPR Art. 7(3)): after the accept and a reload, reopen
 * the consent settings the way a visitor would (a reopen control on the page, else the CMP's
 * documented API, recorded as such), refuse everything on the reopened layer with the consent
 * step's own reject machinery (layers.ts: its reject-all control, or the settings layer's
 * toggles off and save), prove the effect with the same snapshots and signals as a reject, and
 * record what became of the consent records and claims (names and claims, never values).
 */
import type { ConsentClick, ConsentSignal } from '../../model/consent.js';
import type { ConsentClaim, ConsentRecordChange, ReopenVia, WithdrawalRecord } from '../../model/withdrawal.js';
import { errorMessage, sleep } from '../../util/async.js';
import { firstPartyMatcher } from '../../util/party.js';
import type { ConsentSnapshot } from './consent-snapshot.js';
import { controlsOf, bestControl, type BannerCandidate } from './heuristics.js';
import { clickThroughLayers, type LayerOutcome } from './layers.js';
import { candidateLabel, type ReopenCandidate } from './reopen.js';
import { clickRecord, type ConsentSurface } from './surface.js';
import { mayBeConsentRecord } from './verify.js';

/** What the withdrawal needs from the page besides the consent surface; the bridge implements it over CDP. */
export interface WithdrawalPage {
  surface: ConsentSurface;
  /** Reopen controls on the page, best first. */
  findReopenControls(timeoutMs: number): Promise<ReopenCandidate[]>;
  /** Reopen API calls the page offers (REOPEN_APIS names). */
  reopenApis(timeoutMs: number): Promise<string[]>;
  /** Calls one of them; false when it was missing or threw. */
  callReopenApi(call: string, timeoutMs: number): Promise<boolean>;
  snapshot(): Promise<ConsentSnapshot>;
  /** Verifies a refusal like a reject click (snapshots until its effect shows). */
  proveRefusal(outcome: LayerOutcome, before: ConsentSnapshot, clickedAt: number, deadline: number): Promise<{ verified: boolean; signals: ConsentSignal[]; verification: string }>;
  /** Registrable domain of the page. */
  siteDomain(): string;
  /** Names the CMP fingerprint table knows as consent cookies / storage keys. */
  isConsentCookie(name: string): boolean;
}

/** Reopen controls tried, at most. */
const MAX_REOPEN_TRIES = 3;
/** Candidates listed in the record, at most. */
const MAX_CANDIDATES = 10;
/** How long reopen controls are looked for after the reload (a CMP renders its floating icon late). */
const FIND_WINDOW_MS = 2_500;
/** How long a reopened layer may take to show. */
const LAYER_OPEN_MS = 2_500;
const RESCAN_MS = 200;

/** Runs the withdrawal; never throws (a failure is the record's detail). */
export async function withdrawConsent(page: WithdrawalPage, timeoutMs: number): Promise<WithdrawalRecord> {
  const deadline = Date.now() + timeoutMs;
  const remaining = () => Math.max(300, deadline - Date.now());
  const record: WithdrawalRecord = { via: 'none', candidates: [], apis: [], reopenDetail: '', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], records: [], claims: [] };
  try {
    const before = await page.snapshot();
    const candidates = await findCandidates(page, Math.min(FIND_WINDOW_MS, remaining()));
    record.candidates = candidates.slice(0, MAX_CANDIDATES).map(candidateLabel);
    record.apis = await page.reopenApis(Math.min(1_000, remaining())).catch(() => []);
    const reopened = await reopen(page, candidates, record, deadline);
    if (!reopened) {
      record.detail = record.reopenDetail;
      return record;
    }
    const clickedAt = Date.now();
    let outcome = await clickThroughLayers(page.surface, 'reject', reopened, deadline, { layerOpen: true });
    record.clicks.push(...outcome.clicks);
    let proven = outcome.done ? await page.proveRefusal(outcome, before, clickedAt, deadline) : undefined;
    // A reject control on the reopened layer that changed nothing: its settings layer is the next path (as in the reject phase).
    if (outcome.done && !proven?.verified && outcome.path === 'first-layer' && Date.now() < deadline) {
      const layer = (await page.surface.scan(Math.min(2_000, remaining())).catch(() => ({ banners: [] as BannerCandidate[] }))).banners;
      if (bestControl(controlsOf(layer), 'settings')) {
        const second = await clickThroughLayers(page.surface, 'reject', layer, deadline, { settingsLayerOnly: true });
        record.clicks.push(...second.clicks);
        if (second.done) {
          const secondProof = await page.proveRefusal(second, before, clickedAt, deadline);
          if (secondProof.verified || !proven) {
            outcome = second;
            proven = secondProof;
          }
        }
      }
    }
    record.done = outcome.done;
    record.path = outcome.path;
    record.detail = outcome.detail;
    if (proven) Object.assign(record, proven);
    else record.verification = `the refusal on the reopened layer did not go through (${outcome.detail})`;
    const after = await page.snapshot();
    record.records = recordChanges(before, after, page.siteDomain(), (name) => page.isConsentCookie(name));
    record.claims = consentClaims(before, after);
  } catch (error) {
    record.detail = `the withdrawal failed: ${errorMessage(error)}`;
  }
  return record;
}

async function findCandidates(page: WithdrawalPage, windowMs: number): Promise<ReopenCandidate[]> {
  const until = Date.now() + windowMs;
  for (;;) {
    const found = await page.findReopenControls(Math.max(300, until - Date.now())).catch(() => []);
    if (found.length > 0 || Date.now() + RESCAN_MS * 2 >= until) return found;
    await sleep(RESCAN_MS * 2);
  }
}

/** Reopens the settings: the page's own controls first, then the CMP's API. The layer it opened, or undefined. */
async function reopen(page: WithdrawalPage, candidates: readonly ReopenCandidate[], record: WithdrawalRecord, deadline: number): Promise<BannerCandidate[] | undefined> {
  const notes: string[] = [];
  const opened = (via: ReopenVia, how: string, layer: BannerCandidate[]) => {
    record.via = via;
    notes.push(how);
    record.reopenDetail = notes.join('; ');
    return layer;
  };
  const tried = new Set<string>();
  for (let attempt = 0; attempt < MAX_REOPEN_TRIES && Date.now() < deadline; attempt++) {
    // Every scan refills the page's element store: after the first try the controls are found afresh.
    const list = attempt === 0 ? candidates : await page.findReopenControls(Math.min(2_000, Math.max(300, deadline - Date.now()))).catch(() => []);
    const candidate = list.find((c) => !tried.has(`${c.label}|${c.marker ?? ''}`));
    if (!candidate) break;
    tried.add(`${candidate.label}|${candidate.marker ?? ''}`);
    const label = candidateLabel(candidate);
    const outcome = await page.surface.click(candidate, Math.min(2_000, Math.max(300, deadline - Date.now()))).catch((error: unknown) => ({ clicked: false, trusted: false, note: errorMessage(error) }));
    if (!outcome.clicked) {
      notes.push(`could not click "${label}" (${outcome.note ?? 'not clicked'})`);
      continue;
    }
    record.clicks.push(reopenClick(page.surface, candidate, label, outcome.trusted));
    const layer = await waitForLayer(page.surface, deadline);
    if (layer) {
      record.control = label;
      return opened('page-control', `"${label}" on the page reopened the consent settings${candidate.marker ? ` (${candidate.marker})` : ''}`, layer);
    }
    notes.push(`"${label}" opened no consent layer`);
  }
  if (candidates.length === 0) notes.push('no control to reopen the consent settings was found on the page (links, buttons, floating icons: labels, aria-label, title, CMP reopen markup)');
  for (const call of record.apis) {
    if (Date.now() >= deadline) break;
    if (!(await page.callReopenApi(call, 1_000).catch(() => false))) {
      notes.push(`${call} failed`);
      continue;
    }
    const layer = await waitForLayer(page.surface, deadline);
    if (layer) {
      record.api = call;
      return opened('cmp-api', `the CMP's API ${call} reopened the consent settings (a visitor cannot call it)`, layer);
    }
    notes.push(`${call} opened no consent layer`);
  }
  if (record.apis.length === 0) notes.push('the page offers none of the known CMP reopen APIs');
  record.reopenDetail = notes.join('; ');
  return undefined;
}

function reopenClick(surface: ConsentSurface, candidate: ReopenCandidate, label: string, trusted: boolean): ConsentClick {
  return clickRecord(surface, candidate, 'reopen', label, 1, { clicked: true, trusted });
}

/** Waits for a consent layer with a way to refuse (reject, settings, save or toggles). */
async function waitForLayer(surface: ConsentSurface, deadline: number): Promise<BannerCandidate[] | undefined> {
  const until = Math.min(deadline, Date.now() + LAYER_OPEN_MS);
  for (;;) {
    const banners = (await surface.scan(Math.max(300, Math.min(2_000, until - Date.now())), { includeToggles: true }).catch(() => ({ banners: [] as BannerCandidate[] }))).banners;
    const controls = controlsOf(banners);
    if (controls.some((c) => c.kind === 'reject' || c.kind === 'settings' || c.kind === 'save') || banners.some((b) => b.toggles.length > 0)) return banners;
    if (Date.now() + RESCAN_MS >= until) return undefined;
    await sleep(RESCAN_MS);
  }
}

/** First-party consent records before vs after, by name (values only as in-memory hashes). */
export function recordChanges(before: ConsentSnapshot, after: ConsentSnapshot, siteDomain: string, isConsentCookie?: (name: string) => boolean): ConsentRecordChange[] {
  const firstParty = firstPartyMatcher(siteDomain);
  const changes: ConsentRecordChange[] = [];
  const cookieParts = (key: string) => {
    const at = key.lastIndexOf('@');
    return { name: at >= 0 ? key.slice(0, at) : key, where: at >= 0 ? key.slice(at + 1) : '', kind: 'cookie' as const };
  };
  const storageParts = (key: string) => {
    const [origin, kind, ...rest] = key.split('|');
    return { name: rest.join('|'), where: origin ?? '', kind: kind === 'sessionStorage' ? ('sessionStorage' as const) : ('localStorage' as const) };
  };
  const compare = (a: Map<string, string>, b: Map<string, string>, parts: (key: string) => { name: string; where: string; kind: ConsentRecordChange['kind'] }) => {
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const { name, where, kind } = parts(key);
      if (!where || !firstParty(where)) continue;
      const was = a.get(key);
      const is = b.get(key);
      const change: ConsentRecordChange['change'] = was === undefined ? 'created' : is === undefined ? 'removed' : was === is ? 'unchanged' : 'changed';
      // An unchanged key counts by its name; one the refusal wrote or removed may be a home-made CMP's record.
      if (!mayBeConsentRecord(name, change !== 'unchanged', isConsentCookie).candidate) continue;
      if (changes.some((c) => c.kind === kind && c.name === name)) continue;
      changes.push({ kind, name, change });
    }
  };
  compare(before.cookies, after.cookies, cookieParts);
  compare(before.storage, after.storage, storageParts);
  return changes.slice(0, 30);
}

/** What the CMPs' own state, the TCF string and Consent Mode claimed before and after. */
export function consentClaims(before: ConsentSnapshot, after: ConsentSnapshot): ConsentClaim[] {
  const claims: ConsentClaim[] = [];
  const cmpsBefore = new Map((before.state?.cmps ?? []).map((s) => [s.cmp, s]));
  for (const state of after.state?.cmps ?? []) {
    const was = cmpsBefore.get(state.cmp);
    const on = state.optionalOn !== undefined ? ` (${state.optionalOn} optional on)` : '';
    const stillConsented = state.choice === 'accepted' || (state.choice === 'partial' && (state.optionalOn ?? 0) > 0);
    claims.push({ source: state.cmp, before: was ? `${was.choice}${was.optionalOn !== undefined ? ` (${was.optionalOn} optional on)` : ''}` : 'not read', after: `${state.choice}${on}`, stillConsented });
  }
  const tcfBefore = before.state?.tcf;
  const tcfAfter = after.state?.tcf;
  if (tcfAfter?.purposeConsents !== undefined) {
    const words = (t: typeof tcfAfter | undefined) =>
      t?.purposeConsents === undefined ? 'not read' : `${t.purposeConsents} purpose consent${t.purposeConsents === 1 ? '' : 's'}${t.vendorConsents !== undefined ? `, ${t.vendorConsents} vendor consent${t.vendorConsents === 1 ? '' : 's'}` : ''}`;
    claims.push({ source: 'tcf', before: words(tcfBefore), after: words(tcfAfter), stillConsented: tcfAfter.purposeConsents > 0 });
  }
  const modeOf = (s: ConsentSnapshot) => s.state?.consentMode?.current ?? s.state?.consentMode?.ics;
  const modeAfter = modeOf(after);
  const types = ['ad_storage', 'analytics_storage'] as const;
  if (modeAfter && types.some((t) => modeAfter[t])) {
    const words = (m: Record<string, string> | undefined) => (m ? types.filter((t) => m[t]).map((t) => `${t} ${m[t]}`).join(', ') || 'not set' : 'not read');
    claims.push({ source: 'consent-mode', before: words(modeOf(before)), after: words(modeAfter), stillConsented: types.some((t) => modeAfter[t] === 'granted') });
  }
  return claims;
}

/** The record when the withdrawal is not attempted (no banner, accept not done): nothing more is visited. */
export function skippedWithdrawal(why: string): WithdrawalRecord {
  return { via: 'none', candidates: [], apis: [], reopenDetail: `not looked for: ${why}`, skipped: why, done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], records: [], claims: [] };
}
