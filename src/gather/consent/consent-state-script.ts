/**
 * In-page probes of what a consent click left behind, for proving a click by its effect. The
 * functions below are serialised with toString() and evaluated in the page's MAIN world (where
 * CMPs keep their JavaScript state), so they must not reference anything outside their own
 * body, must not define or change anything on the page, and must assume the page is hostile:
 * every read may throw (getters, proxies), every API may be missing or never answer.
 *
 * Only names, counts and the CMPs' own choice summaries leave the page; cookie values are read
 * here (CMPs keep their state in cookies) but never returned.
 */

/** The consent managers whose documented JavaScript state readConsentState knows. */
export const CMP_STATE_IDS = [
  'cookiebot',
  'onetrust',
  'didomi',
  'klaro',
  'orejime',
  'tarteaucitron',
  'cookieconsent-orestbida',
  'cookieconsent-osano',
  'usercentrics',
  'cookieyes',
  'complianz',
  'borlabs',
  'iubenda',
  'axeptio',
  'osano',
  'termly',
  'cookiefirst',
  'cookie-script',
  'cookiehub',
  'consentmanager',
] as const;

export type CmpStateId = (typeof CMP_STATE_IDS)[number];

/**
 * accepted: every optional (non-necessary) category the CMP reports is on; rejected: none is on;
 * partial: some are; none: the CMP is present but no choice is recorded yet; unknown: present,
 * but its state could not be read or made sense of.
 */
export type CmpChoice = 'accepted' | 'rejected' | 'partial' | 'none' | 'unknown';

/** One CMP's own account of the visitor's choice. */
export interface CmpState {
  cmp: CmpStateId;
  choice: CmpChoice;
  /** What was read, in words: the API used and category/service names (never values). */
  detail: string;
  /** Optional categories/purposes/services on, when the CMP's state separates them from necessary ones. */
  optionalOn?: number;
  /** Optional ones off, under the same condition. */
  optionalOff?: number;
}

/** The IAB TCF state as __tcfapi reported it. */
export interface TcfState {
  tcString?: string;
  /** tcloaded, cmpuishown or useractioncomplete. */
  eventStatus?: string;
  cmpId?: number;
  gdprApplies?: boolean;
  /** Purposes with consent (count of true). */
  purposeConsents?: number;
  /** Vendors with consent (count of true). */
  vendorConsents?: number;
  /** Why no (complete) answer came. */
  error?: string;
}

export type ConsentModeValue = 'granted' | 'denied';

/** Google Consent Mode as the page's dataLayer (and gtag's own state, when present) shows it. */
export interface ConsentModeState {
  /** The `consent default` commands, merged in order. */
  defaults?: Record<string, ConsentModeValue>;
  /** How many `consent update` commands were pushed. */
  updates: number;
  /** The states of the last `consent update`. */
  lastUpdate?: Record<string, ConsentModeValue>;
  /** Defaults overlaid with every update, in order: the effective state per dataLayer. */
  current?: Record<string, ConsentModeValue>;
  /** gtag's internal state (google_tag_data.ics.entries): update, else default, per type. Undocumented; a hint only. */
  ics?: Record<string, ConsentModeValue>;
}

export interface ConsentStateSnapshot {
  /** The CMPs present, each with its own account of the choice. */
  cmps: CmpState[];
  /** Absent when the page has no __tcfapi. */
  tcf?: TcfState;
  /** Absent when no consent command was ever pushed and gtag keeps no consent state. */
  consentMode?: ConsentModeState;
  /** Probes that failed, by name. */
  errors: string[];
  /** How long the probe took in the page. */
  elapsedMs: number;
}

/**
 * Reads the consent state of the page: the documented JavaScript state of the known CMPs, the
 * IAB TCF API and Google Consent Mode. Resolves within about 400 ms whatever the page does
 * (every asynchronous API is raced against a timer); never rejects on the page's account.
 */
export async function readConsentState(): Promise<ConsentStateSnapshot> {
  const BUDGET_MS = 350;
  const MAX_NAMES = 6;
  const started = Date.now();
  const deadline = started + BUDGET_MS;
  // The engine's own Promise, even if the page replaced window.Promise.
  const SafePromise = (async () => undefined)().constructor as PromiseConstructor;
  const w = window as unknown as Record<string, any>;
  const errors: string[] = [];
  const cmps: CmpState[] = [];

  const message = (error: unknown): string => {
    try {
      const text = error && typeof error === 'object' && 'message' in error ? String((error as Error).message) : String(error);
      return text.slice(0, 120);
    } catch {
      return 'unreadable error';
    }
  };
  const isFn = (value: unknown): value is (...args: any[]) => any => typeof value === 'function';
  const isObj = (value: unknown): value is Record<string, any> => value !== null && (typeof value === 'object' || typeof value === 'function');
  const keysOf = (value: unknown, max = 200): string[] => {
    try {
      return isObj(value) ? Object.keys(value).slice(0, max) : [];
    } catch {
      return [];
    }
  };
  const label = (value: unknown): string => {
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
    return text.replace(/\s+/g, ' ').slice(0, 40);
  };
  const names = (list: string[]): string => {
    if (list.length === 0) return 'none';
    const shown = list.slice(0, MAX_NAMES).map(label).join(', ');
    return list.length > MAX_NAMES ? `${shown} +${list.length - MAX_NAMES} more` : shown;
  };

  // document.cookie, parsed once; values stay in here.
  let jar: Map<string, string> | undefined;
  const cookies = (): Map<string, string> => {
    if (jar) return jar;
    jar = new Map();
    try {
      const text = String(document.cookie);
      for (const part of text.split(';').slice(0, 500)) {
        const eq = part.indexOf('=');
        const name = (eq >= 0 ? part.slice(0, eq) : part).trim();
        if (name && !jar.has(name)) jar.set(name, eq >= 0 ? part.slice(eq + 1).trim() : '');
      }
    } catch {
      // no cookies readable
    }
    return jar;
  };
  const cookie = (name: string): string | undefined => cookies().get(name);
  const jsonCookie = (raw: string | undefined): any => {
    if (raw === undefined || raw === '') return undefined;
    try {
      return JSON.parse(decodeURIComponent(raw));
    } catch {
      try {
        return JSON.parse(raw);
      } catch {
        return undefined;
      }
    }
  };
  const storageItem = (name: string): string | null => {
    try {
      return window.localStorage.getItem(name);
    } catch {
      return null;
    }
  };

  type Reading = Omit<CmpState, 'cmp'>;
  /** on: optional categories on, off: optional ones off. `separated`: the lists exclude necessary ones. */
  const summarise = (source: string, on: string[], off: string[], separated = true): Reading => {
    const choice: CmpChoice =
      on.length > 0 && off.length === 0 ? 'accepted' : on.length === 0 && off.length > 0 ? 'rejected' : on.length > 0 ? 'partial' : 'unknown';
    const detail = `${source}: on ${names(on)}; off ${names(off)}`;
    return separated ? { choice, detail, optionalOn: on.length, optionalOff: off.length } : { choice, detail };
  };
  const none = (detail: string): Reading => ({ choice: 'none', detail });
  const unknown = (detail: string): Reading => ({ choice: 'unknown', detail });

  /**
   * One CMP: `present` decides whether it is on the page (a throwing global counts as present
   * but unreadable), `read` its state (a throw makes it unknown).
   */
  const probe = (cmp: CmpStateId, present: () => unknown, read: () => Reading): void => {
    let here: unknown;
    try {
      here = present();
    } catch (error) {
      cmps.push({ cmp, choice: 'unknown', detail: `its global could not be read: ${message(error)}` });
      errors.push(cmp);
      return;
    }
    if (!here) return;
    try {
      const reading = read();
      cmps.push({ cmp, ...reading, detail: String(reading.detail).slice(0, 300) });
    } catch (error) {
      cmps.push({ cmp, choice: 'unknown', detail: `reading its state failed: ${message(error)}` });
      errors.push(cmp);
    }
  };

  /** Settles with the promise's value, or undefined after `ms` or on rejection. */
  const within = <T>(start: () => unknown, ms: number): Promise<{ value?: T; timedOut?: boolean; error?: string }> =>
    new SafePromise((resolve) => {
      let done = false;
      const finish = (result: { value?: T; timedOut?: boolean; error?: string }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ timedOut: true }), Math.max(0, ms));
      try {
        SafePromise.resolve(start() as T).then(
          (value) => finish({ value }),
          (error) => finish({ error: message(error) }),
        );
      } catch (error) {
        finish({ error: message(error) });
      }
    });
  const remaining = () => Math.max(0, deadline - Date.now());

  // ---- IAB TCF ------------------------------------------------------------------------

  const countTrue = (vector: unknown): number | undefined => {
    try {
      if (Array.isArray(vector)) return vector.filter((v) => v === true).length;
      if (!isObj(vector)) return undefined;
      let count = 0;
      for (const key of keysOf(vector, 5000)) if (vector[key] === true) count++;
      return count;
    } catch {
      return undefined;
    }
  };
  const tcfFrom = (data: Record<string, any>): TcfState => {
    const state: TcfState = {};
    try {
      if (typeof data.tcString === 'string') state.tcString = data.tcString.slice(0, 10_000);
      if (typeof data.eventStatus === 'string') state.eventStatus = data.eventStatus.slice(0, 40);
      if (typeof data.cmpId === 'number') state.cmpId = data.cmpId;
      if (typeof data.gdprApplies === 'boolean') state.gdprApplies = data.gdprApplies;
      const purposes = countTrue(data.purpose && data.purpose.consents);
      if (purposes !== undefined) state.purposeConsents = purposes;
      const vendors = countTrue(data.vendor && data.vendor.consents);
      if (vendors !== undefined) state.vendorConsents = vendors;
    } catch (error) {
      state.error = `reading the TC data failed: ${message(error)}`;
    }
    return state;
  };
  const readTcf = (): Promise<TcfState | undefined> =>
    new SafePromise((resolve) => {
      let api: unknown;
      try {
        api = w.__tcfapi;
      } catch (error) {
        resolve({ error: `__tcfapi could not be read: ${message(error)}` });
        return;
      }
      if (!isFn(api)) {
        resolve(undefined);
        return;
      }
      const tcfapi = api;
      let done = false;
      const finish = (state: TcfState) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(state);
      };
      const timer = setTimeout(() => finish({ error: 'the CMP did not answer __tcfapi in time' }), remaining());
      let triedGetTcData = false;
      const getTcData = () => {
        triedGetTcData = true;
        try {
          tcfapi('getTCData', 2, onData);
        } catch (error) {
          finish({ error: `calling __tcfapi failed: ${message(error)}` });
        }
      };
      function onData(data: unknown, success: unknown): void {
        if (done) return;
        try {
          if (isObj(data) && data.listenerId !== undefined && data.listenerId !== null) {
            const listenerId = data.listenerId;
            try {
              tcfapi('removeEventListener', 2, () => undefined, listenerId);
            } catch {
              // the listener stays; nothing else to do
            }
          }
          if (!success || !isObj(data)) {
            if (!triedGetTcData) getTcData();
            else finish({ error: 'the CMP reported failure' });
            return;
          }
          finish(tcfFrom(data));
        } catch (error) {
          finish({ error: `reading the TC data failed: ${message(error)}` });
        }
      }
      try {
        tcfapi('addEventListener', 2, onData);
      } catch {
        if (!done) getTcData();
      }
    });

  // ---- Google Consent Mode --------------------------------------------------------------

  const statesOf = (value: unknown): Record<string, ConsentModeValue> => {
    const states: Record<string, ConsentModeValue> = {};
    if (!isObj(value)) return states;
    for (const key of keysOf(value, 40)) {
      try {
        const v = value[key];
        if ((v === 'granted' || v === 'denied') && /^[a-z_]{1,40}$/.test(key)) states[key] = v;
      } catch {
        // skip a throwing entry
      }
    }
    return states;
  };
  const readConsentMode = (): ConsentModeState | undefined => {
    let defaults: Record<string, ConsentModeValue> | undefined;
    let lastUpdate: Record<string, ConsentModeValue> | undefined;
    let updated: Record<string, ConsentModeValue> = {};
    let updates = 0;
    let commands = 0;
    try {
      const dataLayer = w.dataLayer;
      if (Array.isArray(dataLayer)) {
        const length = Math.min(dataLayer.length, 5000);
        for (let i = 0; i < length; i++) {
          try {
            const entry = dataLayer[i];
            // gtag() pushes its `arguments` object; some code pushes a plain array.
            if (!isObj(entry) || entry[0] !== 'consent') continue;
            const states = statesOf(entry[2]);
            if (entry[1] === 'default') {
              commands++;
              defaults = { ...(defaults ?? {}), ...states };
            } else if (entry[1] === 'update') {
              commands++;
              updates++;
              lastUpdate = states;
              updated = { ...updated, ...states };
            }
          } catch {
            // skip a throwing entry
          }
        }
      }
    } catch (error) {
      errors.push(`dataLayer: ${message(error)}`);
    }
    let ics: Record<string, ConsentModeValue> | undefined;
    try {
      const tagData = w.google_tag_data;
      const entries = isObj(tagData) && isObj(tagData.ics) ? tagData.ics.entries : undefined;
      for (const key of keysOf(entries, 40)) {
        try {
          const entry = (entries as Record<string, any>)[key];
          const granted = isObj(entry) ? (typeof entry.update === 'boolean' ? entry.update : typeof entry.default === 'boolean' ? entry.default : undefined) : undefined;
          if (granted !== undefined && /^[a-z_]{1,40}$/.test(key)) (ics ??= {})[key] = granted ? 'granted' : 'denied';
        } catch {
          // skip a throwing entry
        }
      }
    } catch {
      // gtag's internals are optional
    }
    if (commands === 0 && !ics) return undefined;
    const current = { ...(defaults ?? {}), ...updated };
    return {
      ...(defaults ? { defaults } : {}),
      updates,
      ...(lastUpdate ? { lastUpdate } : {}),
      ...(Object.keys(current).length > 0 ? { current } : {}),
      ...(ics ? { ics } : {}),
    };
  };

  // Asked first, so the CMP has the whole budget to answer while the synchronous probes run.
  const tcfPromise = readTcf().catch((error: unknown): TcfState => ({ error: message(error) }));

  // ---- CMPs (synchronous APIs) ----------------------------------------------------------

  // Cookiebot: window.Cookiebot.consent {necessary, preferences, statistics, marketing}, hasResponse.
  probe(
    'cookiebot',
    () => isObj(w.Cookiebot) && ('consent' in w.Cookiebot || 'hasResponse' in w.Cookiebot),
    () => {
      const cb = w.Cookiebot;
      if (!cb.hasResponse) return none('Cookiebot.hasResponse is false');
      const consent = cb.consent;
      if (!isObj(consent)) return unknown('Cookiebot.consent is missing');
      const categories = ['preferences', 'statistics', 'marketing'];
      return summarise(
        'Cookiebot.consent',
        categories.filter((c) => consent[c] === true),
        categories.filter((c) => consent[c] !== true),
      );
    },
  );

  // OneTrust: OneTrust.IsAlertBoxClosed(), window.OnetrustActiveGroups (",C0001,C0002,"); C0001
  // is strictly necessary; GetDomainData().Groups lists every group (Status "always active").
  probe(
    'onetrust',
    () => isObj(w.OneTrust) || typeof w.OnetrustActiveGroups === 'string' || typeof w.OptanonActiveGroups === 'string',
    () => {
      const ot = w.OneTrust;
      let closed: boolean;
      if (isObj(ot) && isFn(ot.IsAlertBoxClosed)) closed = ot.IsAlertBoxClosed() === true;
      else closed = cookie('OptanonAlertBoxClosed') !== undefined;
      if (!closed) return none('OneTrust.IsAlertBoxClosed() is false');
      const raw = typeof w.OnetrustActiveGroups === 'string' ? w.OnetrustActiveGroups : w.OptanonActiveGroups;
      if (typeof raw !== 'string') return unknown('OnetrustActiveGroups is missing');
      const active = raw
        .split(',')
        .map((g: string) => g.trim())
        .filter((g: string) => g.length > 0)
        .slice(0, 200);
      const necessary = new Set(['C0001']);
      let all: string[] | undefined;
      try {
        const groups = isObj(ot) && isFn(ot.GetDomainData) ? ot.GetDomainData().Groups : undefined;
        if (Array.isArray(groups)) {
          all = [];
          for (const group of groups.slice(0, 200)) {
            if (!isObj(group) || typeof group.CustomGroupId !== 'string') continue;
            if (String(group.Status).toLowerCase() === 'always active') necessary.add(group.CustomGroupId);
            all.push(group.CustomGroupId);
          }
        }
      } catch {
        all = undefined;
      }
      const on = active.filter((g: string) => !necessary.has(g));
      const off = all ? all.filter((g) => !necessary.has(g) && !active.includes(g)) : [];
      // Only necessary groups active: a reject, whether or not the full group list was readable.
      const reading = on.length === 0 ? { ...summarise('OnetrustActiveGroups', on, off), choice: 'rejected' as const } : summarise('OnetrustActiveGroups', on, off);
      return all ? reading : { ...reading, detail: `${reading.detail} (the full group list was not readable)` };
    },
  );

  // Didomi: shouldConsentBeCollected(); getCurrentUserStatus().purposes {id: {enabled}}, else
  // getUserStatus().purposes.global {enabled, disabled}, else getUserConsentStatusForAll().
  probe(
    'didomi',
    () => isObj(w.Didomi) && (isFn(w.Didomi.getCurrentUserStatus) || isFn(w.Didomi.getUserStatus) || isFn(w.Didomi.getUserConsentStatusForAll)),
    () => {
      const d = w.Didomi;
      if (isFn(d.shouldConsentBeCollected) && d.shouldConsentBeCollected() === true) return none('Didomi.shouldConsentBeCollected() is true');
      if (isFn(d.getCurrentUserStatus)) {
        const purposes = d.getCurrentUserStatus()?.purposes;
        if (isObj(purposes)) {
          const ids = keysOf(purposes);
          const on = ids.filter((id) => isObj(purposes[id]) && purposes[id].enabled === true);
          return summarise('Didomi.getCurrentUserStatus()', on, ids.filter((id) => !on.includes(id)), false);
        }
      }
      const lists = isFn(d.getUserStatus) ? d.getUserStatus()?.purposes?.global : isFn(d.getUserConsentStatusForAll) ? d.getUserConsentStatusForAll()?.purposes : undefined;
      if (isObj(lists) && Array.isArray(lists.enabled) && Array.isArray(lists.disabled)) {
        return summarise('Didomi user status', lists.enabled.slice(0, 200).map(label), lists.disabled.slice(0, 200).map(label), false);
      }
      return unknown('Didomi returned no purposes');
    },
  );

  // Klaro: klaro.getManager() → {confirmed, consents {service: bool}, config.services[] (required)}.
  probe(
    'klaro',
    () => isObj(w.klaro) && isFn(w.klaro.getManager),
    () => {
      const manager = w.klaro.getManager();
      if (!isObj(manager)) return unknown('klaro.getManager() returned nothing');
      if (!manager.confirmed) return none('the Klaro manager is not confirmed');
      const config = manager.config;
      const services: unknown[] = isObj(config) && Array.isArray(config.services) ? config.services : isObj(config) && Array.isArray(config.apps) ? config.apps : [];
      const optional = services.filter((s): s is Record<string, any> => isObj(s) && !s.required && typeof s.name === 'string').map((s) => s.name as string);
      const consents = manager.consents;
      if (!isObj(consents)) return unknown('the Klaro manager has no consents');
      return summarise(
        'klaro manager consents',
        optional.filter((n) => consents[n] === true),
        optional.filter((n) => consents[n] !== true),
      );
    },
  );

  // Orejime v3: window.orejime.manager {getAllConsents(), isDirty()}, config.purposes[] (isMandatory,
  // groups with purposes[]); v2: window.orejime.internals.manager {consents, confirmed}, config.apps[] (required).
  probe(
    'orejime',
    () => isObj(w.orejime) && (isObj(w.orejime.manager) || isObj(w.orejime.internals)),
    () => {
      const o = w.orejime;
      const v3 = o.manager;
      if (isObj(v3) && isFn(v3.getAllConsents)) {
        if (isFn(v3.isDirty) && v3.isDirty() === true) return none('orejime.manager.isDirty() is true');
        const mandatory = new Set<string>();
        const walk = (purposes: unknown, depth: number) => {
          if (!Array.isArray(purposes) || depth > 3) return;
          for (const p of purposes.slice(0, 200)) {
            if (!isObj(p)) continue;
            if (p.isMandatory && typeof p.id === 'string') mandatory.add(p.id);
            walk(p.purposes, depth + 1);
          }
        };
        walk(isObj(o.config) ? o.config.purposes : undefined, 0);
        const consents = v3.getAllConsents();
        const ids = keysOf(consents).filter((id) => !mandatory.has(id));
        const on = ids.filter((id) => consents[id] === true);
        return summarise('orejime.manager.getAllConsents()', on, ids.filter((id) => !on.includes(id)));
      }
      const v2 = isObj(o.internals) ? o.internals.manager : undefined;
      if (isObj(v2) && isObj(v2.consents)) {
        if (!v2.confirmed) return none('the Orejime manager is not confirmed');
        const config = isObj(o.internals.config) ? o.internals.config : v2.config;
        const apps: unknown[] = isObj(config) && Array.isArray(config.apps) ? config.apps : [];
        const required = new Set(apps.filter((a): a is Record<string, any> => isObj(a) && !!a.required).map((a) => String(a.name)));
        const ids = keysOf(v2.consents).filter((id) => !required.has(id));
        const on = ids.filter((id) => v2.consents[id] === true);
        return summarise('orejime.internals.manager.consents', on, ids.filter((id) => !on.includes(id)));
      }
      return unknown('no Orejime manager');
    },
  );

  // tarteaucitron: tarteaucitron.state {service: true|false} (unset until answered), job[] the services.
  probe(
    'tarteaucitron',
    () => isObj(w.tarteaucitron) && (isObj(w.tarteaucitron.state) || Array.isArray(w.tarteaucitron.job)),
    () => {
      const t = w.tarteaucitron;
      const state = isObj(t.state) ? t.state : {};
      const jobs: string[] = Array.isArray(t.job) ? t.job.filter((j: unknown) => typeof j === 'string').slice(0, 200) : [];
      const services = [...new Set([...jobs, ...keysOf(state)])].filter((key) => {
        try {
          return !(isObj(t.services) && isObj(t.services[key]) && t.services[key].needConsent === false);
        } catch {
          return true;
        }
      });
      const on = services.filter((s) => state[s] === true);
      const decidedOff = services.filter((s) => state[s] === false);
      if (on.length === 0 && decidedOff.length === 0) return none('no service answered in tarteaucitron.state');
      const waiting = services.length - on.length - decidedOff.length;
      const off = services.filter((s) => state[s] !== true);
      const reading = summarise('tarteaucitron.state', on, off);
      return waiting > 0 ? { ...reading, detail: `${reading.detail} (${waiting} not answered)` } : reading;
    },
  );

  // vanilla-cookieconsent v3 (orestbida): CookieConsent.validConsent(), getUserPreferences()
  // {acceptType all|necessary|custom, acceptedCategories, rejectedCategories}; readOnly categories
  // from getConfig('categories'). (Cookiebot's own window.CookieConsent has neither function.)
  probe(
    'cookieconsent-orestbida',
    () => isObj(w.CookieConsent) && isFn(w.CookieConsent.getUserPreferences) && isFn(w.CookieConsent.validConsent),
    () => {
      const cc = w.CookieConsent;
      if (cc.validConsent() !== true) return none('CookieConsent.validConsent() is false');
      const prefs = cc.getUserPreferences();
      if (!isObj(prefs)) return unknown('CookieConsent.getUserPreferences() returned nothing');
      const readOnly = new Set<string>();
      try {
        const categories = isFn(cc.getConfig) ? cc.getConfig('categories') : undefined;
        for (const name of keysOf(categories)) if (isObj(categories[name]) && categories[name].readOnly) readOnly.add(name);
      } catch {
        // no config: every accepted category counts as optional
      }
      const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 200) : []);
      const on = list(prefs.acceptedCategories).filter((c) => !readOnly.has(c));
      const off = list(prefs.rejectedCategories).filter((c) => !readOnly.has(c));
      const source = `CookieConsent.getUserPreferences() acceptType ${label(prefs.acceptType)}`;
      const reading = summarise(source, on, off);
      if (prefs.acceptType === 'all') return { ...reading, choice: 'accepted' };
      if (prefs.acceptType === 'necessary') return { ...reading, choice: 'rejected' };
      if (prefs.acceptType === 'custom') return { ...reading, choice: on.length === 0 ? 'rejected' : off.length === 0 ? 'accepted' : 'partial' };
      return reading;
    },
  );

  // Osano's open-source cookieconsent 3 (window.cookieconsent): the choice is the
  // cookieconsent_status cookie, allow | deny | dismiss (dismiss counts as consent in the library).
  probe(
    'cookieconsent-osano',
    () => isObj(w.cookieconsent) && (w.cookieconsent.hasInitialised === true || isFn(w.cookieconsent.initialise)),
    () => {
      const status = cookie('cookieconsent_status');
      if (status === undefined || status === '') return none('no cookieconsent_status cookie');
      if (status === 'allow') return { choice: 'accepted', detail: 'cookieconsent_status is allow' };
      if (status === 'deny') return { choice: 'rejected', detail: 'cookieconsent_status is deny' };
      if (status === 'dismiss') return { choice: 'accepted', detail: 'cookieconsent_status is dismiss (the notice was dismissed; the library counts it as consent)' };
      return unknown('cookieconsent_status has an unknown value');
    },
  );

  // Usercentrics v2 (UC_UI.getServicesBaseInfo(): [{name, isEssential, consent {status, history[{type}]}}]);
  // v3 (__ucCmp, promises) is read below with the asynchronous probes.
  probe(
    'usercentrics',
    () => isObj(w.UC_UI) && isFn(w.UC_UI.getServicesBaseInfo),
    () => {
      const services = w.UC_UI.getServicesBaseInfo();
      if (!Array.isArray(services)) return unknown('UC_UI.getServicesBaseInfo() returned no list');
      const optional = services.slice(0, 500).filter((s: unknown): s is Record<string, any> => isObj(s) && !s.isEssential);
      const explicit = optional.some((s) => {
        const history = isObj(s.consent) && Array.isArray(s.consent.history) ? s.consent.history : [];
        const last = history[history.length - 1];
        return isObj(last) && last.type === 'explicit';
      });
      if (!explicit) return none('no explicit Usercentrics decision in the services history');
      const on = optional.filter((s) => isObj(s.consent) && s.consent.status === true).map((s) => label(s.name));
      const off = optional.filter((s) => !(isObj(s.consent) && s.consent.status === true)).map((s) => label(s.name));
      return summarise('UC_UI.getServicesBaseInfo()', on, off);
    },
  );

  // CookieYes: getCkyConsent() {isUserActionCompleted, categories {necessary, functional, analytics, performance, advertisement, …}}.
  probe(
    'cookieyes',
    () => isFn(w.getCkyConsent),
    () => {
      const consent = w.getCkyConsent();
      if (!isObj(consent)) return unknown('getCkyConsent() returned nothing');
      if (consent.isUserActionCompleted !== true) return none('getCkyConsent().isUserActionCompleted is false');
      const categories = keysOf(consent.categories).filter((c) => c !== 'necessary');
      return summarise(
        'getCkyConsent().categories',
        categories.filter((c) => consent.categories[c] === true),
        categories.filter((c) => consent.categories[c] !== true),
      );
    },
  );

  // Complianz (WordPress): cmplz_has_consent(category) and the cookies cmplz_banner-status
  // (dismissed once answered) and cmplz_<category> (allow | deny).
  probe(
    'complianz',
    () => isFn(w.cmplz_has_consent) || isObj(w.complianz) || [...cookies().keys()].some((n) => n.startsWith('cmplz_')),
    () => {
      if (cookie('cmplz_banner-status') !== 'dismissed') return none('cmplz_banner-status is not dismissed');
      const categories = ['preferences', 'statistics', 'marketing'];
      const granted = (c: string): boolean => {
        if (isFn(w.cmplz_has_consent)) {
          try {
            return w.cmplz_has_consent(c) === true;
          } catch {
            // fall back on the cookie
          }
        }
        return cookie(`cmplz_${c}`) === 'allow';
      };
      const on = categories.filter(granted);
      return summarise('Complianz consent', on, categories.filter((c) => !on.includes(c)));
    },
  );

  // Borlabs Cookie: the borlabs-cookie cookie, URL-encoded JSON {consents: {essential: […], statistics: […], …}}.
  probe(
    'borlabs',
    () => isObj(w.BorlabsCookie) || cookie('borlabs-cookie') !== undefined,
    () => {
      const raw = cookie('borlabs-cookie');
      if (raw === undefined) return none('no borlabs-cookie cookie');
      const parsed = jsonCookie(raw);
      if (!isObj(parsed) || !isObj(parsed.consents)) return unknown('the borlabs-cookie cookie has no consents');
      const groups = keysOf(parsed.consents).filter((g) => g !== 'essential');
      const on = groups.filter((g) => Array.isArray(parsed.consents[g]) && parsed.consents[g].length > 0);
      return summarise('borlabs-cookie consents', on, groups.filter((g) => !on.includes(g)));
    },
  );

  // iubenda: the _iub_cs-<site id> cookie (URL-encoded JSON {purposes {id: bool}} or {consent: bool};
  // purpose 1 is strictly necessary), else _iub.cs.api.isConsentGiven() / isConsentRejected().
  probe(
    'iubenda',
    () => (isObj(w._iub) && isObj(w._iub.cs)) || [...cookies().keys()].some((n) => /^_iub_cs-/.test(n)),
    () => {
      const name = [...cookies().keys()].find((n) => /^_iub_cs-/.test(n));
      const parsed = name ? jsonCookie(cookie(name)) : undefined;
      if (isObj(parsed) && isObj(parsed.purposes)) {
        const ids = keysOf(parsed.purposes).filter((id) => id !== '1');
        const on = ids.filter((id) => parsed.purposes[id] === true);
        return summarise('iubenda preferences cookie purposes', on, ids.filter((id) => !on.includes(id)));
      }
      if (isObj(parsed) && typeof parsed.consent === 'boolean') {
        return { choice: parsed.consent ? 'accepted' : 'rejected', detail: `iubenda preferences cookie consent ${parsed.consent}` };
      }
      const api = isObj(w._iub) && isObj(w._iub.cs) ? w._iub.cs.api : undefined;
      if (isObj(api) && isFn(api.isConsentGiven) && api.isConsentGiven() === true) return { choice: 'accepted', detail: '_iub.cs.api.isConsentGiven() is true' };
      if (isObj(api) && isFn(api.isConsentRejected) && api.isConsentRejected() === true) return { choice: 'rejected', detail: '_iub.cs.api.isConsentRejected() is true' };
      return none('no iubenda preferences cookie');
    },
  );

  // Axeptio: the axeptio_cookies cookie, URL-encoded JSON {$$completed, <vendor>: bool, …}.
  probe(
    'axeptio',
    () => isObj(w.axeptioSDK) || isObj(w.axeptioSettings) || Array.isArray(w._axcb) || cookie('axeptio_cookies') !== undefined,
    () => {
      const parsed = jsonCookie(cookie('axeptio_cookies'));
      if (!isObj(parsed)) return none('no axeptio_cookies cookie');
      const vendors = keysOf(parsed).filter((k) => !k.startsWith('$$') && typeof parsed[k] === 'boolean');
      const on = vendors.filter((v) => parsed[v] === true);
      return summarise('axeptio_cookies vendors', on, vendors.filter((v) => !on.includes(v)));
    },
  );

  // Osano (commercial): Osano.cm.getConsent() {ANALYTICS, MARKETING, PERSONALIZATION, ESSENTIAL: ACCEPT | DENY};
  // a choice is stored under osano_consentmanager (cookie or localStorage).
  probe(
    'osano',
    () => isObj(w.Osano) && isObj(w.Osano.cm) && isFn(w.Osano.cm.getConsent),
    () => {
      const stored = cookie('osano_consentmanager') !== undefined || storageItem('osano_consentmanager') !== null;
      if (!stored) return none('no stored Osano consent (osano_consentmanager)');
      const consent = w.Osano.cm.getConsent();
      const categories = keysOf(consent).filter((c) => !['ESSENTIAL', 'OPT_OUT', 'STORAGE'].includes(c));
      const on = categories.filter((c) => consent[c] === 'ACCEPT');
      return summarise('Osano.cm.getConsent()', on, categories.filter((c) => !on.includes(c)));
    },
  );

  // Termly: Termly.getConsentState() {essential, performance, analytics, advertising, social_networking, unclassified: bool}.
  // It has no "not answered yet" state to read: before a choice it shows the defaults.
  probe(
    'termly',
    () => isObj(w.Termly),
    () => {
      if (!isFn(w.Termly.getConsentState)) return unknown('Termly.getConsentState is missing');
      const state = w.Termly.getConsentState();
      const categories = keysOf(state).filter((c) => c !== 'essential' && typeof state[c] === 'boolean');
      const on = categories.filter((c) => state[c] === true);
      return summarise('Termly.getConsentState()', on, categories.filter((c) => !on.includes(c)));
    },
  );

  // CookieFirst: CookieFirst.consent, null until answered, else {necessary, performance, functional, advertising: bool}.
  probe(
    'cookiefirst',
    () => isObj(w.CookieFirst),
    () => {
      const consent = w.CookieFirst.consent;
      if (consent === null || consent === undefined) return none('CookieFirst.consent is empty');
      if (!isObj(consent)) return unknown('CookieFirst.consent is not an object');
      const categories = keysOf(consent).filter((c) => c !== 'necessary' && typeof consent[c] === 'boolean');
      const on = categories.filter((c) => consent[c] === true);
      return summarise('CookieFirst.consent', on, categories.filter((c) => !on.includes(c)));
    },
  );

  // Cookie Script: CookieScript.instance.currentState() {action: accept | reject, categories: [accepted…]} ('strict' is necessary).
  probe(
    'cookie-script',
    () => isObj(w.CookieScript) && isObj(w.CookieScript.instance) && isFn(w.CookieScript.instance.currentState),
    () => {
      const state = w.CookieScript.instance.currentState();
      if (!isObj(state)) return unknown('CookieScript.instance.currentState() returned nothing');
      if (state.action !== 'accept' && state.action !== 'reject') return none('CookieScript.instance.currentState() has no action');
      const accepted: string[] = Array.isArray(state.categories) ? state.categories.filter((c: unknown) => typeof c === 'string' && c !== 'strict').slice(0, 50) : [];
      if (accepted.length === 0) return { choice: 'rejected', detail: `CookieScript action ${state.action}: no optional category accepted`, optionalOn: 0 };
      return {
        choice: state.action === 'accept' ? 'accepted' : 'partial',
        detail: `CookieScript action ${state.action}: on ${names(accepted)}`,
        optionalOn: accepted.length,
      };
    },
  );

  // CookieHub: cookiehub.hasAnswered(), cookiehub.hasConsented(category).
  probe(
    'cookiehub',
    () => isObj(w.cookiehub) && isFn(w.cookiehub.hasAnswered),
    () => {
      const ch = w.cookiehub;
      if (ch.hasAnswered() !== true) return none('cookiehub.hasAnswered() is false');
      if (!isFn(ch.hasConsented)) return unknown('cookiehub.hasConsented is missing');
      const categories = ['preferences', 'analytics', 'marketing', 'uncategorized'];
      const on = categories.filter((c) => ch.hasConsented(c) === true);
      return summarise('cookiehub.hasConsented()', on, categories.filter((c) => !on.includes(c)));
    },
  );

  // consentmanager.net: __cmp('getCMPData') {purposeConsents {id: bool}, vendorConsents}, __cmp('consentStatus').userChoiceExists.
  let cmpData: Record<string, any> | undefined;
  probe(
    'consentmanager',
    () => {
      if (!isFn(w.__cmp)) return false;
      try {
        const data = w.__cmp('getCMPData');
        cmpData = isObj(data) ? data : undefined;
      } catch {
        cmpData = undefined; // another CMP's __cmp (TCF v1 wants a callback)
      }
      return cmpData !== undefined;
    },
    () => {
      const data = cmpData as Record<string, any>;
      let status: unknown;
      try {
        status = w.__cmp('consentStatus');
      } catch {
        status = undefined;
      }
      if (isObj(status) && status.userChoiceExists === false) return none("__cmp('consentStatus').userChoiceExists is false");
      if (!isObj(data.purposeConsents)) return unknown("__cmp('getCMPData') has no purposeConsents");
      const ids = keysOf(data.purposeConsents);
      const on = ids.filter((id) => data.purposeConsents[id] === true);
      return summarise("__cmp('getCMPData').purposeConsents", on, ids.filter((id) => !on.includes(id)), false);
    },
  );

  let consentMode: ConsentModeState | undefined;
  try {
    consentMode = readConsentMode();
  } catch (error) {
    errors.push(`consent mode: ${message(error)}`);
  }

  // ---- asynchronous APIs, in parallel, within what is left of the budget -----------------

  // Usercentrics v3: __ucCmp.getConsentDetails() → {consent {status ALL_ACCEPTED|ALL_DENIED|SOME_…, type IMPLICIT|EXPLICIT}, services {id: {name, essential, consent {given}}}}.
  let ucCmp: Record<string, any> | undefined;
  const usercentricsRead = cmps.some((c) => c.cmp === 'usercentrics');
  try {
    ucCmp = !usercentricsRead && isObj(w.__ucCmp) && isFn(w.__ucCmp.getConsentDetails) ? w.__ucCmp : undefined;
  } catch (error) {
    if (!usercentricsRead) cmps.push({ cmp: 'usercentrics', choice: 'unknown', detail: `its global could not be read: ${message(error)}` });
  }
  const ucPromise = ucCmp
    ? within<any>(() => (ucCmp as Record<string, any>).getConsentDetails(), remaining()).then((result): void => {
        if (result.timedOut) {
          cmps.push({ cmp: 'usercentrics', choice: 'unknown', detail: '__ucCmp.getConsentDetails() did not answer in time' });
          return;
        }
        try {
          const details = result.value;
          const consent = isObj(details) ? details.consent : undefined;
          if (!isObj(consent)) {
            cmps.push({ cmp: 'usercentrics', choice: 'unknown', detail: `__ucCmp.getConsentDetails() gave no consent${result.error ? `: ${result.error}` : ''}` });
            return;
          }
          if (consent.type !== 'EXPLICIT') {
            cmps.push({ cmp: 'usercentrics', choice: 'none', detail: `__ucCmp consent type is ${label(consent.type)}` });
            return;
          }
          const services = isObj(details.services) ? details.services : {};
          const optional = keysOf(services, 500).filter((id) => isObj(services[id]) && !services[id].essential);
          const given = (id: string) => isObj(services[id].consent) && services[id].consent.given === true;
          const nameOf = (id: string) => (typeof services[id].name === 'string' ? services[id].name : id);
          const reading = summarise(`__ucCmp consent ${label(consent.status)}`, optional.filter(given).map(nameOf), optional.filter((id) => !given(id)).map(nameOf));
          const choice: CmpChoice =
            consent.status === 'ALL_ACCEPTED' ? 'accepted' : consent.status === 'ALL_DENIED' ? 'rejected' : typeof consent.status === 'string' && consent.status.startsWith('SOME_') ? (reading.optionalOn === 0 ? 'rejected' : 'partial') : reading.choice;
          cmps.push({ cmp: 'usercentrics', ...reading, choice });
        } catch (error) {
          cmps.push({ cmp: 'usercentrics', choice: 'unknown', detail: `reading __ucCmp consent failed: ${message(error)}` });
        }
      })
    : SafePromise.resolve();

  const [tcf] = await SafePromise.all([tcfPromise, ucPromise]);
  return {
    cmps,
    ...(tcf ? { tcf } : {}),
    ...(consentMode ? { consentMode } : {}),
    errors,
    elapsedMs: Date.now() - started,
  };
}

/** One entry of the top document's Web Storage: kind, key and value (the value goes no further than the caller's hash). */
export type StorageEntry = [kind: 'localStorage' | 'sessionStorage', key: string, value: string];

export interface TopStorage {
  origin: string;
  entries: StorageEntry[];
  /** Why a storage area could not be read. */
  errors: string[];
}

/**
 * Lists localStorage and sessionStorage of the document it runs in (at most maxKeys keys each).
 * A value longer than maxValueChars is replaced by its length and an FNV-1a digest computed here,
 * so that a change is still seen without moving megabytes over the protocol.
 */
export function readTopStorage(maxKeys: number, maxValueChars: number): TopStorage {
  const errors: string[] = [];
  const entries: StorageEntry[] = [];
  let origin = '';
  try {
    origin = String(location.origin);
  } catch {
    origin = '';
  }
  const digest = (text: string): string => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16);
  };
  for (const kind of ['localStorage', 'sessionStorage'] as const) {
    try {
      const area = window[kind];
      const length = Math.min(Number(area.length) || 0, maxKeys);
      for (let i = 0; i < length; i++) {
        const key = area.key(i);
        if (typeof key !== 'string') continue;
        const value = String(area.getItem(key) ?? '');
        entries.push([kind, key.slice(0, 200), value.length > maxValueChars ? `\u0000${value.length}:${digest(value)}` : value]);
      }
    } catch (error) {
      errors.push(`${kind}: ${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'}`);
    }
  }
  return { origin, entries, errors };
}
