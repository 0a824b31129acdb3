/**
 * Small hand-made classified evidence for rule tests: a site, its pages and phases, requests and
 * cookies, with presets for common services. Everything defaults to "nothing happened".
 */
import type {
  ClassifiedSite,
  ConsentEvidence,
  CookieRecord,
  PageEvidence,
  Phase,
  PhaseEvidence,
  PhaseEvidenceOk,
  RequestRecord,
  ScriptActivity,
  ServiceInfo,
  TcfSnapshot,
} from '../../src/model/evidence.js';
import { assessBehaviour } from '../../src/judge/behaviour.js';
import { autoconsentAction, cmpIdentity, noAction } from '../helpers/consent-records.js';

export const SITE = 'https://shop.example';

type ServicePreset = Omit<ServiceInfo, 'source'>;
const svc = (s: ServicePreset): ServiceInfo => ({ ...s, source: 'builtin' });

/** Services as the classifier would describe them. */
export const services = {
  googleAnalytics: svc({ name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', dpf: true, tracking: true }),
  googleAds: svc({ name: 'Google Ads', organization: 'Google LLC', category: 'advertising', country: 'US', dpf: true, tracking: true }),
  metaPixel: svc({ name: 'Meta Pixel', organization: 'Meta Platforms, Inc.', category: 'advertising', country: 'US', dpf: true, tracking: true }),
  yandexMetrica: svc({ name: 'Yandex Metrica', organization: 'Yandex LLC', category: 'analytics', country: 'RU', tracking: true }),
  tiktokPixel: svc({ name: 'TikTok Pixel', organization: 'ByteDance Ltd.', category: 'advertising', country: 'CN', tracking: true }),
  matomoCloud: svc({ name: 'Matomo Cloud', organization: 'InnoCraft Ltd', category: 'analytics', country: 'NZ', tracking: true }),
  etracker: svc({ name: 'etracker', organization: 'etracker GmbH', category: 'analytics', country: 'DE', tracking: true }),
  unknownCountryTracker: svc({ name: 'Mystery Ads', organization: 'Mystery Ads', category: 'advertising', tracking: true }),
  hotjar: svc({ name: 'Hotjar', organization: 'Hotjar Ltd', category: 'session-replay', country: 'MT', tracking: true }),
  clarity: svc({ name: 'Microsoft Clarity', organization: 'Microsoft Corporation', category: 'session-replay', country: 'US', dpf: true, tracking: true }),
  googleTagManager: svc({ name: 'Google Tag Manager', organization: 'Google LLC', category: 'tag-manager', country: 'US', dpf: true, tracking: false }),
  googleFonts: svc({ name: 'Google Fonts', organization: 'Google LLC', category: 'fonts', country: 'US', dpf: true, tracking: false }),
  jsdelivr: svc({ name: 'jsDelivr', organization: 'jsDelivr', category: 'cdn', tracking: false }),
  cookiebot: svc({ name: 'Cookiebot', organization: 'Usercentrics A/S', category: 'consent-manager', country: 'DK', tracking: false }),
  youtube: svc({ name: 'YouTube', organization: 'Google LLC', category: 'embedded-content', country: 'US', dpf: true, tracking: false }),
  vimeo: svc({ name: 'Vimeo', organization: 'Vimeo.com, Inc.', category: 'embedded-content', country: 'US', tracking: false }),
  googleMaps: svc({ name: 'Google Maps', organization: 'Google LLC', category: 'embedded-content', country: 'US', dpf: true, tracking: false }),
  facebookSocial: svc({ name: 'Facebook Social Plugins', organization: 'Meta Platforms, Inc.', category: 'social', country: 'US', dpf: true, tracking: true }),
} satisfies Record<string, ServiceInfo>;

/** A request; the host comes from the URL, third party unless the host is the site's. */
export function req(url: string, extra: Partial<RequestRecord> = {}): RequestRecord {
  const host = new URL(url).hostname;
  return {
    url,
    host,
    method: 'GET',
    type: 'script',
    isMainFrame: true,
    time: 100,
    afterConsent: false,
    status: 200,
    firstParty: host === new URL(SITE).hostname || host.endsWith(`.${new URL(SITE).hostname}`),
    ...extra,
  };
}

/** Common requests. */
export const requests = {
  ga: (extra: Partial<RequestRecord> = {}) =>
    req('https://www.google-analytics.com/g/collect?v=2&tid=G-TEST&cid=1234567890.1700000000&en=page_view', { type: 'ping', service: services.googleAnalytics, ...extra }),
  gtm: (extra: Partial<RequestRecord> = {}) => req('https://www.googletagmanager.com/gtm.js?id=GTM-TEST', { service: services.googleTagManager, ...extra }),
  metaPixel: (extra: Partial<RequestRecord> = {}) =>
    req('https://www.facebook.com/tr/?id=123&ev=PageView&fbp=fb.1.1700000000.123456789', { type: 'image', service: services.metaPixel, ...extra }),
  fontsCss: (extra: Partial<RequestRecord> = {}) => req('https://fonts.googleapis.com/css2?family=Roboto', { type: 'stylesheet', service: services.googleFonts, ...extra }),
  fontFile: (extra: Partial<RequestRecord> = {}) => req('https://fonts.gstatic.com/s/roboto/v30/roboto.woff2', { type: 'font', service: services.googleFonts, ...extra }),
  cdn: (extra: Partial<RequestRecord> = {}) => req('https://cdn.jsdelivr.net/npm/lib@1/dist/lib.min.js', { service: services.jsdelivr, ...extra }),
  firstParty: (path = '/app.js', extra: Partial<RequestRecord> = {}) => req(`${SITE}${path}`, extra),
  unknownThirdParty: (extra: Partial<RequestRecord> = {}) => req('https://widgets.unknown-vendor.example/w.js', extra),
  hotjar: (extra: Partial<RequestRecord> = {}) => req('https://static.hotjar.com/c/hotjar-123.js?sv=6', { service: services.hotjar, ...extra }),
};

/** A cookie; first party when its domain is the site's. */
export function cookie(name: string, extra: Partial<CookieRecord> = {}): CookieRecord {
  const domain = extra.domain ?? '.shop.example';
  return {
    name,
    domain,
    path: '/',
    expires: null,
    httpOnly: false,
    secure: true,
    sameSite: 'Lax',
    source: 'script',
    size: name.length + 20,
    firstParty: domain.replace(/^\./, '').endsWith('shop.example'),
    lifetimeDays: null,
    category: 'unknown',
    ...extra,
  };
}

/** Common cookies. */
export const cookies = {
  ga: (extra: Partial<CookieRecord> = {}) =>
    cookie('_ga', { category: 'analytics', lifetimeDays: 400, expires: 1_734_560_000, service: { name: 'Google Analytics', organization: 'Google LLC', country: 'US', dpf: true }, ...extra }),
  fbp: (extra: Partial<CookieRecord> = {}) =>
    cookie('_fbp', { category: 'marketing', lifetimeDays: 90, expires: 1_707_776_000, service: { name: 'Meta Pixel', organization: 'Meta Platforms, Inc.', country: 'US', dpf: true }, ...extra }),
  session: (extra: Partial<CookieRecord> = {}) => cookie('PHPSESSID', { category: 'necessary', httpOnly: true, source: 'http', ...extra }),
  consent: (extra: Partial<CookieRecord> = {}) =>
    cookie('CookieConsent', { category: 'necessary', consentRecord: true, lifetimeDays: 365, expires: 1_731_536_000, ...extra }),
};

/** One phase's evidence. */
export function phase(content: Partial<PhaseEvidenceOk<RequestRecord, CookieRecord>> = {}): PhaseEvidence<RequestRecord, CookieRecord> {
  return { status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 1000, ...content };
}

type PhaseInput = Partial<PhaseEvidenceOk<RequestRecord, CookieRecord>>;

/** A page with evidence for the phases given. */
export function page(url: string, phases: Partial<Record<Phase, PhaseInput>>): PageEvidence<RequestRecord, CookieRecord> {
  const out: PageEvidence<RequestRecord, CookieRecord> = { url, phases: {} };
  for (const [name, content] of Object.entries(phases) as Array<[Phase, PhaseInput]>) out.phases[name] = phase(content);
  return out;
}

/** A banner with both buttons on the first layer, both clicks done and verified: a well-behaved site. */
export const goodConsent: ConsentEvidence = {
  cmp: cmpIdentity('Cookiebot', { id: 'cookiebot', vendor: 'Usercentrics A/S' }),
  bannerFound: true,
  acceptOnFirstLayer: true,
  rejectOnFirstLayer: true,
  accept: autoconsentAction('Cybotcookiebot'),
  reject: autoconsentAction('Cybotcookiebot'),
};

export const noBanner: ConsentEvidence = {
  cmp: null,
  bannerFound: false,
  acceptOnFirstLayer: null,
  rejectOnFirstLayer: null,
  accept: noAction('no banner found'),
  reject: noAction('no banner found'),
};

/**
 * A site. `phases` is the home page's evidence; `pages` adds more pages. Consent defaults to a
 * well-behaved banner.
 */
export function site(input: {
  phases?: Partial<Record<Phase, PhaseInput>>;
  pages?: PageEvidence<RequestRecord, CookieRecord>[];
  consent?: Partial<ConsentEvidence>;
}): ClassifiedSite {
  const pages = input.pages ?? [page(`${SITE}/`, input.phases ?? {})];
  const built: ClassifiedSite = {
    url: `${SITE}/`,
    finalUrl: `${SITE}/`,
    consent: { ...goodConsent, ...input.consent },
    pages,
    errors: [],
    durationMs: 5000,
  };
  // Recorded script activity is scored as the judge does (src/judge/behaviour.ts).
  const behaviour = assessBehaviour(built);
  if (behaviour.length) built.behaviour = behaviour;
  return built;
}

/** Script activity as the behaviour collector records it, for the scripts the rules must tell apart. */
export const activity = {
  /** FingerprintJS 3.4.2 in Chromium, as recorded on the fixture www.fingerprint-moebel.test. */
  fingerprintJs: (extra: Partial<ScriptActivity> = {}): ScriptActivity => ({
    scriptUrl: 'https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js',
    afterConsent: false,
    canvas: {
      textCalls: 2,
      distinctCharacters: 17,
      textStyles: ['#006699', 'rgba(102, 204, 0, 0.2)'],
      maxWidth: 240,
      maxHeight: 110,
      readbacks: [
        { api: 'toDataURL', width: 240, height: 60 },
        { api: 'toDataURL', width: 122, height: 110 },
      ],
      readbackCount: 3,
      saveRestoreCalls: 0,
      canvasListeners: 0,
    },
    webgl: { parameters: ['UNMASKED_VENDOR_WEBGL', 'UNMASKED_RENDERER_WEBGL'], supportedExtensionsCalls: 0, extensions: ['WEBGL_debug_renderer_info'], shaderPrecisionCalls: 0 },
    audio: { audioContexts: 0, offlineContexts: 1, oscillators: 1, compressors: 1, analysers: 0, renderings: 1, sampleReads: 1 },
    fonts: { measureTextCalls: 0, canvasFonts: 2, elementProbes: 318, elementFonts: 159, checkCalls: 0, checkFonts: 0 },
    navigatorProperties: ['deviceMemory', 'hardwareConcurrency', 'language', 'languages', 'maxTouchPoints', 'pdfViewerEnabled', 'platform', 'plugins', 'vendor'],
    screenProperties: ['availHeight', 'availLeft', 'availTop', 'availWidth', 'colorDepth', 'height', 'width'],
    ...extra,
  }),
  /** Chart.js 4 drawing three charts: much text, save/restore, mouse listeners, never a read-back. */
  chartJs: (extra: Partial<ScriptActivity> = {}): ScriptActivity => ({
    scriptUrl: `${SITE}/vendor/chart.umd.js`,
    afterConsent: false,
    canvas: { textCalls: 53, distinctCharacters: 50, textStyles: ['#666666'], maxWidth: 640, maxHeight: 400, readbacks: [], readbackCount: 0, saveRestoreCalls: 212, canvasListeners: 21 },
    fonts: { measureTextCalls: 140, canvasFonts: 3, elementProbes: 0, elementFonts: 0, checkCalls: 0, checkFonts: 0 },
    ...extra,
  }),
  /** A recorder on a host no classifier knows: whole document observed, input and mouse, batches to its host. */
  recorder: (extra: Partial<ScriptActivity> = {}): ScriptActivity => ({
    scriptUrl: 'https://cdn.visitlens.example/rec.js',
    afterConsent: false,
    replay: { documentObservers: 1, observesAttributes: true, observesCharacterData: true, listeners: ['change', 'click', 'input', 'keydown', 'mousemove', 'scroll'] },
    sends: [{ host: 'ingest.visitlens.example', count: 3, bytes: 18_406 }],
    ...extra,
  }),
};

/** A TCF snapshot. */
export function tcf(content: Partial<TcfSnapshot>): TcfSnapshot {
  return { cmpPresent: true, gdprApplies: true, tcString: 'CPtestAAAAAAAAA.YAAAAAAAAAAA', cmpId: 7, ...content };
}
