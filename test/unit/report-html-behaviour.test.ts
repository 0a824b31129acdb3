/**
 * The HTML report's behaviour view (src/render/html/behaviour-view.ts, partials/behaviour.hbs):
 * fingerprinting techniques and replay signals per script and phase, read from the report only,
 * with what a site controls (script URLs, hosts) escaped.
 */
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { assessBehaviour } from '../../src/judge/behaviour.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { behaviourView } from '../../src/render/html/behaviour-view.js';
import { renderHtml } from '../../src/render/html/render.js';
import { validateReport } from '../../src/model/validate.js';
import { readSample } from '../helpers/report-samples.js';
import { SITE, activity, page, site } from '../rules/evidence-builder.js';

const XSS = '"><img src=x onerror=alert(1)>';

function withBehaviour(): Report {
  const report = readSample('1.1');
  const judged = site({
    pages: [
      page(`${SITE}/`, { before: { scriptActivity: [activity.fingerprintJs(), activity.recorder({ scriptUrl: `https://evil.example/${XSS}.js` }), activity.chartJs()] } }),
      page(`${SITE}/about`, { before: { scriptActivity: [activity.fingerprintJs()] } }),
    ],
  });
  const first = report.sites[0]!;
  const sites: SiteReport[] = [{ ...first, behaviour: assessBehaviour(judged) }, ...report.sites.slice(1)];
  return { ...report, sites };
}

describe('behaviour view', () => {
  it('one row per script and phase, its pages, techniques with their numbers, replay signals', () => {
    const view = behaviourView(withBehaviour().sites[0]!)!;
    expect(view.summary).toBe('1 fingerprinting script, 1 replay-like script');
    expect(view.phases.map((p) => p.phase)).toEqual(['Before consent']);
    const [fp, recorder] = view.phases[0]!.scripts;
    expect(fp).toMatchObject({ who: 'FingerprintJS (FingerprintJS, Inc.)', party: 'third party', score: 5, verdict: 'fingerprinting (score 5)', pages: [`${SITE}/`, `${SITE}/about`] });
    expect(fp!.techniques.map((t) => t.label)).toEqual(['Canvas fingerprinting', 'Font enumeration', 'Audio fingerprinting', 'WebGL renderer query', 'Navigator / screen sweep']);
    expect(recorder!.replay).toMatchObject({ verdict: 'replay-like: records the visit', receivers: 'ingest.visitlens.example' });
  });

  it('the judged behaviour is valid report.json (report.schema.json documents it)', () => {
    expect(validateReport(withBehaviour())).toEqual([]);
  });

  it('nothing to show: no view', () => {
    expect(behaviourView(readSample('1.1').sites[0]!)).toBeUndefined();
  });

  it('renders in the site section, escaping the script URL', () => {
    const html = renderHtml(withBehaviour(), { failOn: 'high' });
    const $ = cheerio.load(html);
    const section = $('details.behaviour').first();
    expect(section.find('summary').text()).toContain('1 fingerprinting script');
    expect(section.find('tbody tr')).toHaveLength(2);
    expect(section.text()).toContain('read back 3× (largest toDataURL 240×60 px)');
    expect(section.find('img')).toHaveLength(0);
    expect(section.text()).toContain(`https://evil.example/${XSS}.js`);
  });
});
