/**
 * Naming a page's consent manager (CMP) from its own fingerprints: the globals and elements the
 * in-page probe found, the scripts it loaded, the cookies and storage keys it wrote, the CMP id
 * its IAB TCF API reported, and the autoconsent rules that recognised it (those are autoconsent's
 * internal names, used only through the table's mapping: a rule nobody maps never becomes a name).
 *
 * Scoring. Every observed value (a global, a selector, a script URL, a cookie name, ...) credits
 * the table entries it matches. Where several patterns match one value, only the most specific
 * count: an exact cookie name beats a prefix and a longer prefix a shorter one; a script host
 * beats a path fragment, a longer host suffix a shorter one and a longer fragment a shorter one.
 * A value still credited to more than one entry is shared and counts half for each of them.
 * A TCF CMP id is registered to a company: it credits the entry that lists it and the other
 * products of the same vendor (OneTrust's 28 also covers CookiePro), shared between them.
 * An entry scores, per clue kind, the weight of that kind (full, or half when it only matched
 * shared values), summed over the kinds:
 *   tcf 10 · global 8 · script 8 · autoconsent 6 · dom 5 · cookie 5 · storage 2
 * so one strong clue outweighs one medium clue, and two medium clues outweigh one strong one.
 *
 * Tie-break, when several entries reach the top score:
 *   1. the entry with more clue kinds matched by values it alone claims wins (the more specific
 *      evidence: Cookiebot's CookieConsent cookie beats a bare shared CookieConsent global);
 *   2. if they are still tied and all belong to one vendor, the first in file order wins (the
 *      vendor's flagship: OneTrust before CookiePro);
 *   3. otherwise the page is ambiguous and no entry is named. In particular a lone
 *      window.CookieConsent (defined by both Cookiebot and orestbida's CookieConsent) names
 *      nobody: a second clue is needed (Cookiebot's CookieConsent cookie or #CybotCookiebotDialog,
 *      orestbida's cc_cookie or #cc-main).
 * When nothing is named and the TCF API reported a CMP id the table does not know, the CMP is
 * reported as that id ("tcf-<id>").
 */
import type { CmpClueKind, CmpClues, CmpIdentity } from '../model/consent.js';
import { CMP_FINGERPRINTS, type CmpFingerprint } from '../data/cmps.js';

export interface IdentifyCmpInput {
  /** What the in-page probe, the TCF API and autoconsent reported. */
  clues?: CmpClues;
  /** URLs of the page's scripts (requests of type script, or script src attributes). */
  scriptUrls: readonly string[];
  /** Names of the cookies the page had (first and third party). */
  cookieNames: readonly string[];
  /** localStorage / sessionStorage keys of the page. */
  storageKeys: readonly string[];
}

/** Strongest first: the order of CmpIdentity.detectedBy. */
const KIND_ORDER: readonly CmpClueKind[] = ['tcf', 'global', 'script', 'autoconsent', 'dom', 'cookie', 'storage'];

const WEIGHT: Readonly<Record<CmpClueKind, number>> = {
  tcf: 10,
  global: 8,
  script: 8,
  autoconsent: 6,
  dom: 5,
  cookie: 5,
  storage: 2,
};

/** Below this an entry is not named (a lone shared storage key says too little). */
const MIN_SCORE = 2;

type EntryIndex = number;

/** Entries listing each exact value. */
function exactIndex(values: (cmp: CmpFingerprint) => readonly string[]): ReadonlyMap<string, readonly EntryIndex[]> {
  const map = new Map<string, EntryIndex[]>();
  CMP_FINGERPRINTS.forEach((cmp, index) => {
    for (const value of values(cmp)) {
      const list = map.get(value) ?? [];
      if (!list.includes(index)) list.push(index);
      map.set(value, list);
    }
  });
  return map;
}

interface Pattern {
  readonly text: string;
  readonly entry: EntryIndex;
}

/** A name matcher over exact names and "prefix*" patterns (cookies, storage keys). */
interface NameIndex {
  readonly exact: ReadonlyMap<string, readonly EntryIndex[]>;
  readonly prefixes: readonly Pattern[];
}

function nameIndex(values: (cmp: CmpFingerprint) => readonly string[]): NameIndex {
  const exact = exactIndex((cmp) => values(cmp).filter((value) => !value.endsWith('*')));
  const prefixes: Pattern[] = [];
  CMP_FINGERPRINTS.forEach((cmp, entry) => {
    for (const value of values(cmp)) if (value.endsWith('*')) prefixes.push({ text: value.slice(0, -1), entry });
  });
  return { exact, prefixes };
}

/** The entries of the longest patterns that match (the most specific ones), each once. */
function longestMatches(patterns: readonly Pattern[], matches: (text: string) => boolean): EntryIndex[] {
  let best = -1;
  let entries: EntryIndex[] = [];
  for (const { text, entry } of patterns) {
    if (text.length < best || !matches(text)) continue;
    if (text.length > best) {
      best = text.length;
      entries = [];
    }
    if (!entries.includes(entry)) entries.push(entry);
  }
  return entries;
}

/** Entries a name credits: the exact matches, else those of the longest matching prefix. */
function matchName(index: NameIndex, name: string): readonly EntryIndex[] {
  return index.exact.get(name) ?? longestMatches(index.prefixes, (prefix) => name.startsWith(prefix));
}

const GLOBALS = exactIndex((cmp) => cmp.globals);
const DOM = exactIndex((cmp) => cmp.dom);
const RULES = exactIndex((cmp) => cmp.autoconsentRules);
const COOKIES = nameIndex((cmp) => cmp.cookies);
const STORAGE = nameIndex((cmp) => cmp.storage);

const SCRIPT_HOSTS: readonly Pattern[] = CMP_FINGERPRINTS.flatMap((cmp, entry) =>
  cmp.scripts.filter((s) => s.startsWith('host:')).map((s) => ({ text: s.slice('host:'.length).toLowerCase(), entry })),
);
const SCRIPT_PATHS: readonly Pattern[] = CMP_FINGERPRINTS.flatMap((cmp, entry) =>
  cmp.scripts.filter((s) => s.startsWith('path:')).map((s) => ({ text: s.slice('path:'.length).toLowerCase(), entry })),
);

/** Entries a script URL credits: those of the longest matching host suffix, else of the longest path fragment. */
function matchScript(url: string): readonly EntryIndex[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const path = parsed.pathname.toLowerCase();
  const byHost = longestMatches(SCRIPT_HOSTS, (suffix) => host === suffix || host.endsWith(`.${suffix}`));
  return byHost.length > 0 ? byHost : longestMatches(SCRIPT_PATHS, (fragment) => path.includes(fragment));
}

/** Entries a TCF CMP id credits: the entry listing it and the other products of its vendor. */
function matchTcf(tcfCmpId: number): readonly EntryIndex[] {
  const owner = CMP_FINGERPRINTS.findIndex((cmp) => cmp.tcfCmpIds?.includes(tcfCmpId));
  if (owner < 0) return [];
  const vendor = CMP_FINGERPRINTS[owner]!.vendor;
  return CMP_FINGERPRINTS.flatMap((cmp, index) => (cmp.vendor === vendor ? [index] : []));
}

/** How an entry was matched by one kind of clue. */
interface KindMatch {
  /** At least one value of this kind credited this entry alone. */
  exclusive: boolean;
}

function validTcfId(clues: CmpClues | undefined): number | undefined {
  const id = clues?.tcfCmpId;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * Names the page's CMP from its fingerprints (see the file comment for the scoring and the
 * tie-break), or null when nothing identifies one.
 */
export function identifyCmp(input: IdentifyCmpInput): CmpIdentity | null {
  const clues = input.clues;
  const tcfCmpId = validTcfId(clues);
  const matches = new Map<EntryIndex, Map<CmpClueKind, KindMatch>>();
  const credit = (kind: CmpClueKind, entries: readonly EntryIndex[]) => {
    for (const entry of entries) {
      const kinds = matches.get(entry) ?? new Map<CmpClueKind, KindMatch>();
      const previous = kinds.get(kind);
      kinds.set(kind, { exclusive: (previous?.exclusive ?? false) || entries.length === 1 });
      matches.set(entry, kinds);
    }
  };

  if (tcfCmpId !== undefined) credit('tcf', matchTcf(tcfCmpId));
  for (const name of new Set(clues?.globals ?? [])) credit('global', GLOBALS.get(name) ?? []);
  for (const url of new Set(input.scriptUrls)) credit('script', matchScript(url));
  for (const rule of new Set(clues?.autoconsentRules ?? [])) credit('autoconsent', RULES.get(rule) ?? []);
  for (const selector of new Set(clues?.dom ?? [])) credit('dom', DOM.get(selector) ?? []);
  for (const name of new Set(input.cookieNames)) credit('cookie', matchName(COOKIES, name));
  for (const key of new Set(input.storageKeys)) credit('storage', matchName(STORAGE, key));

  const scored = [...matches].map(([entry, kinds]) => {
    let score = 0;
    let exclusiveKinds = 0;
    for (const [kind, match] of kinds) {
      score += match.exclusive ? WEIGHT[kind] : WEIGHT[kind] / 2;
      if (match.exclusive) exclusiveKinds++;
    }
    return { entry, kinds, score, exclusiveKinds };
  });
  const topScore = Math.max(0, ...scored.map((s) => s.score));
  let top = topScore >= MIN_SCORE ? scored.filter((s) => s.score === topScore) : [];
  if (top.length > 1) {
    const mostExclusive = Math.max(...top.map((s) => s.exclusiveKinds));
    top = top.filter((s) => s.exclusiveKinds === mostExclusive);
  }
  if (top.length > 1) {
    const vendors = new Set(top.map((s) => CMP_FINGERPRINTS[s.entry]!.vendor));
    top = vendors.size === 1 ? [top.reduce((first, s) => (s.entry < first.entry ? s : first))] : [];
  }

  const winner = top[0];
  if (winner) {
    const cmp = CMP_FINGERPRINTS[winner.entry]!;
    return {
      id: cmp.id,
      name: cmp.name,
      vendor: cmp.vendor,
      detectedBy: KIND_ORDER.filter((kind) => winner.kinds.has(kind)),
      ...(tcfCmpId !== undefined ? { tcfCmpId } : {}),
    };
  }
  if (tcfCmpId !== undefined && matchTcf(tcfCmpId).length === 0) {
    return {
      id: `tcf-${tcfCmpId}`,
      name: `IAB TCF CMP #${tcfCmpId}`,
      vendor: 'unknown (not in the bundled CMP list)',
      detectedBy: ['tcf'],
      tcfCmpId,
    };
  }
  return null;
}
