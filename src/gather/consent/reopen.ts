/**
 * Reopening the consent settings after a choice, the way a visitor would: a persistent link or
 * floating button ("Cookie settings", "Datenschutzeinstellungen", "Gérer les cookies", an icon
 * with an aria-label or title), recognised by the multilingual reopen phrases or by the markup
 * CMPs document for their own reopen widgets; else the CMP's documented JavaScript API, which a
 * visitor cannot call (recorded as such). The in-page halves are serialised with toString() and
 * must not reference anything outside their own body.
 */
import { MAX_LABEL_LENGTH, classifyReopenLabel } from './phrases.js';

/** A reopen control candidate as the page reports it (scanner's isolated world). */
export interface FoundReopenControl {
  /** Index into the isolated-world store, for clicking. */
  index: number;
  /** Visible text, else aria-label, else title; whitespace-collapsed. */
  label: string;
  /** The CMP reopen markup it matched (a selector of REOPEN_MARKERS, or "calls <api>"), when any. */
  marker?: string;
  tag: string;
  /** position: fixed / sticky (a floating button) */
  floating: boolean;
}

/** A reopen control worth clicking, ranked. */
export interface ReopenCandidate extends FoundReopenControl {
  frameId: string;
  /** Higher is a better pick. */
  score: number;
}

/**
 * Markup CMPs document for their own reopen controls: vanilla-cookieconsent 3's
 * `data-cc="show-preferencesModal"` (2: `c-settings`), Cookiebot's floating widget, Complianz's
 * manage-consent tab, tarteaucitron's icon and manager button, OneTrust's floating button and
 * settings link class, CookieYes' revisit button, Osano cookieconsent's revoke tab.
 */
export const REOPEN_MARKERS: readonly string[] = [
  '[data-cc="show-preferencesModal"]',
  '[data-cc="c-settings"]',
  '#CookiebotWidget',
  '.cmplz-manage-consent',
  '#tarteaucitronIcon',
  '#tarteaucitronManager',
  '#ot-sdk-btn-floating',
  '.ot-sdk-show-settings',
  '.cky-btn-revisit',
  '.cc-revoke',
];

/**
 * The CMP API calls that reopen the settings, in the order tried, each as documented by its
 * vendor: Klaro `klaro.show()`, vanilla-cookieconsent 3 `CookieConsent.showPreferences()`,
 * Cookiebot `Cookiebot.renew()`, OneTrust `OneTrust.ToggleInfoDisplay()`, tarteaucitron
 * `tarteaucitron.userInterface.openPanel()`, Orejime 3 `orejime.prompt()`, Didomi
 * `Didomi.preferences.show()`, Usercentrics `UC_UI.showSecondLayer()`, and the TCF v1
 * `__cmp('displayConsentUi')`. `path` is the function's place from the page's global object.
 */
export const REOPEN_APIS: ReadonlyArray<{ call: string; path: readonly string[]; args?: readonly unknown[] }> = [
  { call: 'klaro.show()', path: ['klaro', 'show'] },
  { call: 'CookieConsent.showPreferences()', path: ['CookieConsent', 'showPreferences'] },
  { call: 'Cookiebot.renew()', path: ['Cookiebot', 'renew'] },
  { call: 'OneTrust.ToggleInfoDisplay()', path: ['OneTrust', 'ToggleInfoDisplay'] },
  { call: 'tarteaucitron.userInterface.openPanel()', path: ['tarteaucitron', 'userInterface', 'openPanel'] },
  { call: 'orejime.prompt()', path: ['orejime', 'prompt'] },
  { call: 'Didomi.preferences.show()', path: ['Didomi', 'preferences', 'show'] },
  { call: 'UC_UI.showSecondLayer()', path: ['UC_UI', 'showSecondLayer'] },
  { call: "__cmp('displayConsentUi')", path: ['__cmp'], args: ['displayConsentUi'] },
];

/** Source of a RegExp matching an onclick / href that calls one of the reopen APIs. */
export const REOPEN_CALL_PATTERN = 'klaro\\.show|showPreferences|Cookiebot\\.renew|ToggleInfoDisplay|userInterface\\.openPanel|orejime\\.prompt|preferences\\.show|showSecondLayer|displayConsentUi|revisitCkyConsent';

/** Options of one reopen scan. */
export interface ReopenScanOptions {
  storeKey: string;
  rootsKey: string;
  markers: readonly string[];
  callPattern: string;
  maxLabelLength: number;
}

/**
 * In-page (scanner's world): every visible link, button or clickable that could reopen the
 * consent settings: a short label (text, aria-label or title), or CMP reopen markup, or an
 * onclick / href calling a reopen API. Stored for clicking; classification happens in Node.
 */
export function scanForReopenControls(options: ReopenScanOptions): FoundReopenControl[] {
  const LIMIT = 400;
  const clickable = 'a, button, [role="button"], [role="link"], [onclick], [tabindex]';
  const calls = new RegExp(options.callPattern);
  const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
  const closedRoots: ShadowRoot[] = (((globalThis as Record<string, unknown>)[options.rootsKey] as ShadowRoot[] | undefined) || []).filter(
    (root) => root && root.host && root.host.isConnected,
  );
  const closedHosts = new Map<Element, ShadowRoot>(closedRoots.map((root) => [root.host, root]));
  const roots: Array<Document | ShadowRoot> = [];
  const walk = (root: Document | ShadowRoot) => {
    if (roots.includes(root)) return;
    roots.push(root);
    root.querySelectorAll('*').forEach((el) => {
      const shadow = el.shadowRoot || closedHosts.get(el);
      if (shadow) walk(shadow);
    });
  };
  walk(document);
  for (const root of closedRoots) walk(root);
  const visible = (el: Element): boolean => {
    if (!el.isConnected) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    return !check || check.call(el, { opacityProperty: true, visibilityProperty: true });
  };
  const floating = (el: Element): boolean => {
    for (let node: Element | null = el, i = 0; node && i < 6; node = node.parentElement, i++) {
      const position = getComputedStyle(node).position;
      if (position === 'fixed' || position === 'sticky') return true;
    }
    return false;
  };
  const seen = new Set<Element>();
  const found: FoundReopenControl[] = [];
  const store = ((globalThis as Record<string, unknown>)[options.storeKey] as Array<{ element: Element; container: Element | null }> | undefined) || [];
  (globalThis as Record<string, unknown>)[options.storeKey] = store;
  const add = (el: Element, marker: string | undefined) => {
    if (seen.has(el) || found.length >= LIMIT) return;
    seen.add(el);
    if (!visible(el)) return;
    const text = collapse(el.textContent || '');
    const label = (text && text.length <= options.maxLabelLength ? text : '') || collapse(el.getAttribute('aria-label') || '') || collapse(el.getAttribute('title') || '');
    if (!marker && (!label || label.length > options.maxLabelLength)) return;
    store.push({ element: el, container: null });
    found.push({ index: store.length - 1, label: label.slice(0, 120), ...(marker ? { marker } : {}), tag: el.tagName.toLowerCase(), floating: floating(el) });
  };
  for (const root of roots) {
    for (const selector of options.markers) {
      let matches: Element[] = [];
      try {
        matches = Array.from(root.querySelectorAll(selector));
      } catch {
        continue;
      }
      // The widget itself, or its first clickable inside.
      for (const el of matches) add(el.matches(clickable) ? el : el.querySelector('button, a, [role="button"]') || el, selector);
    }
    root.querySelectorAll(clickable).forEach((el) => {
      const call = (el.getAttribute('onclick') || '') + ' ' + (el.getAttribute('href') || '');
      const api = calls.exec(call);
      add(el, api ? `calls ${api[0].replace(/\\/g, '')}` : undefined);
    });
  }
  return found;
}

/**
 * Which found controls are reopen controls, best first: a label the reopen phrases know (whole
 * label, any of the 26 languages), or CMP reopen markup / a reopen API call in its handler.
 * Floating buttons and buttons rank a little higher than plain links with the same evidence.
 */
export function reopenCandidates(frameId: string, found: readonly FoundReopenControl[], preferredLanguages: readonly string[] = []): ReopenCandidate[] {
  const candidates: ReopenCandidate[] = [];
  for (const control of found) {
    const phrase = classifyReopenLabel(control.label, preferredLanguages);
    if (!phrase && !control.marker) continue;
    const score = (control.marker ? 20 : 0) + (phrase ? 10 : 0) + (control.floating ? 1 : 0) + (control.tag === 'button' ? 1 : 0);
    candidates.push({ ...control, frameId, score });
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** The label shown for a candidate: its own words, else the markup it matched. */
export function candidateLabel(candidate: Pick<FoundReopenControl, 'label' | 'marker'>): string {
  return candidate.label || (candidate.marker ? `(${candidate.marker})` : '(unlabelled)');
}

/** In-page (main world): which reopen APIs of REOPEN_APIS the page offers, by call name. */
export function availableReopenApis(apis: ReadonlyArray<{ call: string; path: readonly string[] }>): string[] {
  const present: string[] = [];
  for (const api of apis) {
    let owner: unknown = globalThis;
    let value: unknown = globalThis;
    try {
      for (const key of api.path) {
        owner = value;
        value = value == null ? undefined : (value as Record<string, unknown>)[key];
      }
    } catch {
      value = undefined;
    }
    if (typeof value === 'function' && owner !== undefined) present.push(api.call);
  }
  return present;
}

/** In-page (main world): calls one reopen API of REOPEN_APIS by its call name; true when it did not throw. */
export function callReopenApi(apis: ReadonlyArray<{ call: string; path: readonly string[]; args?: readonly unknown[] }>, call: string): boolean {
  const api = apis.find((a) => a.call === call);
  if (!api) return false;
  let owner: unknown = globalThis;
  let value: unknown = globalThis;
  for (const key of api.path) {
    owner = value;
    value = value == null ? undefined : (value as Record<string, unknown>)[key];
  }
  if (typeof value !== 'function') return false;
  try {
    (value as (...args: unknown[]) => unknown).apply(owner, [...(api.args || [])]);
    return true;
  } catch {
    return false;
  }
}

/** Options for scanForReopenControls with the project's tables. */
export function reopenScanOptions(storeKey: string, rootsKey: string): ReopenScanOptions {
  return { storeKey, rootsKey, markers: REOPEN_MARKERS, callPattern: REOPEN_CALL_PATTERN, maxLabelLength: MAX_LABEL_LENGTH * 2 };
}
