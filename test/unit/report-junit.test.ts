import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { escapeXml, escapeXmlAttribute, renderJunit } from '../../src/render/junit.js';
import { DISABLED_RULE, NOT_APPLICABLE_REASON, NOT_APPLICABLE_RULE } from '../fixtures-data/build-report-sample-1.1.js';
import { readSample } from '../helpers/report-samples.js';

/** A schema 1.0 report: no `rules`, no `ruleResults`; it renders with the rules its findings name. */
const sample = readSample('1.0');
/** The same scan as a 1.1 report: every rule of the run, one disabled, one not applicable. */
const sample11 = readSample('1.1');
const fresh = (): Report => structuredClone(sample);
/** The rules the 1.0 sample's findings name, in order of appearance. */
const FINDING_RULES = [...new Set(sample.sites.flatMap((s) => s.findings.map((f) => f.ruleId)))];
const RULE_COUNT = FINDING_RULES.length;
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

  it('has one suite per site and one test case per rule of its findings and site (an old report: only the rules it names)', () => {
    expect(RULE_COUNT).toBe(8);
    const suites = $('testsuites > testsuite');
    expect(suites.map((_, s) => $(s).attr('name')).get()).toEqual(sample.sites.map((s) => s.url));
    suites.each((i, s) => {
      const site = sample.sites[i]!;
      const cases = $(s).children('testcase');
      expect(cases).toHaveLength(RULE_COUNT);
      expect(num($(s).attr('tests'))).toBe(RULE_COUNT);
      expect(cases.map((_, c) => $(c).attr('classname')).get()).toEqual(FINDING_RULES);
      // The report does not describe its rules: the title is the rule id, never this version's title.
      expect($(cases[0]).attr('name')).toBe(`${FINDING_RULES[0]} (${site.url})`);
      expect($(s).attr('skipped')).toBe('0');
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
    expect($('testsuite').first().children('testcase').filter((_, c) => $(c).attr('classname') === `x"y<z>${carried}`)).toHaveLength(1);
    // In a 1.1 report it comes after the rules the report describes.
    const report11 = structuredClone(sample11);
    report11.sites[0]!.findings = [finding({ ruleId: `x"y<z>${HOSTILE}`, severity: 'low', message: HOSTILE })];
    const xml11 = renderJunit(report11, { failOn: 'high' });
    expect(wellFormednessProblems(xml11)).toEqual([]);
    const cases11 = parse(xml11)('testsuite').first().children('testcase');
    expect(cases11).toHaveLength(sample11.rules!.length + 1);
    expect(cases11.last().attr('classname')).toBe(`x"y<z>${carried}`);
  });
});

describe('renderJunit on a 1.1 report', () => {
  const xml = renderJunit(sample11, { failOn: 'high' });
  const $ = parse(xml);
  const ruleIds = sample11.rules!.map((r) => r.id);

  it('has one test case per rule result of the site, named with the report\'s titles', () => {
    expect(wellFormednessProblems(xml)).toEqual([]);
    $('testsuite').each((i, s) => {
      const site = sample11.sites[i]!;
      const cases = $(s).children('testcase');
      expect(cases.map((_, c) => $(c).attr('classname')).get()).toEqual(site.ruleResults!.map((r) => r.ruleId));
      expect(cases.map((_, c) => $(c).attr('name')).get()).toEqual(site.ruleResults!.map((r) => `${r.title} (${site.url})`));
      expect(num($(s).attr('tests'))).toBe(ruleIds.length);
    });
    expect(num($('testsuites').attr('tests'))).toBe(ruleIds.length * sample11.sites.length);
  });

  it('a disabled or not-applicable rule is a skipped case, never a passing one; a pass is an empty case', () => {
    $('testsuite').each((i, s) => {
      const site = sample11.sites[i]!;
      const disabled = $(s).children(`testcase[classname="${DISABLED_RULE}"]`);
      expect(disabled.children('skipped').attr('message')).toBe('Disabled in the configuration');
      expect(disabled.children('failure, system-out')).toHaveLength(0);
      const notApplicable = $(s).children(`testcase[classname="${NOT_APPLICABLE_RULE}"]`);
      expect(notApplicable.children('skipped').attr('message')).toBe(`Not applicable: ${NOT_APPLICABLE_REASON}`);
      expect($(s).attr('skipped')).toBe('2');
      for (const result of site.ruleResults!.filter((r) => r.outcome === 'pass')) {
        expect($(s).children(`testcase[classname="${result.ruleId}"]`).children()).toHaveLength(0);
      }
    });
    expect($('skipped')).toHaveLength(2 * sample11.sites.length);
    // Failures are the same as for the 1.0 report of the same scan.
    expect(num($('testsuites').attr('failures'))).toBe(num(parse(renderJunit(sample, { failOn: 'high' }))('testsuites').attr('failures')));
  });

  it('a rule this version does not have renders with the report\'s title; a rule that could not run is noted, not failed', () => {
    const report = structuredClone(sample11);
    const site = report.sites[1]!;
    report.rules!.push({ id: 'retired-rule', title: 'A rule of another version', severity: 'high', references: ['GDPR Art. 5'], rationale: 'r', remediation: 'm', checks: 'c', docPath: 'rules/retired-rule.md' });
    site.ruleResults!.push({ ruleId: 'retired-rule', title: 'A rule of another version', outcome: 'fail', findings: 1 });
    site.findings.push(finding({ ruleId: 'retired-rule', severity: 'high', message: 'Retired rule fired.' }));
    site.ruleResults!.find((r) => r.ruleId === 'embed-before-consent')!.outcome = 'needs-review';
    site.ruleResults!.find((r) => r.ruleId === 'embed-before-consent')!.reason = 'rule embed-before-consent failed: boom';
    site.findings = site.findings.filter((f) => f.ruleId !== 'embed-before-consent');
    const $$ = parse(renderJunit(report, { failOn: 'high' }));
    const retired = $$('testsuite').eq(1).children('testcase[classname="retired-rule"]');
    expect(retired.attr('name')).toBe(`A rule of another version (${site.url})`);
    expect(retired.children('failure').attr('message')).toBe('1 finding at or above high: Retired rule fired.');
    const broken = $$('testsuite').eq(1).children('testcase[classname="embed-before-consent"]');
    expect(broken.children('failure, skipped')).toHaveLength(0);
    expect(broken.children('system-out').text()).toBe('Needs review: rule embed-before-consent failed: boom');
  });
});
