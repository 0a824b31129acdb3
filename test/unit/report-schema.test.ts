import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION, type PlanSummary, type Report, type SiteReport } from '../../src/model/report.js';
import { assembleReport } from '../../src/finish/assemble.js';
import { reportSchema, validateReport } from '../../src/model/validate.js';
import { schemaValidator } from '../../src/model/schema-validator.js';
import { definitionDocDrift, loadModel, missingDescriptions, schemaDrift, type SchemaDocument, type SchemaDocuments, type SchemaNode } from '../helpers/schema-drift.js';

const plan: PlanSummary = {
  urls: ['https://klaro-shop.test/', 'https://unreachable.test/'],
  phases: ['before', 'accept', 'reject'],
  maxPages: 2,
  locale: 'de-DE',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  timeoutMs: 30_000,
  quietMs: 1_000,
  maxWaitMs: 10_000,
  failOn: 'high',
  hostMap: ['*=127.0.0.1:8443'],
  ignoreHttpsErrors: true,
};

const visit = 1_760_000_000;

/** Two sites, one scanned (2 pages × 3 phases) and one that could not be; every optional field is used once. */
const sites: SiteReport[] = [
  {
    url: 'https://klaro-shop.test/',
    finalUrl: 'https://www.klaro-shop.test/',
    consent: {
      cmp: { id: 'klaro', name: 'Klaro', vendor: 'KIProtect GmbH', detectedBy: ['global', 'autoconsent', 'tcf'], tcfCmpId: 10 },
      bannerFound: true,
      rejectOnFirstLayer: false,
      acceptOnFirstLayer: true,
      detections: [
        { phase: 'before', detectedBy: 'autoconsent', foundAfterMs: 640 },
        { phase: 'accept', detectedBy: 'autoconsent', foundAfterMs: 700 },
        { phase: 'reject', detectedBy: 'structure', foundAfterMs: 2_300, shadowRoot: 'closed', frameUrl: 'https://consent.klaro-shop.test/banner' },
      ],
      accept: {
        method: 'autoconsent',
        done: true,
        rule: 'Klaro',
        selfTest: true,
        verified: true,
        signals: [
          { kind: 'self-test', confirms: true, detail: 'the Klaro rule\'s self-test passed' },
          { kind: 'consent-record', confirms: true, detail: 'cookie klaro written' },
        ],
        verification: 'the CMP recorded the choice (self-test, consent record)',
        clicks: [],
        attempts: [{ method: 'selector', done: false, detail: '--consent-accept #ok matched nothing; autoconsent was tried next' }],
      },
      reject: {
        method: 'heuristic',
        done: true,
        clickedText: 'Auswahl speichern',
        path: 'second-layer',
        verified: false,
        signals: [
          { kind: 'banner-gone', confirms: true, detail: 'the banner was removed' },
          { kind: 'tcf', confirms: false, detail: 'the TC string still consents to purposes 1, 2' },
        ],
        verification: 'the TC string still records consent after the reject',
        clicks: [
          { role: 'settings', label: 'Einstellungen', layer: 1, trusted: true },
          { role: 'toggle-off', label: 'Marketing', layer: 2, trusted: true, frameUrl: 'https://consent.klaro-shop.test/banner' },
          { role: 'save', label: 'Auswahl speichern', layer: 2, trusted: true, selector: '#klaro .cm-btn-accept' },
        ],
        detail: 'trusted clicks; the banner closed',
      },
    },
    pages: [
      {
        url: 'https://www.klaro-shop.test/',
        phases: {
          before: {
            status: 'ok',
            finalUrl: 'https://www.klaro-shop.test/',
            documentStatus: 200,
            title: 'Klaro Shop',
            requests: [
              { url: 'https://www.klaro-shop.test/', host: 'www.klaro-shop.test', method: 'GET', type: 'document', isMainFrame: true, status: 200, time: 0, afterConsent: false, setCookies: ['sid'], firstParty: true },
              {
                url: 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST&cid=123.456&gcs=G100&gcd=13l3l3l3l1',
                host: 'www.google-analytics.com',
                method: 'POST',
                type: 'ping',
                frameUrl: 'https://www.klaro-shop.test/',
                isMainFrame: true,
                initiator: { type: 'script', url: 'https://www.googletagmanager.com/gtag/js?id=G-TEST' },
                status: 204,
                time: 812.5,
                afterConsent: false,
                firstParty: false,
                service: { name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', dpf: true, tracking: true, source: 'builtin' },
                consentMode: { gcs: 'G100', gcd: '13l3l3l3l1', adStorage: 'denied', analyticsStorage: 'denied' },
              },
              { url: 'https://fonts.googleapis.com/css2?family=Roboto', host: 'fonts.googleapis.com', method: 'GET', type: 'stylesheet', isMainFrame: true, initiator: { type: 'parser' }, failure: 'net::ERR_BLOCKED_BY_CLIENT', time: 120, afterConsent: false, firstParty: false },
            ],
            cookies: [
              { name: 'sid', domain: 'www.klaro-shop.test', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'Lax', source: 'http', size: 35, firstParty: true, lifetimeDays: null, category: 'unknown' },
              { name: '_ga', domain: '.klaro-shop.test', path: '/', expires: visit + 400 * 86_400, httpOnly: false, secure: false, sameSite: 'Lax', source: 'script', size: 30, firstParty: true, lifetimeDays: 400, category: 'analytics', service: { name: 'Google Analytics', organization: 'Google LLC', country: 'US', dpf: true } },
            ],
            refusedCookies: [
              { name: 'IDE', domain: '.doubleclick.net', url: 'https://ad.doubleclick.net/pixel', reasons: ['ThirdPartyPhaseout'] },
              { name: 'bad', url: 'https://www.klaro-shop.test/api', reasons: ['InvalidDomain', 'SameSiteNoneInsecure'] },
            ],
            storage: [{ kind: 'localStorage', origin: 'https://www.klaro-shop.test', key: 'klaro' }],
            durationMs: 2_410,
          },
          accept: {
            status: 'ok',
            requests: [
              { url: 'https://connect.facebook.net/en_US/fbevents.js', host: 'connect.facebook.net', method: 'GET', type: 'script', isMainFrame: true, status: 200, time: 1_900, afterConsent: true, firstParty: false, service: { name: 'Meta Pixel / Facebook', organization: 'Meta Platforms, Inc.', category: 'advertising', tracking: true, source: 'builtin' } },
              { url: 'https://tracker.unknown.example/p.gif', host: 'tracker.unknown.example', method: 'GET', type: 'image', isMainFrame: true, status: 200, time: 1_950, afterConsent: true, firstParty: false, service: { name: 'easyprivacy.txt: ||tracker.unknown.example^', organization: 'unknown (filter list)', category: 'other', tracking: true, source: 'filter-list' } },
            ],
            cookies: [
              { name: 'fr', domain: '.facebook.com', path: '/', expires: visit + 90 * 86_400, httpOnly: true, secure: true, sameSite: 'None', source: 'http', size: 60, partitioned: false, firstParty: false, lifetimeDays: 90, category: 'marketing', service: { name: 'Meta Pixel / Facebook', organization: 'Meta Platforms, Inc.' } },
              { name: 'klaro', domain: 'www.klaro-shop.test', path: '/', expires: visit + 365 * 86_400, httpOnly: false, secure: true, sameSite: 'Lax', source: 'script', size: 40, firstParty: true, lifetimeDays: 365, category: 'necessary', consentRecord: true },
              { name: '_ga', domain: '.klaro-shop.test', path: '/', expires: visit + 400 * 86_400, httpOnly: false, secure: false, sameSite: 'Lax', source: 'script', size: 30, firstParty: true, lifetimeDays: 400, category: 'analytics', service: { name: 'Google Analytics', organization: 'Google LLC', country: 'US', dpf: true } },
            ],
            refusedCookies: [],
            storage: [{ kind: 'sessionStorage', origin: 'https://www.klaro-shop.test', key: 'fb_session' }],
            consentActionAt: 1_650,
            tcf: { cmpPresent: true, gdprApplies: true, eventStatus: 'useractioncomplete', tcString: 'CQxyz', cmpId: 10, purposeConsents: [1, 2, 7], vendorConsents: [755] },
            durationMs: 3_020,
          },
          reject: {
            status: 'ok',
            requests: [],
            cookies: [],
            refusedCookies: [],
            storage: [],
            consentActionAt: 2_100,
            tcf: { cmpPresent: false, error: '__tcfapi not found' },
            durationMs: 2_800,
          },
        },
      },
      {
        url: 'https://www.klaro-shop.test/impressum',
        phases: {
          before: { status: 'error', error: 'net::ERR_CONNECTION_RESET', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 40 },
        },
      },
    ],
    errors: [{ stage: 'navigation', message: 'net::ERR_CONNECTION_RESET', pageUrl: 'https://www.klaro-shop.test/impressum', phase: 'before' }],
    durationMs: 9_000,
    discovery: {
      robots: { url: 'https://www.klaro-shop.test/robots.txt', outcome: 'found', httpStatus: 200, respected: true, crawlDelaySeconds: 2.5, sitemapCount: 1, detail: 'robots.txt larger than 2000000 bytes: only the first part was read' },
      sitemaps: [
        { url: 'https://www.klaro-shop.test/sitemap.xml', kind: 'urlset', entries: 12 },
        { url: 'https://www.klaro-shop.test/sitemap-2.xml.gz', entries: 0, error: 'gzip sitemaps are not supported' },
      ],
      sitemapUrls: 12,
      sitemapsPending: false,
      pagesDiscovered: 30,
      skipped: { robots: 1, patterns: 2, depth: 3 },
      robotsSkippedExamples: ['https://www.klaro-shop.test/private/'],
      limitedByMaxPages: true,
    },
    findings: [
      {
        ruleId: 'tracking-before-consent',
        severity: 'high',
        outcome: 'fail',
        phase: 'before',
        pageUrl: 'https://www.klaro-shop.test/',
        message: 'Google Analytics received a request before any consent was given.',
        evidence: [
          { kind: 'request', value: 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST&cid=123.456', detail: 'ping, 812 ms after navigation' },
          { kind: 'cookie', value: '_ga@.klaro-shop.test' },
        ],
        references: ['ePrivacy Directive Art. 5(3)', 'TDDDG §25'],
      },
    ],
  },
  {
    url: 'https://unreachable.test/',
    error: 'net::ERR_NAME_NOT_RESOLVED',
    consent: {
      cmp: null,
      bannerFound: false,
      rejectOnFirstLayer: null,
      acceptOnFirstLayer: null,
      inconclusive: 'the in-page banner scan timed out',
      detections: [{ phase: 'before', detectedBy: null, inconclusive: 'the in-page banner scan timed out' }],
      accept: {
        method: 'selector',
        done: false,
        selectors: ['#cookie-ok', 'button.save'],
        verified: false,
        signals: [],
        verification: 'nothing was clicked',
        clicks: [{ role: 'step', label: 'OK', layer: 1, trusted: true, selector: '#cookie-ok' }],
        detail: 'step 2 (button.save) matched nothing',
      },
      reject: { method: 'none', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], detail: 'the start page could not be loaded' },
    },
    pages: [],
    errors: [{ stage: 'navigation', message: 'net::ERR_NAME_NOT_RESOLVED' }],
    durationMs: 120,
    discovery: { fixedPages: true, sitemaps: [], sitemapUrls: 0, sitemapsPending: false, pagesDiscovered: 3, skipped: { robots: 0, patterns: 0, depth: 0 }, robotsSkippedExamples: [], limitedByMaxPages: false },
    findings: [],
  },
];

/** The schema alone, without the upgrade validateReport applies first. */
const validateUpgradedOnlyByTheSchema = schemaValidator(reportSchema);

function realisticReport(): Report {
  return assembleReport({
    tool: { name: 'gdpr-scan', version: '0.1.0' },
    startedAt: new Date('2025-10-09T08:00:00.000Z'),
    finishedAt: new Date('2025-10-09T08:00:12.345Z'),
    browserVersion: '140.0.7339.16',
    plan,
    sites: structuredClone(sites),
    errors: [{ stage: 'report', message: 'html renderer missing' }],
  });
}

describe('report.schema.json', () => {
  it('accepts a realistic report', () => {
    expect(validateReport(realisticReport())).toEqual([]);
    // And the same after a JSON round trip, as a consumer reads it.
    expect(validateReport(JSON.parse(JSON.stringify(realisticReport())))).toEqual([]);
  });

  it('still accepts a report of schema 1.0.0 and 1.1.0 as the scanner wrote it then (validated as upgraded)', () => {
    for (const [file, version] of [['report-sample.json', '1.0.0'], ['report-sample-1.1.json', '1.1.0']] as const) {
      const sample: unknown = JSON.parse(readFileSync(new URL(`../fixtures-data/${file}`, import.meta.url), 'utf8'));
      expect((sample as { schemaVersion: string }).schemaVersion).toBe(version);
      expect(validateReport(sample)).toEqual([]);
      // As written, without the upgrade, its consent records are not of the 1.2 shape.
      expect(validateUpgradedOnlyByTheSchema(sample).join('\n')).toMatch(/consent\/cmp must be object/);
    }
  });

  it('does not upgrade a report that claims 1.2: an old-shape consent record in it is an error', () => {
    const report = realisticReport() as Report & Record<string, any>;
    (report.sites[0]!.consent as any).cmp = 'Klaro';
    expect(validateReport(report).join('\n')).toMatch(/^\/sites\/0\/consent\/cmp must be object$/m);
  });

  it('describes the report version the code writes, and the older 1.0 and 1.1 it upgrades', () => {
    const version = new RegExp(reportSchema.$defs.Report.properties.schemaVersion.pattern);
    expect(REPORT_SCHEMA_VERSION).toBe('1.3.0');
    expect(REPORT_SCHEMA_VERSION).toMatch(version);
    expect('1.0.0').toMatch(version);
    expect('1.1.0').toMatch(version);
    expect('1.2.0').toMatch(version);
    expect('1.4.0').not.toMatch(version);
    expect('2.0.0').not.toMatch(version);
    expect(reportSchema.$defs.Report.properties.schemaVersion.description).toContain(REPORT_SCHEMA_VERSION.split('.').slice(0, 2).join('.'));
  });

  it.each<[string, (r: Report & Record<string, any>) => void, RegExp]>([
    ['an unknown top-level field', (r) => { r.extra = 1; }, /must NOT have additional properties: extra/],
    ['an unknown field in a request', (r) => { (r.sites[0]!.pages[0]!.phases.before!.requests[0] as any).cookieValue = 'x'; }, /requests\/0 must NOT have additional properties: cookieValue/],
    ['a cookie value that is not text', (r) => { (r.sites[0]!.pages[0]!.phases.before!.cookies[0] as any).value = 42; }, /cookies\/0\/value must be string/],
    ['an unknown phase name', (r) => { (r.sites[0]!.pages[0]!.phases as any).afterAccept = r.sites[0]!.pages[0]!.phases.accept; }, /phases must NOT have additional properties: afterAccept/],
    ['a bad phase in a finding', (r) => { (r.sites[0]!.findings[0] as any).phase = 'after'; }, /findings\/0\/phase must be equal to one of the allowed values/],
    ['a bad severity', (r) => { (r.sites[0]!.findings[0] as any).severity = 'severe'; }, /severity must be equal to one of the allowed values/],
    ['a bad error stage', (r) => { (r.errors[0] as any).stage = 'network'; }, /errors\/0\/stage must be equal to one of the allowed values/],
    ['a timestamp that is not a date-time', (r) => { r.startedAt = 'yesterday'; }, /startedAt must match format "date-time"/],
    ['another major schema version', (r) => { r.schemaVersion = '2.0.0'; }, /schemaVersion must match pattern/],
    ['a missing summary', (r) => { delete (r as any).summary; }, /must have required property 'summary'/],
    ['an exit code out of range', (r) => { (r.summary as any).exitCode = 3; }, /exitCode must be equal to one of the allowed values/],
    ['an unknown cookie category', (r) => { (r.sites[0]!.pages[0]!.phases.before!.cookies[0] as any).category = 'advertising'; }, /cookies\/0\/category must be equal to one of the allowed values/],
    ['a missing cookie category', (r) => { delete (r.sites[0]!.pages[0]!.phases.before!.cookies[0] as any).category; }, /must have required property 'category'/],
    ['an unknown service category', (r) => { (r.sites[0]!.pages[0]!.phases.before!.requests[1]!.service as any).category = 'tracker'; }, /service\/category must be equal to one of the allowed values/],
    ['a service without tracking', (r) => { delete (r.sites[0]!.pages[0]!.phases.before!.requests[1]!.service as any).tracking; }, /must have required property 'tracking'/],
    ['a country that is not ISO alpha-2', (r) => { r.sites[0]!.pages[0]!.phases.before!.requests[1]!.service!.country = 'USA'; }, /country must match pattern/],
    ['a bad consent mode state', (r) => { (r.sites[0]!.pages[0]!.phases.before!.requests[1]!.consentMode as any).adStorage = 'yes'; }, /adStorage must be equal to one of the allowed values/],
    ['a TCF snapshot without cmpPresent', (r) => { delete (r.sites[0]!.pages[0]!.phases.accept!.tcf as any).cmpPresent; }, /must have required property 'cmpPresent'/],
    ['an unknown robots.txt outcome', (r) => { (r.sites[0]!.discovery!.robots as any).outcome = 'blocked'; }, /robots\/outcome must be equal to one of the allowed values/],
    ['a discovery note without skip counts', (r) => { delete (r.sites[0]!.discovery as any).skipped; }, /must have required property 'skipped'/],
    ['fixedPages: false (only ever true)', (r) => { (r.sites[1]!.discovery as any).fixedPages = false; }, /fixedPages must be equal to constant/],
    ['a missing firstParty on a cookie', (r) => { delete (r.sites[0]!.pages[0]!.phases.accept!.cookies[0] as any).firstParty; }, /must have required property 'firstParty'/],
    ['an error phase without its error', (r) => { delete (r.sites[0]!.pages[1]!.phases.before as any).error; }, /^\/sites\/0\/pages\/1\/phases\/before must have required property 'error'$/m],
    ['an error on a phase that went fine', (r) => { (r.sites[0]!.pages[0]!.phases.before as any).error = 'boom'; }, /^\/sites\/0\/pages\/0\/phases\/before must NOT have additional properties: error$/m],
    ['an unknown phase status', (r) => { (r.sites[0]!.pages[0]!.phases.before as any).status = 'partial'; }, /^\/sites\/0\/pages\/0\/phases\/before value of tag "status" must be in oneOf$/m],
    ['autoconsent fields on a heuristic click', (r) => { (r.sites[0]!.consent.reject as any).rule = 'Klaro'; }, /^\/sites\/0\/consent\/reject must NOT have additional properties: rule$/m],
    ['a heuristic click without its text', (r) => { delete (r.sites[0]!.consent.reject as any).clickedText; }, /^\/sites\/0\/consent\/reject must have required property 'clickedText'$/m],
    ['a heuristic click without its path', (r) => { delete (r.sites[0]!.consent.reject as any).path; }, /^\/sites\/0\/consent\/reject must have required property 'path'$/m],
    ['an unknown heuristic path', (r) => { (r.sites[0]!.consent.reject as any).path = 'third-layer'; }, /^\/sites\/0\/consent\/reject\/path must be equal to one of the allowed values/m],
    ['an autoconsent action without its rule', (r) => { delete (r.sites[0]!.consent.accept as any).rule; }, /^\/sites\/0\/consent\/accept must have required property 'rule'$/m],
    ['the CMP as a bare name (the shape of schema 1.1)', (r) => { (r.sites[0]!.consent as any).cmp = 'Klaro'; }, /^\/sites\/0\/consent\/cmp must be object$/m],
    ['a CMP identity without its vendor', (r) => { delete (r.sites[0]!.consent.cmp as any).vendor; }, /^\/sites\/0\/consent\/cmp must have required property 'vendor'$/m],
    ['an unknown CMP clue', (r) => { (r.sites[0]!.consent.cmp as any).detectedBy = ['guess']; }, /^\/sites\/0\/consent\/cmp\/detectedBy\/0 must be equal to one of the allowed values/m],
    ['an action record without verified', (r) => { delete (r.sites[0]!.consent.accept as any).verified; }, /^\/sites\/0\/consent\/accept must have required property 'verified'$/m],
    ['an action record without its clicks', (r) => { delete (r.sites[0]!.consent.reject as any).clicks; }, /^\/sites\/0\/consent\/reject must have required property 'clicks'$/m],
    ['an unknown signal kind', (r) => { (r.sites[0]!.consent.reject as any).signals[0].kind = 'vibes'; }, /^\/sites\/0\/consent\/reject\/signals\/0\/kind must be equal to one of the allowed values/m],
    ['a click without its layer', (r) => { delete (r.sites[0]!.consent.reject as any).clicks[0].layer; }, /^\/sites\/0\/consent\/reject\/clicks\/0 must have required property 'layer'$/m],
    ['an unknown click role', (r) => { (r.sites[0]!.consent.reject as any).clicks[0].role = 'dismiss'; }, /^\/sites\/0\/consent\/reject\/clicks\/0\/role must be equal to one of the allowed values/m],
    ['a selector action without selectors', (r) => { (r.sites[1]!.consent.accept as any).selectors = []; }, /^\/sites\/1\/consent\/accept\/selectors must NOT have fewer than 1 items$/m],
    ['an unknown banner finder', (r) => { (r.sites[0]!.consent.detections![0] as any).detectedBy = 'manual'; }, /^\/sites\/0\/consent\/detections\/0\/detectedBy must be equal to one of the allowed values/m],
    ['a no-action record that claims success', (r) => { r.sites[1]!.consent.reject = { ...r.sites[1]!.consent.reject!, done: true } as any; }, /^\/sites\/1\/consent\/reject\/done must be equal to constant: false$/m],
    ['a no-action record that claims it was verified', (r) => { r.sites[1]!.consent.reject = { ...r.sites[1]!.consent.reject!, verified: true } as any; }, /^\/sites\/1\/consent\/reject\/verified must be equal to constant: false$/m],
    ['a no-action record without its reason', (r) => { delete (r.sites[1]!.consent.reject as any).detail; }, /^\/sites\/1\/consent\/reject must have required property 'detail'$/m],
    ['an unknown consent method', (r) => { (r.sites[0]!.consent.accept as any).method = 'manual'; }, /^\/sites\/0\/consent\/accept value of tag "method" must be in oneOf$/m],
  ])('rejects %s', (_name, mutate, expected) => {
    const report = realisticReport() as Report & Record<string, any>;
    mutate(report);
    const errors = validateReport(report);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('rejects things that are not reports', () => {
    expect(validateReport(null)).not.toEqual([]);
    expect(validateReport([])).not.toEqual([]);
    expect(validateReport('{}')).not.toEqual([]);
  });
});

/**
 * Drift check: the schema must describe the TypeScript types field for field, and say what each
 * field means in the words of its TSDoc (see test/helpers/schema-drift.ts).
 */
describe('schema matches src/model types', () => {
  const model = loadModel();
  const reportType = model.exportedType('report.ts', 'Report');
  const documents = (defs: Record<string, SchemaNode>): SchemaDocuments => ({ 'report.schema.json': { ...schemaDocument, $defs: defs } });
  const drift = (defs: Record<string, SchemaNode>): string[] => schemaDrift(model, reportType, documents(defs), 'report.schema.json', 'Report');
  const schemaDocument = reportSchema as unknown as SchemaDocument;

  it('has the same fields, optionality, enums, nullability and descriptions as Report', () => {
    expect(drift(schemaDocument.$defs)).toEqual([]);
  });

  it('describes each definition as the TSDoc of its namesake in src/model', () => {
    expect(definitionDocDrift(model, schemaDocument)).toEqual([]);
  });

  it('notices drift (the check above can fail)', () => {
    const defs = structuredClone(schemaDocument.$defs);
    delete defs.RequestRecord!.properties!.initiator;
    defs.CookieRecord!.properties!.extraField = { type: 'string', description: 'not in TS' };
    defs.Phase!.enum = ['before', 'accept'];
    defs.ConsentEvidence!.properties!.cmp = { $ref: '#/$defs/CmpIdentity', description: defs.ConsentEvidence!.properties!.cmp!.description };
    defs.CmpIdentity!.properties!.detectedBy!.items = { type: 'string', enum: ['autoconsent', 'global'] };
    defs.ConsentClick!.properties!.label!.description = 'The button text.';
    defs.Finding!.required = defs.Finding!.required!.filter((r) => r !== 'message');
    defs.CookieRecord!.properties!.size!.type = 'string';
    defs.RobotsNote!.properties!.sitemapCount!.description = 'Number of sitemaps.';
    defs.Severity!.description = 'How bad it is.';
    delete defs.DiscoverySkips!.properties!.depth!.description;
    expect(drift(defs)).toEqual(expect.arrayContaining([
      'Report.sites[].pages[].phases.before<status=ok>.requests[].initiator: in TS, missing in schema',
      'Report.sites[].pages[].phases.before<status=ok>.cookies[].extraField: in schema, missing in TS',
      'Report.plan.phases[]: TS literals ["accept","before","reject","withdraw"] vs schema ["accept","before"]',
      'Report.sites[].consent.cmp: nullable in TS true, in schema false',
      'Report.sites[].consent.cmp.detectedBy[]: TS literals ["autoconsent","cookie","dom","global","script","storage","tcf"] vs schema ["autoconsent","global"]',
      'Report.sites[].consent.accept<method=autoconsent>.clicks[].label: TSDoc "Visible label of the clicked element (whitespace collapsed, cut at 80 characters)." vs schema description "The button text."',
      'Report.sites[].findings[].message: required in TS, not in schema',
      'Report.sites[].pages[].phases.before<status=ok>.cookies[].size: number in TS, ["string"] in schema',
      'Report.sites[].discovery.robots.sitemapCount: TSDoc "How many `Sitemap:` lines it has." vs schema description "Number of sitemaps."',
      'Report.sites[].discovery.skipped.depth: TSDoc "Links beyond --depth from the start page." vs schema description ""',
    ]));
    expect(definitionDocDrift(model, { ...schemaDocument, $defs: defs })).toEqual(['$defs/Severity: TSDoc "Severity of a finding." vs schema description "How bad it is."']);
  });

  it('compares discriminated unions variant by variant', () => {
    const defs = structuredClone(schemaDocument.$defs);
    defs.PhaseEvidenceError!.required = defs.PhaseEvidenceError!.required!.filter((r) => r !== 'error');
    defs.HeuristicActionRecord!.properties!.cmp = { type: ['string', 'null'], description: 'CMP name.' };
    defs.NoActionRecord!.properties!.done = { type: 'boolean', description: 'Always false: nothing was clicked.' };
    defs.SelectorActionRecord!.required = defs.SelectorActionRecord!.required!.filter((r) => r !== 'selectors');
    defs.ConsentActionRecord!.oneOf = defs.ConsentActionRecord!.oneOf!.filter((b) => b.$ref !== '#/$defs/AutoconsentActionRecord');
    expect(drift(defs)).toEqual([
      'Report.sites[].consent.accept<method=heuristic>.cmp: in schema, missing in TS',
      'Report.sites[].consent.accept<method=selector>.selectors: required in TS, not in schema',
      'Report.sites[].consent.accept<method=none>.done: always false in TS, schema const undefined',
      'Report.sites[].consent.accept: TS variant method=autoconsent has no oneOf branch',
      'Report.sites[].consent.reject: TS variant method=autoconsent has no oneOf branch',
      'Report.sites[].consent.withdrawAccept: TS variant method=autoconsent has no oneOf branch',
      'Report.sites[].pages[].phases.before<status=error>.error: required in TS, not in schema',
    ]);

    const untagged = structuredClone(schemaDocument.$defs);
    delete untagged.PhaseEvidence!.discriminator;
    untagged.ConsentActionRecord = untagged.AutoconsentActionRecord!;
    expect(drift(untagged)).toEqual(expect.arrayContaining([
      'Report.sites[].pages[].phases.before: oneOf without discriminator: { propertyName: "status" }',
      'Report.sites[].consent.accept: union of 4 variants in TS, no oneOf in schema',
    ]));
  });

  it('has a description on every property', () => {
    expect(missingDescriptions(documents(schemaDocument.$defs), 'report.schema.json')).toEqual([]);
  });
});
