import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SiteEvidence } from '../../src/model/evidence.js';
import { EVIDENCE_SCHEMA_VERSION, type EvidenceFile } from '../../src/model/evidence-file.js';
import { evidenceSchema, validateEvidence } from '../../src/model/validate-evidence.js';
import { reportSchema } from '../../src/model/validate.js';
import { planFromArgs } from '../../src/plan/from-args.js';
import { evidenceFileOf } from '../../src/pipeline/evidence-file.js';
import { definitionDocDrift, loadModel, missingDescriptions, schemaDrift, type SchemaDocument, type SchemaDocuments, type SchemaNode } from '../helpers/schema-drift.js';
import { scanArgs } from '../helpers/scan-args.js';

const SITE = 'https://www.klaro-shop.test/';

/** One site, 2 pages × 3 phases as the gatherer records them; every optional field is used once. */
const site: SiteEvidence = {
  url: SITE,
  finalUrl: 'https://www.klaro-shop.test/',
  startedAt: '2025-10-09T08:00:00.000Z',
  consentObservations: [
    {
      phase: 'before',
      detection: {
        autoconsentRule: 'Klaro',
        bannerFound: true,
        rejectOnFirstLayer: false,
        acceptOnFirstLayer: true,
        detectedBy: 'autoconsent',
        foundAfterMs: 640,
        clues: { globals: ['klaro'], dom: ['#klaro'], autoconsentRules: ['Klaro'], tcfCmpId: 10 },
      },
    },
    {
      phase: 'accept',
      detection: { autoconsentRule: 'Klaro', bannerFound: true, rejectOnFirstLayer: false, acceptOnFirstLayer: true, detectedBy: 'autoconsent', clues: { globals: ['klaro'], dom: [], autoconsentRules: ['Klaro'] } },
      action: {
        method: 'autoconsent',
        done: true,
        rule: 'Klaro',
        selfTest: true,
        verified: true,
        signals: [{ kind: 'self-test', confirms: true, detail: 'the Klaro rule\'s self-test passed' }, { kind: 'gated-tags', confirms: true, detail: '2 third-party tags loaded after the click' }],
        verification: 'the CMP recorded the choice and consent-gated tags loaded',
        clicks: [],
      },
    },
    {
      phase: 'reject',
      detection: {
        autoconsentRule: null,
        bannerFound: true,
        rejectOnFirstLayer: true,
        acceptOnFirstLayer: true,
        detectedBy: 'structure',
        inconclusive: 'the page was busy; the second scan found the banner',
        shadowRoot: 'open',
        frameUrl: 'https://consent.klaro-shop.test/',
      },
      action: {
        method: 'heuristic',
        done: true,
        clickedText: 'Nur notwendige',
        path: 'first-layer',
        verified: false,
        signals: [{ kind: 'banner-gone', confirms: false, detail: 'the banner is still shown' }],
        verification: 'the banner stayed and no consent record was written',
        clicks: [{ role: 'reject', label: 'Nur notwendige', layer: 1, trusted: false, frameUrl: 'https://consent.klaro-shop.test/' }],
        attempts: [{ method: 'autoconsent', done: false, detail: 'no autoconsent rule for this banner' }],
        detail: 'element.click(); the banner stayed',
      },
    },
  ],
  bannerScreenshot: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==',
  bannerDesign: {
    text: 'We use cookies. Privacy policy',
    language: 'en',
    controlsLanguage: 'en',
    box: { x: 0, y: 620, width: 1366, height: 148 },
    viewportShare: 0.19,
    viewport: { width: 1366, height: 768 },
    background: '#ffffff',
    frameUrl: 'https://consent.klaro-shop.test/',
    shadowRoot: 'open',
    controls: [
      { label: 'Accept all', role: 'accept', tag: 'button', kind: 'button', box: { x: 24, y: 700, width: 140, height: 44 }, fontSizePx: 16, fontWeight: 700, color: '#ffffff', background: '#333333', textContrast: 12.63, prominence: 12.63 },
      { label: 'Reject', role: 'reject', tag: 'a', roleAttribute: 'button', kind: 'link', box: { x: 180, y: 720, width: 60, height: 15 }, fontSizePx: 11, fontWeight: null, color: null, background: null, textContrast: null, prominence: null },
    ],
    privacyLinks: [{ text: 'Privacy policy', href: '/privacy' }],
    pageBehind: { pointsTested: 30, pointsBlocked: 30, scrollLocked: true, scrollDetail: 'its styles lock scrolling (overflow hidden on body)', inert: ['a modal dialog (aria-modal="true" or a modal <dialog>) is open'] },
    settingsLayer: { opened: true, via: { role: 'settings', label: 'Settings', layer: 1, trusted: true }, toggles: [{ label: 'Marketing', checked: true, disabled: false, necessary: false }] },
    unmeasured: [],
  },
  pages: [
    {
      url: SITE,
      phases: {
        before: {
          status: 'ok',
          finalUrl: SITE,
          documentStatus: 200,
          title: 'Klaro Shop',
          requests: [
            { url: SITE, host: 'www.klaro-shop.test', method: 'GET', type: 'document', isMainFrame: true, status: 200, time: 0, afterConsent: false, setCookies: ['sid'] },
            {
              url: 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST&gcs=G100',
              host: 'www.google-analytics.com',
              method: 'POST',
              type: 'ping',
              frameUrl: SITE,
              isMainFrame: true,
              initiator: { type: 'script', url: 'https://www.googletagmanager.com/gtag/js?id=G-TEST' },
              status: 204,
              time: 812.5,
              afterConsent: false,
            },
            { url: 'https://fonts.googleapis.com/css2?family=Roboto', host: 'fonts.googleapis.com', method: 'GET', type: 'stylesheet', isMainFrame: false, initiator: { type: 'parser' }, failure: 'net::ERR_BLOCKED_BY_CLIENT', time: 120, afterConsent: false },
          ],
          cookies: [
            { name: 'sid', domain: 'www.klaro-shop.test', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'Lax', source: 'http', size: 35 },
            { name: '_ga', domain: '.klaro-shop.test', path: '/', expires: 1_794_560_000, httpOnly: false, secure: false, sameSite: 'Lax', source: 'script', size: 30, partitioned: false, value: 'GA1.1.12…' },
          ],
          refusedCookies: [{ name: 'IDE', domain: '.doubleclick.net', url: 'https://ad.doubleclick.net/pixel', reasons: ['ThirdPartyPhaseout'] }],
          storage: [{ kind: 'localStorage', origin: 'https://www.klaro-shop.test', key: 'klaro' }],
          durationMs: 2_410,
        },
        accept: {
          status: 'ok',
          requests: [],
          cookies: [],
          refusedCookies: [],
          storage: [],
          consentActionAt: 1_650,
          tcf: { cmpPresent: true, gdprApplies: true, eventStatus: 'useractioncomplete', tcString: 'CQxyz', cmpId: 10, purposeConsents: [1, 2], vendorConsents: [755] },
          scriptActivity: [
            {
              scriptUrl: 'https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js',
              frameUrl: 'https://ads.example/frame.html',
              afterConsent: true,
              canvas: { textCalls: 2, distinctCharacters: 17, textStyles: ['#006699'], maxWidth: 240, maxHeight: 60, readbacks: [{ api: 'toDataURL', width: 240, height: 60 }], readbackCount: 1, saveRestoreCalls: 0, canvasListeners: 0 },
              webgl: { parameters: ['UNMASKED_RENDERER_WEBGL'], supportedExtensionsCalls: 1, extensions: ['WEBGL_debug_renderer_info'], shaderPrecisionCalls: 0 },
              audio: { audioContexts: 0, offlineContexts: 1, oscillators: 1, compressors: 1, analysers: 0, renderings: 1, sampleReads: 1 },
              fonts: { measureTextCalls: 0, canvasFonts: 0, elementProbes: 318, elementFonts: 159, checkCalls: 0, checkFonts: 0 },
              navigatorProperties: ['platform'],
              screenProperties: ['width'],
              highEntropyHints: ['model'],
            },
            {
              scriptUrl: 'https://www.klaro-shop.test/',
              inline: true,
              afterConsent: true,
              replay: { documentObservers: 1, observesAttributes: true, observesCharacterData: false, listeners: ['input', 'mousemove'] },
              sends: [{ host: 'ingest.example', count: 3, bytes: 4_096 }],
            },
          ],
          durationMs: 3_020,
        },
        reject: { status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], consentActionAt: 2_100, tcf: { cmpPresent: false, error: '__tcfapi not found' }, durationMs: 2_800 },
      },
    },
    {
      url: 'https://www.klaro-shop.test/impressum',
      phases: {
        before: { status: 'error', error: 'net::ERR_CONNECTION_RESET', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 40 },
        accept: { status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 900 },
      },
    },
  ],
  errors: [
    { stage: 'navigation', message: 'net::ERR_CONNECTION_RESET', pageUrl: 'https://www.klaro-shop.test/impressum', phase: 'before' },
    { stage: 'consent', message: 'banner scan: frame detached' },
  ],
  durationMs: 9_000,
  discovery: {
    robots: { url: 'https://www.klaro-shop.test/robots.txt', outcome: 'found', httpStatus: 200, respected: true, crawlDelaySeconds: 1, sitemapCount: 1 },
    sitemaps: [{ url: 'https://www.klaro-shop.test/sitemap.xml', kind: 'urlset', entries: 2 }],
    sitemapUrls: 2,
    sitemapsPending: false,
    pagesDiscovered: 4,
    skipped: { robots: 0, patterns: 0, depth: 1 },
    robotsSkippedExamples: [],
    limitedByMaxPages: true,
  },
};

/** The consent step as format 1.0 recorded it: autoconsent's rule name as `cmp`, no verification. */
const EVIDENCE_1_0_OBSERVATIONS = (
  JSON.parse(readFileSync(new URL('../fixtures-data/evidence-sample-1.0.json', import.meta.url), 'utf8')) as { site: SiteEvidence }
).site.consentObservations;

/** The file as the scanner writes it (src/pipeline/evidence-file.ts), for the site above. */
function realisticEvidenceFile(): EvidenceFile {
  const plan = planFromArgs(scanArgs([SITE], '/tmp/out', { maxPages: 2, hostMap: ['*=127.0.0.1:8443'], ignoreHttpsErrors: true, includeValues: true }));
  return evidenceFileOf({ evidence: structuredClone(site), browser: { version: '140.0.7339.16', userAgent: 'Mozilla/5.0 Chrome/140' }, finishedAt: new Date('2025-10-09T08:00:12.345Z') }, plan);
}

type Mutable = EvidenceFile & Record<string, unknown>;
// Mutations reach into the file the way a hand-edited or foreign file would: untyped.
const raw = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

describe('evidence.schema.json', () => {
  it('accepts a realistic evidence file, also after a JSON round trip', () => {
    expect(validateEvidence(realisticEvidenceFile())).toEqual([]);
    expect(validateEvidence(JSON.parse(JSON.stringify(realisticEvidenceFile())))).toEqual([]);
  });

  it.each<[string, (f: Mutable) => void, RegExp]>([
    ['an unknown top-level field', (f) => { f.report = {}; }, /^\(root\) must NOT have additional properties: report$/m],
    ['a classified field on a raw request', (f) => { raw(f.site.pages[0]!.phases.before!.requests[0]).firstParty = true; }, /^\/site\/pages\/0\/phases\/before\/requests\/0 must NOT have additional properties: firstParty$/m],
    ['a classified field on a raw cookie', (f) => { raw(f.site.pages[0]!.phases.before!.cookies[0]).category = 'necessary'; }, /^\/site\/pages\/0\/phases\/before\/cookies\/0 must NOT have additional properties: category$/m],
    ['an unknown field in the plan (a shared definition)', (f) => { raw(f.plan).password = 'x'; }, /^\/plan must NOT have additional properties: password$/m],
    ['an unknown phase in an observation', (f) => { raw(f.site.consentObservations[0]).phase = 'after'; }, /^\/site\/consentObservations\/0\/phase must be equal to one of the allowed values: \["before","accept","reject","withdraw"\]$/m],
    ['an unknown detector', (f) => { raw(f.site.consentObservations[0]!.detection).detectedBy = 'manual'; }, /detection\/detectedBy must be equal to one of the allowed values: \["autoconsent","heuristic","structure","selector",null\]/],
    ['the CMP name of format 1.0 in a 1.1 file', (f) => { raw(f.site.consentObservations[0]!.detection).cmp = 'Klaro'; }, /^\/site\/consentObservations\/0\/detection must NOT have additional properties: cmp$/m],
    ['clues without their autoconsent rules', (f) => { delete raw(f.site.consentObservations[0]!.detection!.clues).autoconsentRules; }, /^\/site\/consentObservations\/0\/detection\/clues must have required property 'autoconsentRules'$/m],
    ['an unknown shadow root mode', (f) => { raw(f.site.consentObservations[2]!.detection).shadowRoot = 'half-open'; }, /^\/site\/consentObservations\/2\/detection\/shadowRoot must be equal to one of the allowed values/m],
    ['an action without its verification', (f) => { delete raw(f.site.consentObservations[2]!.action).verification; }, /^\/site\/consentObservations\/2\/action must have required property 'verification'$/m],
    ['an unknown attempted method', (f) => { raw((raw(f.site.consentObservations[2]!.action).attempts as unknown[])[0]).method = 'manual'; }, /^\/site\/consentObservations\/2\/action\/attempts\/0\/method must be equal to one of the allowed values/m],
    ['an unknown error stage', (f) => { raw(f.site.errors[0]).stage = 'network'; }, /^\/site\/errors\/0\/stage must be equal to one of the allowed values/m],
    ['a missing startedAt', (f) => { delete raw(f.site).startedAt; }, /^\/site must have required property 'startedAt'$/m],
    ['a missing browser user agent', (f) => { delete raw(f.browser).userAgent; }, /^\/browser must have required property 'userAgent'$/m],
    ['a detection without detectedBy', (f) => { delete raw(f.site.consentObservations[0]!.detection).detectedBy; }, /detection must have required property 'detectedBy'/],
    ['another major format version', (f) => { f.evidenceSchemaVersion = '2.0.0'; }, /^\/evidenceSchemaVersion must match pattern/m],
    ['a finish time that is not a date-time', (f) => { f.finishedAt = 'later'; }, /^\/finishedAt must match format "date-time"$/m],
    ['a screenshot that is not a data: URI', (f) => { f.site.bannerScreenshot = 'https://example.com/a.jpg'; }, /^\/site\/bannerScreenshot must match pattern/m],
  ])('rejects %s', (_name, mutate, expected) => {
    const file = realisticEvidenceFile() as Mutable;
    mutate(file);
    const errors = validateEvidence(file);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('accepts a file of format 1.0 as the scanner wrote it then (validated as upgraded), and says the version it writes', () => {
    expect(EVIDENCE_SCHEMA_VERSION).toBe('1.2.0');
    expect(realisticEvidenceFile().evidenceSchemaVersion).toBe('1.2.0');
    const old = { ...realisticEvidenceFile(), evidenceSchemaVersion: '1.0.0', site: { ...site, consentObservations: EVIDENCE_1_0_OBSERVATIONS } };
    expect(validateEvidence(old)).toEqual([]);
    // A 1.1 file is taken as written: the 1.0 shape in it is an error.
    expect(validateEvidence({ ...old, evidenceSchemaVersion: '1.1.0' }).join('\n')).toMatch(/detection must have required property 'autoconsentRule'/);
  });

  it('rejects things that are not evidence files', () => {
    expect(validateEvidence(null)).not.toEqual([]);
    expect(validateEvidence({ schemaVersion: '1.1.0' })).toEqual(expect.arrayContaining(["(root) must have required property 'site'"]));
  });
});

/** Drift check of the evidence file schema against EvidenceFile, as report-schema.test.ts does for Report. */
describe('evidence schema matches src/model types', () => {
  const model = loadModel();
  const evidenceFileType = model.exportedType('evidence-file.ts', 'EvidenceFile');
  const evidenceDocument = evidenceSchema as unknown as SchemaDocument;
  const reportDocument = reportSchema as unknown as SchemaDocument;
  const documents = (evidence: SchemaDocument, report = reportDocument): SchemaDocuments => ({ 'evidence.schema.json': evidence, 'report.schema.json': report });
  const drift = (docs: SchemaDocuments): string[] => schemaDrift(model, evidenceFileType, docs, 'evidence.schema.json', 'EvidenceFile');

  it('has the same fields, optionality, enums, nullability and descriptions as EvidenceFile', () => {
    expect(drift(documents(evidenceDocument))).toEqual([]);
  });

  it('describes each definition as the TSDoc of its namesake in src/model', () => {
    expect(definitionDocDrift(model, evidenceDocument)).toEqual([]);
  });

  it('has a description on every property', () => {
    expect(missingDescriptions(documents(evidenceDocument), 'evidence.schema.json')).toEqual([]);
  });

  it('notices drift, in its own definitions and in those it takes from report.schema.json', () => {
    const defs: Record<string, SchemaNode> = structuredClone(evidenceDocument.$defs);
    const reportDefs: Record<string, SchemaNode> = structuredClone(reportDocument.$defs);
    defs.RawRequest!.properties!.firstParty = { type: 'boolean', description: 'classified' };
    delete defs.RawCookie!.properties!.partitioned;
    defs.SiteEvidence!.required = defs.SiteEvidence!.required!.filter((r) => r !== 'startedAt');
    defs.ConsentDetection!.properties!.detectedBy!.type = 'string';
    defs.ConsentDetection!.properties!.detectedBy!.enum = ['autoconsent', 'heuristic'];
    delete defs.CmpClues!.properties!.tcfCmpId;
    defs.EvidenceFile!.properties!.finishedAt!.description = 'When it ended.';
    reportDefs.StorageRecord!.properties!.kind!.enum = ['localStorage'];
    delete reportDefs.ScanError!.properties!.pageUrl;
    const problems = drift(documents({ ...evidenceDocument, $defs: defs }, { ...reportDocument, $defs: reportDefs }));
    expect(problems).toEqual(expect.arrayContaining([
      'EvidenceFile.site.pages[].phases.before<status=ok>.requests[].firstParty: in schema, missing in TS',
      'EvidenceFile.site.pages[].phases.before<status=ok>.cookies[].partitioned: in TS, missing in schema',
      'EvidenceFile.site.startedAt: required in TS, not in schema',
      'EvidenceFile.site.consentObservations[].detection.detectedBy: nullable in TS true, in schema false',
      'EvidenceFile.site.consentObservations[].detection.clues.tcfCmpId: in TS, missing in schema',
      'EvidenceFile.finishedAt: TSDoc "When the site\'s visit ended (it started at `site.startedAt`)." vs schema description "When it ended."',
      'EvidenceFile.site.pages[].phases.before<status=ok>.storage[].kind: TS literals ["localStorage","sessionStorage"] vs schema ["localStorage"]',
      'EvidenceFile.site.errors[].pageUrl: in TS, missing in schema',
    ]));
  });
});
