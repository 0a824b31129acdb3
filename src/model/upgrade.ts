/**
 * Older saved files in today's shape. Reports of schema 1.0 and 1.1 and evidence files of format
 * 1.0 recorded the consent step before clicks were verified and before the consent manager was
 * named from its own fingerprints: `cmp` was autoconsent's rule name, an action record had no
 * `verified`, `signals` or `clicks`. The readers and the validators upgrade such a file first, so
 * every later stage sees one shape.
 *
 * Pure: the input is never changed (what needs an upgrade is copied), and a file that needs none
 * is returned as it is. The upgrade is idempotent, and it changes nothing else: the recorded
 * version (`schemaVersion`, `evidenceSchemaVersion`) stays, so a renderer can tell that an old
 * report's findings were judged before clicks were verified (`predatesClickVerification`).
 */

/** `verification` of every action record an upgrade fills in: nothing was checked then. */
export const LEGACY_VERIFICATION = 'recorded by gdpr-scan before clicks were verified';

/** `vendor` of a CMP identity an upgrade makes from an old report's CMP name. */
export const LEGACY_CMP_VENDOR = 'unknown (named by an older version)';

/** The report schema version that first recorded verified clicks and the CMP identity. */
const REPORT_VERIFIED_CLICKS = [1, 2] as const;
/** The evidence format version that first recorded them. */
const EVIDENCE_VERIFIED_CLICKS = [1, 1] as const;

type Json = Record<string, unknown>;

/** A report.json of schema < 1.2.0 in the 1.2 shape; anything else (a newer report, not a report) as it is. */
export function upgradeReport(json: unknown): unknown {
  if (!isObject(json) || !before(json['schemaVersion'], REPORT_VERIFIED_CLICKS) || !Array.isArray(json['sites'])) return json;
  const sites = json['sites'].map((site: unknown) => {
    if (!isObject(site) || !isObject(site['consent'])) return site;
    return { ...site, consent: upgradeConsentEvidence(site['consent']) };
  });
  return { ...json, sites };
}

/** An evidence.json of format 1.0 in the 1.1 shape; anything else as it is. */
export function upgradeEvidenceFile(json: unknown): unknown {
  if (!isObject(json) || !before(json['evidenceSchemaVersion'], EVIDENCE_VERIFIED_CLICKS) || !isObject(json['site'])) return json;
  const site = json['site'];
  if (!Array.isArray(site['consentObservations'])) return json;
  const consentObservations = site['consentObservations'].map((observation: unknown) => {
    if (!isObject(observation)) return observation;
    const upgraded: Json = { ...observation };
    if (isObject(observation['detection'])) upgraded['detection'] = renameKey(observation['detection'], 'cmp', 'autoconsentRule');
    if ('action' in observation) upgraded['action'] = upgradeAction(observation['action'], observation['phase']);
    return upgraded;
  });
  return { ...json, site: { ...site, consentObservations } };
}

/**
 * The report was made before clicks were verified (schema < 1.2): its action records were
 * upgraded, and its findings were judged without knowing whether a click took effect.
 */
export function predatesClickVerification(schemaVersion: string | undefined): boolean {
  return before(schemaVersion, REPORT_VERIFIED_CLICKS);
}

function upgradeConsentEvidence(consent: Json): Json {
  const upgraded: Json = { ...consent };
  if (typeof consent['cmp'] === 'string') upgraded['cmp'] = legacyCmp(consent['cmp']);
  for (const phase of ['accept', 'reject'] as const) {
    if (phase in consent) upgraded[phase] = upgradeAction(consent[phase], phase);
  }
  return upgraded;
}

/** An old report's CMP name (autoconsent's, the only one it had) as an identity that says where it came from. */
function legacyCmp(name: string): Json {
  const slug = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
  return { id: `autoconsent:${slug}`, name, vendor: LEGACY_CMP_VENDOR, detectedBy: ['autoconsent'] };
}

/**
 * An old action record with what a verified-clicks record has: `cmp` → `rule` (autoconsent),
 * `path: 'first-layer'` and its one click (heuristic: old heuristics clicked on the first layer
 * only, with trusted clicks), and unverified, with no signals. A record that already has
 * `verified`, or whose method is unknown, is left as it is (the schema says what is wrong).
 */
function upgradeAction(action: unknown, phase: unknown): unknown {
  if (!isObject(action) || 'verified' in action) return action;
  const method = action['method'];
  let upgraded: Json;
  let clicks: Json[] = [];
  if (method === 'autoconsent') {
    upgraded = renameKey(action, 'cmp', 'rule');
  } else if (method === 'heuristic') {
    upgraded = { ...action, ...(action['path'] === undefined ? { path: 'first-layer' } : {}) };
    const label = typeof action['clickedText'] === 'string' ? clickLabel(action['clickedText']) : '';
    if (phase === 'accept' || phase === 'reject') clicks = [{ role: phase, label, layer: 1, trusted: true }];
  } else if (method === 'none') {
    upgraded = { ...action };
  } else {
    return action;
  }
  return { ...upgraded, verified: false, signals: [], verification: LEGACY_VERIFICATION, clicks };
}

/** As a click's label is recorded: whitespace collapsed, at most 80 characters. */
function clickLabel(text: string): string {
  return Array.from(text.replace(/\s+/g, ' ').trim()).slice(0, 80).join('');
}

/** A copy with `from` renamed to `to` in the same place; as it is when `from` is absent or `to` present. */
function renameKey(record: Json, from: string, to: string): Json {
  if (!(from in record) || to in record) return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key === from ? to : key, value]));
}

/** `version` is a 1.x semver older than `[1, minor]`; false for anything that is not (left for the validators). */
function before(version: unknown, [major, minor]: readonly [number, number]): boolean {
  if (typeof version !== 'string') return false;
  const match = /^(\d+)\.(\d+)\.\d+/.exec(version);
  if (!match) return false;
  return Number(match[1]) === major && Number(match[2]) < minor;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
