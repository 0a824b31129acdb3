import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import type { Finding, Report } from '../../src/model/report.js';
import { escapeXml, escapeXmlAttribute, renderJunit } from '../../src/render/junit.js';

const sample = JSON.parse(readFileSync(new URL('../fixtures-data/report-sample.json', import.meta.url), 'utf8')) as Report;
const fresh = (): Report => structuredClone(sample);
const RULE_COUNT = ALL_RULES.length;
const HOSTILE = `a&b <script>alert("x")</script> ]]> '"><img onerror=alert(1)> &amp; \u0000\u0001\u0008\u000b\u000c\u001f\ufffe\ud800 tab\tnl\ncr\r end ©`;

/**
 * A strict well-formedness check for the XML we write (cheerio's parser forgives too much):
 * one XML declaration, tags properly nested with one root, quoted attributes without `<` and
 * unique per element, `&` only in the five predefined entities or character references, and no
 * character that XML 1.0 forbids. Returns the problems found.
 */
function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) problems.push('a character XML 1.0 forbids');
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(xml)) problems.push('a lone surrogate');
  const entities = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (rest === xml) problems.push('no XML declaration');
  const stack: string[] = [];
  let roots = 0;
  const token = /^(?:<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+))/;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match) {
      problems.push(`cannot parse at: ${JSON.stringify(rest.slice(0, 60))}`);
      break;
    }
    const [whole, closing, name, attrs, selfClosing, text] = match;
    if (text !== undefined) {
      if (entities.test(text)) problems.push(`bare & in text: ${JSON.stringify(text.slice(0, 60))}`);
      if (stack.length === 0 && text.trim() !== '') problems.push('text outside the root');
    } else if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else {
      if (stack.length === 0) roots += 1;
      const names = [...(attrs ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)].map((m) => {
        if (entities.test(m[2]!)) problems.push(`bare & in attribute ${m[1]}`);
        return m[1]!;
      });
      if (new Set(names).size !== names.length) problems.push(`duplicate attribute on <${name}>`);
      if (!selfClosing) stack.push(name!);
    }
    rest = rest.slice(whole.length);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

const parse = (xml: string) => cheerio.load(xml, { xml: true });
const num = (value: string | undefined): number => Number(value);

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: 'tracking-before-consent', severity: 'high', outcome: 'fail', phase: 'before', pageUrl: 'https://www.tracking-mag.test/', message: 'Tracked.', evidence: [], references: [], ...overrides };
}

describe('renderJunit on a recorded report', () => {
  const xml = renderJunit(sample, { failOn: 'high' });
  const $ = parse(xml);

  it('is well-formed XML', () => {
    expect(wellFormednessProblems(xml)).toEqual([]);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
  });

  it('has one suite per site and one test case per rule and site', () => {
    const suites = $('testsuites > testsuite');
    expect(suites.map((_, s) => $(s).attr('name')).get()).toEqual(sample.sites.map((s) => s.url));
    suites.each((i, s) => {
      const site = sample.sites[i]!;
      const cases = $(s).children('testcase');
      expect(cases).toHaveLength(RULE_COUNT);
      expect(num($(s).attr('tests'))).toBe(RULE_COUNT);
      expect(cases.map((_, c) => $(c).attr('classname')).get()).toEqual(ALL_RULES.map((r) => r.meta.id));
      expect($(cases[0]).attr('name')).toBe(`${ALL_RULES[0]!.meta.title} (${site.url})`);
      expect($(s).attr('time')).toBe((site.durationMs / 1000).toFixed(3));
      expect($(s).find('properties > property[name="fail-on"]').attr('value')).toBe('high');
    });
  });

  it('fails a test case when its rule has a finding at or above the threshold, with message and evidence', () => {
    let expectedFailures = 0;
    $('testsuite').each((i, s) => {
      const site = sample.sites[i]!;
      let failures = 0;
      $(s)
        .children('testcase')
        .each((_, c) => {
          const ruleId = $(c).attr('classname')!;
          const atOrAbove = site.findings.filter((f) => f.ruleId === ruleId && (f.severity === 'high' || f.severity === 'critical'));
          const below = site.findings.filter((f) => f.ruleId === ruleId && !atOrAbove.includes(f));
          expect($(c).children('failure'), `${site.url} ${ruleId}`).toHaveLength(atOrAbove.length > 0 ? 1 : 0);
          if (atOrAbove.length > 0) {
            failures += 1;
            const failure = $(c).children('failure');
            expect(failure.attr('message')).toMatch(new RegExp(`^${atOrAbove.length} findings? at or above high: `));
            expect(failure.attr('type')).toBe('high');
            for (const f of atOrAbove) {
              expect(failure.text()).toContain(f.message);
              for (const e of f.evidence) expect(failure.text()).toContain(e.value);
            }
          }
          expect($(c).children('system-out'), `${site.url} ${ruleId}`).toHaveLength(below.length > 0 ? 1 : 0);
          for (const f of below) expect($(c).children('system-out').text()).toContain(f.message);
        });
      expect(num($(s).attr('failures'))).toBe(failures);
      expect(num($(s).attr('errors'))).toBe(0);
      expectedFailures += failures;
    });
    expect(expectedFailures).toBeGreaterThan(0);
    expect(num($('testsuites').attr('failures'))).toBe(expectedFailures);
    expect(num($('testsuites').attr('tests'))).toBe(RULE_COUNT * sample.sites.length);
    expect(num($('testsuites').attr('errors'))).toBe(0);
  });

  it('follows the threshold: none fails nothing, low fails every rule with a failing finding', () => {
    expect(num(parse(renderJunit(sample, { failOn: 'none' }))('testsuites').attr('failures'))).toBe(0);
    const pairs = new Set(sample.sites.flatMap((s) => s.findings.map((f) => `${s.url} ${f.ruleId}`)));
    expect(num(parse(renderJunit(sample, { failOn: 'low' }))('testsuites').attr('failures'))).toBe(pairs.size);
  });

  it('needs-review findings never fail', () => {
    const report = fresh();
    for (const site of report.sites) site.findings = [];
    report.sites[0]!.findings = [finding({ outcome: 'needs-review', severity: 'critical', message: 'Cannot tell.' })];
    const $$ = parse(renderJunit(report, { failOn: 'low' }));
    expect(num($$('testsuites').attr('failures'))).toBe(0);
    expect($$('testcase[classname="tracking-before-consent"]').first().children('system-out').text()).toContain('[critical, needs review]');
  });
});

describe('renderJunit with a baseline', () => {
  it('fails on new findings only; those already in the baseline are notes', () => {
    const report = fresh();
    for (const site of report.sites) for (const f of site.findings) f.baseline = 'existing';
    const site = report.sites.find((s) => s.findings.some((f) => f.severity === 'high'))!;
    const target = site.findings.find((f) => f.severity === 'high')!;
    target.baseline = 'new';
    report.baseline = { path: 'old.json', newFindings: 1, existingFindings: 16, resolved: [] };
    const xml = renderJunit(report, { failOn: 'low' });
    expect(wellFormednessProblems(xml)).toEqual([]);
    const $ = parse(xml);
    expect(num($('testsuites').attr('failures'))).toBe(1);
    const failure = $('failure');
    expect(failure.parent().attr('classname')).toBe(target.ruleId);
    expect(failure.closest('testsuite').attr('name')).toBe(site.url);
    expect(failure.attr('message')).toMatch(/^1 new finding at or above low: /);
    expect($('testsuite').first().find('property[name="baseline"]').attr('value')).toBe('old.json');
    expect(xml).toContain('in baseline');
  });
});

describe('JUnit errors and escaping', () => {
  it('the well-formedness check is real', () => {
    const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(wellFormednessProblems(`${decl}<a><b x="1"/>t &amp; &#10;</a>`)).toEqual([]);
    expect(wellFormednessProblems(`${decl}<a>&</a>`)).not.toEqual([]);
    expect(wellFormednessProblems(`${decl}<a><b></a></b>`)).not.toEqual([]);
    expect(wellFormednessProblems(`${decl}<a x="<"/>`)).not.toEqual([]);
    expect(wellFormednessProblems(`${decl}<a x="1" x="2"/>`)).not.toEqual([]);
    expect(wellFormednessProblems(`${decl}<a/><b/>`)).not.toEqual([]);
    expect(wellFormednessProblems(`${decl}<a>\u0001</a>`)).not.toEqual([]);
    expect(wellFormednessProblems('<a/>')).not.toEqual([]);
  });

  it('a site that could not be scanned is one erroring test case; run errors get their own suite', () => {
    const report = fresh();
    report.sites[1]!.error = 'net::ERR_NAME_NOT_RESOLVED';
    report.errors = [{ stage: 'browser', message: 'Chromium crashed' }];
    const xml = renderJunit(report, { failOn: 'high' });
    expect(wellFormednessProblems(xml)).toEqual([]);
    const $ = parse(xml);
    const broken = $('testsuite').eq(1);
    expect(broken.children('testcase')).toHaveLength(1);
    expect(broken.attr('errors')).toBe('1');
    expect(broken.attr('tests')).toBe('1');
    expect(broken.find('error').attr('message')).toContain('could not be scanned: net::ERR_NAME_NOT_RESOLVED');
    const run = $('testsuite').last();
    expect(run.attr('name')).toBe('gdpr-scan');
    expect(run.find('error').attr('type')).toBe('browser');
    expect(num($('testsuites').attr('errors'))).toBe(2);
    expect(num($('testsuites').attr('tests'))).toBe(RULE_COUNT * 3 + 1 + 1);
  });

  it('page-level errors are noted in the suite system-err', () => {
    const report = fresh();
    report.sites[0]!.errors = [{ stage: 'consent', message: 'no banner clicked', phase: 'reject', pageUrl: 'https://www.klaro-shop.test/' }];
    const $ = parse(renderJunit(report, { failOn: 'high' }));
    expect($('testsuite').first().children('system-err').text()).toBe('[consent, reject] https://www.klaro-shop.test/: no banner clicked');
    expect($('testsuite').first().attr('errors')).toBe('0');
  });

  it('escapes & < > " \' and removes characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a&b<c>d"e\'f')).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('x\u0000\u0008\u000b\u000c\u001f\ufffe\uffff\ud800y\t\n\r😀')).toBe('xy\t\n&#13;😀');
    expect(escapeXmlAttribute('a\nb\tc\rd"')).toBe('a&#10;b&#9;c&#13;d&quot;');
  });

  it('stays well-formed, and round-trips text, when everything the site controls is hostile', () => {
    const report = fresh();
    const site = report.sites[0]!;
    site.url = `https://evil.test/${HOSTILE}`;
    site.findings = [
      finding({ message: HOSTILE, pageUrl: HOSTILE, evidence: [{ kind: 'cookie', value: HOSTILE, detail: HOSTILE }], references: [HOSTILE] }),
      finding({ ruleId: `x"y<z>${HOSTILE}`, severity: 'low', message: HOSTILE }),
    ];
    site.errors = [{ stage: 'collector', message: HOSTILE }];
    report.sites[1]!.error = HOSTILE;
    report.errors = [{ stage: 'browser', message: HOSTILE }];
    const xml = renderJunit(report, { failOn: 'high', generatedBy: HOSTILE });
    expect(wellFormednessProblems(xml)).toEqual([]);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    const $ = parse(xml);
    // What XML can carry comes back unchanged through a parser (attributes keep their line breaks).
    const carried = HOSTILE.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])/g, '');
    expect($('testsuite').first().attr('name')).toBe(`https://evil.test/${carried}`);
    expect($('failure').first().text()).toContain(carried);
    // An unknown rule id still gets its own test case.
    expect($('testsuite').first().children('testcase')).toHaveLength(RULE_COUNT + 1);
    expect($('testsuite').first().children('testcase').last().attr('classname')).toBe(`x"y<z>${carried}`);
  });
});
