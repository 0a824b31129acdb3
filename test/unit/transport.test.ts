import { describe, expect, it } from 'vitest';
import { NetworkCollector } from '../../src/gather/collectors/network.js';
import { TransportCollector } from '../../src/gather/collectors/transport.js';
import { parseHsts } from '../../src/gather/transport/hsts.js';
import { findLegalLinks, legalLinkKind, MAX_FORMS, parsePage, readForms } from '../../src/gather/transport/page-facts.js';
import { httpOriginOf, probeOutcome } from '../../src/gather/net/http-probe.js';
import { FakeCdp, fakePage, frameTree, requestWillBeSent, response } from '../helpers/fake-cdp.js';

describe('parseHsts', () => {
  it.each([
    ['max-age=31536000; includeSubDomains; preload', { maxAge: 31_536_000, includeSubDomains: true, preload: true }],
    ['max-age="600"', { maxAge: 600, includeSubDomains: false, preload: false }],
    ['  MAX-AGE = 0 ;INCLUDESUBDOMAINS', { maxAge: 0, includeSubDomains: true, preload: false }],
    ['includeSubDomains', { includeSubDomains: true, preload: false }],
    ['max-age=abc', { includeSubDomains: false, preload: false }],
    ['max-age=-5', { includeSubDomains: false, preload: false }],
    // RFC 6797 §6.1: a directive given twice makes the header invalid; browsers ignore it.
    ['max-age=100; max-age=200', { includeSubDomains: false, preload: false }],
    // Two headers joined by Chromium: the first counts.
    ['max-age=10\nmax-age=99999; preload', { maxAge: 10, includeSubDomains: false, preload: false }],
  ])('%j', (value, parsed) => {
    const { raw, ...rest } = parseHsts(value);
    expect(raw).toBe(value);
    expect(rest).toEqual(parsed);
  });

  it('keeps at most 200 characters of a hostile value', () => {
    expect(parseHsts(`max-age=1; ${'x'.repeat(5000)}`).raw).toHaveLength(201);
  });
});

describe('readForms', () => {
  const html = `<html><head><base href="https://shop.test/de/"></head><body>
    <form action="http://shop.test/login" method="POST"><input name="u" autocomplete="username"><input type="password" name="p"><input type="hidden" name="csrf"><button>Go</button></form>
    <form><input type="search" name="q"></form>
    <form action="newsletter" method="put"><input name="mail" autocomplete="section-a email"><input type="submit"></form>
    <form action=" " method="dialog"><select name="s"></select><textarea></textarea></form>
  </body></html>`;

  it('resolves actions (base href; missing or blank: the document), lower-cases methods and recognises password and e-mail fields', () => {
    expect(readForms(parsePage(html, 'https://shop.test/de/page.html'), 'https://shop.test/de/page.html')).toEqual([
      { action: 'http://shop.test/login', method: 'post', hasPassword: true, hasEmail: false, fields: 2 },
      { action: 'https://shop.test/de/page.html', method: 'get', hasPassword: false, hasEmail: false, fields: 1 },
      { action: 'https://shop.test/de/newsletter', method: 'get', hasPassword: false, hasEmail: true, fields: 1 },
      { action: 'https://shop.test/de/page.html', method: 'dialog', hasPassword: false, hasEmail: false, fields: 2 },
    ]);
  });

  it(`keeps at most ${MAX_FORMS} forms`, () => {
    const many = '<form action="/x"></form>'.repeat(MAX_FORMS + 10);
    expect(readForms(parsePage(many, 'https://a.test/'), 'https://a.test/')).toHaveLength(MAX_FORMS);
  });
});

describe('legal links', () => {
  it.each([
    ['Impressum', 'legal-notice'],
    ['Mentions légales', 'legal-notice'],
    ['Aviso legal', 'legal-notice'],
    ['Note legali', 'legal-notice'],
    ['Colofon', 'legal-notice'],
    ['Nota prawna', 'legal-notice'],
    ['Νομική σημείωση', 'legal-notice'],
    ['Datenschutzerklärung', 'privacy'],
    ['Privacy Policy', 'privacy'],
    ['Politique de confidentialité', 'privacy'],
    ['Polityka prywatności', 'privacy'],
    ['Integritetspolicy', 'privacy'],
    ['Политика за поверителност', 'privacy'],
    ['Impressum & Datenschutzerklärung', 'privacy'],
    ['Cookie-Richtlinie', 'cookie-policy'],
    ['Politique de cookies', 'cookie-policy'],
    ['Cookiebeleid', 'cookie-policy'],
    ['Evästekäytäntö', 'cookie-policy'],
  ])('%j is a %s link', (text, kind) => {
    expect(legalLinkKind(text)).toBe(kind);
  });

  it.each(['Cookie-Einstellungen', 'Kontakt', 'Alle akzeptieren', '', 'Impressum '.repeat(20)])('%j is none', (text) => {
    expect(legalLinkKind(text)).toBeNull();
  });

  it('are found by text, aria-label or title, resolved, each target once per kind, without script and mail links', () => {
    const html = `<footer>
      <a href="/impressum">Impressum</a> <a href="/impressum">  Impressum </a>
      <a href="datenschutz.html" aria-label="Datenschutzerklärung"><svg></svg></a>
      <a href="javascript:void(0)">Privacy policy</a> <a href="mailto:dpo@shop.test">Privacy policy</a>
      <a href="/cookies" title="Cookie policy"></a> <a href="/kontakt">Kontakt</a></footer>`;
    expect(findLegalLinks(parsePage(html, 'https://shop.test/a/b.html'))).toEqual([
      { kind: 'legal-notice', text: 'Impressum', href: 'https://shop.test/impressum' },
      { kind: 'privacy', text: 'Datenschutzerklärung', href: 'https://shop.test/a/datenschutz.html' },
      { kind: 'cookie-policy', text: 'Cookie policy', href: 'https://shop.test/cookies' },
    ]);
  });
});

describe('the plain-HTTP probe', () => {
  it('asks http:// and the start page host, path /', () => {
    expect(httpOriginOf('https://www.shop.test/de/start?x=1')).toBe('http://www.shop.test/');
    expect(httpOriginOf('https://[::1]:8443/')).toBe('http://[::1]/');
  });

  it.each([
    [{ status: 301, location: 'https://www.shop.test/' }, true, /^HTTP 301 to https:\/\/www\.shop\.test\/$/, undefined],
    [{ status: 308, location: '//www.shop.test/' }, false, /still plain HTTP/, 'http://www.shop.test/'],
    [{ status: 302, location: 'http://www.shop.test/' }, false, /still plain HTTP/, 'http://www.shop.test/'],
    [{ status: 200 }, false, /served over plain HTTP/, undefined],
    [{ status: 204 }, false, /served over plain HTTP/, undefined],
    [{ status: 301 }, null, /without a Location/, undefined],
    [{ status: 301, location: 'ftp://x/' }, null, /ftp: URL/, undefined],
    [{ status: 403 }, null, /HTTP 403: neither a page nor a redirect/, undefined],
    [{ status: 503 }, null, /HTTP 503/, undefined],
    [{ error: 'connect ECONNREFUSED 127.0.0.1:80' }, null, /connection refused/, undefined],
    [{ error: 'no answer within 5000 ms' }, null, /no answer: no answer within 5000 ms/, undefined],
  ] as const)('%j → redirectsToHttps %s', (answer, verdict, reason, next) => {
    const outcome = probeOutcome('http://shop.test/', answer);
    expect(outcome.probe.redirectsToHttps).toBe(verdict);
    expect(outcome.probe.reason).toMatch(reason);
    expect(outcome.next).toBe(next);
    if ('status' in answer) expect(outcome.probe.status).toBe(answer.status);
  });
});

describe('the transport collector', () => {
  async function setup(html: string, legalLinks = true) {
    const cdp = new FakeCdp({
      'Network.enable': {},
      'Page.enable': {},
      'Page.getFrameTree': frameTree('main'),
      'DOM.getDocument': { root: { nodeId: 1, backendNodeId: 1, nodeType: 9, nodeName: '#document', localName: '', nodeValue: '' } },
      'DOM.getOuterHTML': { outerHTML: html },
    });
    const page = fakePage(cdp, { url: () => 'https://site.test/' });
    const network = new NetworkCollector({ page, now: () => 0 });
    await network.attach();
    return { cdp, network, transport: new TransportCollector({ page, now: () => 0 }, network, legalLinks) };
  }

  it('records the main document URL, its parsed HSTS header, the forms and the legal links; mixed content on the request', async () => {
    const { cdp, network, transport } = await setup('<form action="http://site.test/send"><input type="email"></form><a href="/impressum">Impressum</a>');
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('d', 'https://site.test/', { type: 'Document', frameId: 'main' }));
    cdp.emit('Network.responseReceived', { requestId: 'd', loaderId: 'l', timestamp: 0, type: 'Document', frameId: 'main', hasExtraInfo: false, response: response('https://site.test/', 200, { 'Strict-Transport-Security': 'max-age=600' }) });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('s', 'http://site.test/a.js', { type: 'Script', frameId: 'main', request: { url: 'http://site.test/a.js', method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer', mixedContentType: 'blockable' } }));
    const { requests } = await network.collect();
    expect(requests.map((r) => r.mixedContent)).toEqual([undefined, 'blockable']);
    expect(await transport.collect({ url: 'https://site.test/', loaded: true })).toEqual({
      transport: {
        documentUrl: 'https://site.test/',
        hsts: { raw: 'max-age=600', maxAge: 600, includeSubDomains: false, preload: false },
        forms: [{ action: 'http://site.test/send', method: 'get', hasPassword: false, hasEmail: true, fields: 1 }],
      },
      legalLinks: [{ kind: 'legal-notice', text: 'Impressum', href: 'https://site.test/impressum' }],
    });
  });

  it('ignores HSTS over plain HTTP, reads no DOM for a page that did not load, and forgets the document when the next navigation starts', async () => {
    const { cdp, transport } = await setup('<a href="/impressum">Impressum</a>', false);
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('d', 'http://site.test/', { type: 'Document', frameId: 'main' }));
    cdp.emit('Network.responseReceived', { requestId: 'd', loaderId: 'l', timestamp: 0, type: 'Document', frameId: 'main', hasExtraInfo: false, response: response('http://site.test/', 200, { 'strict-transport-security': 'max-age=600' }) });
    expect(await transport.collect({ url: 'http://site.test/', loaded: false })).toEqual({ transport: { documentUrl: 'http://site.test/' } });
    expect(cdp.methods()).not.toContain('DOM.getOuterHTML');
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('e', 'https://site.test/next', { type: 'Document', frameId: 'main' }));
    expect(await transport.collect({ url: 'https://site.test/next', loaded: true })).toEqual({ transport: { forms: [] } });
  });
});
