/**
 * Data leaving the page, end to end: the real command line types the markers into the fixture
 * forms in real Chromium, and the report shows what left. An ad pixel with automatic matching
 * (www.boutique-lettre.test) sends the SHA-256 of the typed e-mail on blur and its network syncs a
 * visitor id between two ad hosts; the twin (www.lettre-conforme.test) only checks the address
 * with its own server; www.cdn-clinic.test's contact form (an existing fixture) gets a name typed
 * and leaks nothing.
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up; npx vitest run test/e2e/leak.test.ts'
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { CookieRecord, Phase, PhaseEvidence, RequestRecord } from '../../src/model/evidence.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { RENDERER_CALL_MS } from '../../src/gather/collectors/hooks.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';

const LEAKING = 'https://www.boutique-lettre.test/';
const TWIN = 'https://www.lettre-conforme.test/';
const CLINIC = 'https://www.cdn-clinic.test/contact.html';

let server: FixtureServer;
let run: CliRun;
let report: Report;

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'leak-e2e-'));
  run = await runCliCaptured(['scan', LEAKING, TWIN, CLINIC, '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
}, 240_000);

afterAll(() => server?.close());

function site(url: string): SiteReport {
  const found = report.sites.find((s) => s.url === url);
  if (!found) throw new Error(`no site ${url} in the report`);
  return found;
}

function phase(url: string, name: Phase): PhaseEvidence<RequestRecord, CookieRecord> {
  const evidence = site(url).pages[0]?.phases[name];
  if (!evidence) throw new Error(`no ${name} evidence for ${url}`);
  return evidence;
}

const PHASES: Phase[] = ['before', 'accept', 'reject'];

describe('form data leaving the page', () => {
  it('writes a valid report', () => {
    expect(validateReport(report)).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('types the markers into the French form, recognised by its labels, in every phase', () => {
    for (const name of PHASES) {
      const typing = phase(LEAKING, name).formTyping;
      expect(typing?.fields.map((f) => [f.field, f.recognisedBy])).toEqual([
        ['name', 'label'],
        ['email', 'label'],
        ['phone', 'label'],
      ]);
      expect(typing?.fields[1]?.value).toMatch(/^GdprScan\.[a-z2-9]{8}@example\.org$/);
      expect(typing?.navigationStopped).toBeUndefined();
    }
  });

  it('finds the pixel hit with the SHA-256 of the lower-cased e-mail and of the phone digits, and the rule fails', () => {
    for (const name of PHASES) {
      const evidence = phase(LEAKING, name);
      const email = evidence.formTyping!.fields.find((f) => f.field === 'email')!.value;
      const phone = evidence.formTyping!.fields.find((f) => f.field === 'phone')!.value;
      const hits = evidence.requests.filter((r) => r.host === 'pixel.ad-signals.test' && r.markers?.length);
      const found = hits.flatMap((r) => r.markers!.map((m) => [m.field, m.encoding, m.normalised, m.where, m.matched]));
      expect(found).toEqual(
        expect.arrayContaining([
          ['email', 'sha256-hex', true, 'url', createHash('sha256').update(email.toLowerCase()).digest('hex')],
          ['phone', 'sha256-hex', true, 'url', createHash('sha256').update(phone.replace(/\D/g, '')).digest('hex')],
        ]),
      );
      expect(hits.every((r) => !r.firstParty)).toBe(true);
    }
    const findings = site(LEAKING).findings.filter((f) => f.ruleId === 'form-data-leak');
    expect(findings.map((f) => [f.phase, f.outcome, f.severity])).toEqual([
      ['before', 'fail', 'high'],
      ['accept', 'fail', 'high'],
      ['reject', 'fail', 'high'],
      // The site has no banner: the withdraw phase sees its start page like before any choice.
      ['withdraw', 'fail', 'high'],
    ]);
    expect(findings[0]!.message).toMatch(/e-mail address and phone number typed into its form, never submitted, to third parties before the visitor made any consent choice: pixel\.ad-signals\.test/);
  });

  it('records the cookie sync between the two ad hosts, without the identifier', () => {
    const shared = phase(LEAKING, 'before').sharedIdentifiers ?? [];
    expect(shared).toEqual([
      expect.objectContaining({
        source: 'cookie',
        name: 'xuid',
        setBy: '.exchange-one.test',
        sentToHost: 'match.bidder-two.test',
        sentToUrl: 'https://match.bidder-two.test/match',
        where: 'url',
        parameter: 'partner_uid',
        setByFirstParty: false,
        sentToFirstParty: false,
      }),
    ]);
    const syncUrl = phase(LEAKING, 'before').requests.find((r) => r.host === 'match.bidder-two.test')!.url;
    const id = new URL(syncUrl).searchParams.get('partner_uid')!;
    expect(JSON.stringify(shared)).not.toContain(id);
  });

  it('the twin: its own validation request carries the e-mail, which is no finding', () => {
    const evidence = phase(TWIN, 'before');
    expect(evidence.formTyping?.fields.map((f) => f.field)).toEqual(['name', 'email', 'phone']);
    const own = evidence.requests.filter((r) => r.markers?.length);
    expect(own.map((r) => [r.host, r.firstParty, r.markers!.map((m) => m.encoding)])).toEqual([['www.lettre-conforme.test', true, ['url-encoded']]]);
    expect(site(TWIN).findings).toEqual([]);
    expect(evidence.sharedIdentifiers).toBeUndefined();
  });

  it('an existing contact form gets its name field typed, nothing leaks; the typing cost per page is recorded', () => {
    const evidence = phase(CLINIC, 'before');
    expect(evidence.formTyping?.fields.map((f) => [f.field, f.element])).toEqual([['name', 'input[name=name]']]);
    expect(evidence.requests.some((r) => r.markers?.length)).toBe(false);
    expect(site(CLINIC).findings.filter((f) => f.ruleId === 'form-data-leak')).toEqual([]);
    const costs = report.sites.flatMap((s) => s.pages.flatMap((p) => Object.values(p.phases).map((e) => e?.formTyping?.durationMs ?? 0)));
    process.stderr.write(`form typing per page (ms): ${costs.join(', ')}\n`);
    // Every typing step finished within the interact hook's bound (3 × RENDERER_CALL_MS); beyond it, it would be a collector error.
    for (const ms of costs) expect(ms).toBeLessThan(3 * RENDERER_CALL_MS);
  });
});
