import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResumeState } from '../../src/cli/resume.js';
import { TOOL } from '../../src/tool.js';
import type { SiteEvidence } from '../../src/model/evidence.js';
import { planFromArgs, type ScanArgs } from '../../src/plan/from-args.js';
import type { ScanPlan } from '../../src/plan/plan.js';
import { evidenceFileOf } from '../../src/pipeline/evidence-file.js';
import { scanArgs } from '../helpers/scan-args.js';

const SITES = ['https://www.a.test/', 'https://www.b.test/', 'https://www.c.test/', 'https://www.d.test/'];

function plan(out: string, overrides: Partial<ScanArgs> = {}): ScanPlan {
  return planFromArgs(scanArgs(SITES, out, { maxPages: 3, hostMap: ['*=127.0.0.1:8443'], ignoreHttpsErrors: true, ...overrides }));
}

function site(url: string, error?: string): SiteEvidence {
  const host = new URL(url).hostname;
  return {
    url,
    startedAt: new Date(0).toISOString(),
    consentObservations: [{ phase: 'before', detection: { autoconsentRule: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null } }],
    pages: [{ url, phases: { before: { status: 'ok', requests: [{ url, host, method: 'GET', type: 'document', isMainFrame: true, time: 0, afterConsent: false }], cookies: [], refusedCookies: [], storage: [], durationMs: 1 } } }],
    errors: [],
    durationMs: 1,
    ...(error ? { error } : {}),
  };
}

/** Writes `sites/<name>/evidence.json` as a finished run would. */
function writeSiteReport(out: string, name: string, earlier: ScanPlan, evidence: SiteEvidence, tool = TOOL): void {
  const file = evidenceFileOf({ evidence, browser: { version: '1', userAgent: 'UA' }, finishedAt: new Date(1) }, earlier);
  mkdirSync(join(out, 'sites', name), { recursive: true });
  writeFileSync(join(out, 'sites', name, 'evidence.json'), JSON.stringify({ ...file, tool }));
}

describe('--resume: which earlier per-site evidence files stand in for a new scan', () => {
  it('reuses finished sites scanned with the same settings; retries failed ones; ignores foreign or broken files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resume-unit-'));
    const earlier = plan(out);
    writeSiteReport(out, 'www.a.test', earlier, site(SITES[0]!));
    writeSiteReport(out, 'www.b.test', earlier, site(SITES[1]!, 'net::ERR_CONNECTION_REFUSED'));
    mkdirSync(join(out, 'sites', 'www.c.test'), { recursive: true });
    writeFileSync(join(out, 'sites', 'www.c.test', 'evidence.json'), '{"evidenceSchemaVersion":"1.0.0","tool":{"name":"other"},"site":{}}');
    mkdirSync(join(out, 'sites', 'half'), { recursive: true });
    writeFileSync(join(out, 'sites', 'half', 'evidence.json'), '{"evidenceSchemaVersion": "1.0.0", "too');

    const state = await loadResumeState(plan(out));
    expect([...state.evidence.keys()]).toEqual([0]);
    expect(state.evidence.get(0)!.site.url).toBe(SITES[0]);
    expect(state.notes).toEqual([`resume: ${SITES[1]} could not be scanned last time; trying again`]);
  });

  it('scans a site again when a setting that shapes evidence changed, and says which', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resume-unit-'));
    writeSiteReport(out, 'www.a.test', plan(out), site(SITES[0]!));
    const cases: Array<[Partial<ScanArgs>, RegExp]> = [
      [{ maxPages: 10 }, /maxPages was 3, is 10/],
      [{ phases: 'before' }, /phases was \["before","accept","reject"\], is \["before"\]/],
      [{ locale: 'de-DE' }, /locale was "en-US", is "de-DE"/],
      [{ exclude: ['*.pdf'] }, /exclude was \[\], is \["\*\.pdf"\]/],
      [{ hostMap: ['*=127.0.0.1:9999'] }, /hostMap was/],
    ];
    for (const [change, reason] of cases) {
      const state = await loadResumeState(plan(out, change));
      expect(state.evidence.size, JSON.stringify(change)).toBe(0);
      expect(state.notes[0]).toMatch(reason);
    }
    // Settings that do not shape evidence (threshold, formats, concurrency) keep the site.
    expect((await loadResumeState(plan(out, { failOn: 'low', format: 'json,html', concurrency: 5 }))).evidence.size).toBe(1);
    // A host-map rule for another client's host does not concern this site.
    expect((await loadResumeState(plan(out, { hostMap: ['*.other.test=10.0.0.9', '*=127.0.0.1:8443'] }))).evidence.size).toBe(1);
  });

  it('scans again what another version of the tool recorded', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resume-unit-'));
    writeSiteReport(out, 'www.a.test', plan(out), site(SITES[0]!), { name: 'gdpr-scan', version: '0.0.1' });
    const state = await loadResumeState(plan(out));
    expect(state.evidence.size).toBe(0);
    expect(state.notes[0]).toMatch(/scanned by gdpr-scan 0\.0\.1/);
  });
});
