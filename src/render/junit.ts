/**
 * The JUnit renderer (report.junit.xml), so any CI shows the findings natively: one test suite per
 * site, one test case per rule result of the site (the rules the scan ran with, as the report
 * records them). A test case fails when the rule has findings at or above --fail-on (with a
 * baseline: new ones only); findings below the threshold, needs-review ones and those the baseline
 * already had are listed in its <system-out>. A rule that was disabled or had nothing to judge is
 * a skipped case, never a passing one. A site that could not be scanned is one test case with an
 * <error>. Renders what the report says; computes no findings.
 */
import type { ScanError } from '../model/evidence.js';
import type { Finding, Report, RuleResult, SiteReport } from '../model/report.js';
import { failsGate, gateOf, worseFirst } from '../finish/verdict.js';
import { plural } from '../util/text.js';
import type { RenderOptions } from './formats.js';
import { ruleCatalog, siteRuleResults } from './rule-catalog.js';

// Characters XML 1.0 does not allow at all (not even as references): C0 controls except tab, line
// feed and carriage return; U+FFFE and U+FFFF; lone surrogates.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text content: characters XML cannot carry removed, `& < > " '` escaped, and carriage returns as
 * a reference (a parser would otherwise turn them into line feeds).
 */
export function escapeXml(text: string): string {
  return String(text)
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value: as text, and line breaks and tabs as references so parsers keep them. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

/** The usual JUnit timestamp: ISO 8601 without fraction or zone (the run is in UTC). */
function timestamp(iso: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(iso)?.[0];
}

function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0';
}

function describeFinding(finding: Finding, withEvidence: boolean): string {
  const where = [finding.pageUrl, finding.phase].filter(Boolean).join(', ');
  const tags = [finding.severity, ...(finding.outcome === 'needs-review' ? ['needs review'] : []), ...(finding.baseline === 'existing' ? ['in baseline'] : [])];
  const lines = [`[${tags.join(', ')}] ${where ? `${where}: ` : ''}${finding.message}`];
  if (withEvidence) {
    for (const e of finding.evidence) lines.push(`  - ${e.kind}: ${e.value}${e.detail ? ` (${e.detail})` : ''}`);
    if (finding.references.length > 0) lines.push(`  References: ${finding.references.join('; ')}`);
  }
  return lines.join('\n');
}

function errorLine(error: ScanError): string {
  return `[${error.stage}${error.phase ? `, ${error.phase}` : ''}] ${error.pageUrl ? `${error.pageUrl}: ` : ''}${error.message}`;
}

interface Suite {
  xml: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

/** Why a rule without findings did not pass: the skip message, or the needs-review note; undefined for a pass. */
function notRunText(result: RuleResult): { skipped: boolean; text: string } | undefined {
  const reason = result.reason ? `: ${result.reason}` : '';
  if (result.outcome === 'disabled') return { skipped: true, text: `Disabled in the configuration${reason}` };
  if (result.outcome === 'not-applicable') return { skipped: true, text: `Not applicable${reason}` };
  // A rule that could not run (it threw) has no findings and needs a person: noted, not failed.
  if (result.outcome === 'needs-review') return { skipped: false, text: `Needs review${reason}` };
  return undefined;
}

/** Renders the report as JUnit XML. Ends with a newline. */
export function renderJunit(report: Report, options: RenderOptions): string {
  const { failOn } = options;
  const gate = gateOf(report, failOn);
  const fails = (f: Finding): boolean => failsGate(f, gate);

  // The report's rules; for a report before schema 1.1, the rules its findings name.
  const catalog = ruleCatalog(report);

  const siteSuite = (site: SiteReport): Suite => {
    const xml: string[] = [];
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    let tests = 0;
    if (site.error) {
      tests = 1;
      errors = 1;
      xml.push(
        `    <testcase${attributes({ classname: 'gdpr-scan.site', name: `Scan (${site.url})`, time: seconds(site.durationMs) })}>`,
        `      <error${attributes({ message: `${site.url} could not be scanned: ${site.error}`, type: 'site' })}>${escapeXml([site.error, ...site.errors.map(errorLine)].join('\n'))}</error>`,
        '    </testcase>',
      );
    } else {
      for (const result of siteRuleResults(site, catalog)) {
        const ruleId = result.ruleId;
        tests += 1;
        const findings = site.findings.filter((f) => f.ruleId === ruleId);
        const failing = findings.filter(fails);
        const others = findings.filter((f) => !fails(f));
        const head = attributes({ classname: ruleId, name: `${result.title || catalog.title(ruleId)} (${site.url})`, time: '0' });
        if (failing.length === 0 && others.length === 0) {
          const notRun = notRunText(result);
          if (!notRun) {
            xml.push(`    <testcase${head}/>`);
          } else if (notRun.skipped) {
            skipped += 1;
            xml.push(`    <testcase${head}>`, `      <skipped${attributes({ message: notRun.text })}/>`, '    </testcase>');
          } else {
            xml.push(`    <testcase${head}>`, `      <system-out>${escapeXml(notRun.text)}</system-out>`, '    </testcase>');
          }
          continue;
        }
        xml.push(`    <testcase${head}>`);
        if (failing.length > 0) {
          failures += 1;
          const worst = [...failing].sort((a, b) => worseFirst(a.severity, b.severity))[0]!;
          const newWord = report.baseline ? 'new ' : '';
          const message = `${plural(failing.length, `${newWord}finding`)} at or above ${failOn}: ${worst.message}`;
          xml.push(
            `      <failure${attributes({ message, type: worst.severity })}>${escapeXml(failing.map((f) => describeFinding(f, true)).join('\n\n'))}</failure>`,
          );
        }
        if (others.length > 0) {
          const note = report.baseline
            ? `Not failing (below ${failOn}, needs review, or already in the baseline):`
            : failOn === 'none'
              ? 'Not failing (fail-on: none):'
              : `Not failing (below ${failOn} or needs review):`;
          xml.push(`      <system-out>${escapeXml([note, ...others.map((f) => describeFinding(f, true))].join('\n\n'))}</system-out>`);
        }
        xml.push('    </testcase>');
      }
    }
    if (!site.error && site.errors.length > 0) {
      // Errors on single pages or phases do not stop the scan: noted, not counted as test errors.
      xml.push(`    <system-err>${escapeXml(site.errors.map(errorLine).join('\n'))}</system-err>`);
    }
    return { xml, tests, failures, errors, skipped, timeMs: site.durationMs };
  };

  const suites: Array<Suite & { name: string }> = report.sites.map((site) => ({ name: site.url, ...siteSuite(site) }));
  if (report.errors.length > 0) {
    // Errors not tied to one site (e.g. the browser could not start): their own suite.
    suites.push({
      name: 'gdpr-scan',
      xml: report.errors.map(
        (error, i) =>
          `    <testcase${attributes({ classname: 'gdpr-scan.run', name: `Scan error ${i + 1} (${error.stage})`, time: '0' })}>\n` +
          `      <error${attributes({ message: error.message, type: error.stage })}>${escapeXml(errorLine(error))}</error>\n` +
          '    </testcase>',
      ),
      tests: report.errors.length,
      failures: 0,
      errors: report.errors.length,
      skipped: 0,
      timeMs: 0,
    });
  }

  const total = (key: 'tests' | 'failures' | 'errors'): number => suites.reduce((n, s) => n + s[key], 0);
  const runMs = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: options.generatedBy ?? `${report.tool.name} ${report.tool.version}`, tests: total('tests'), failures: total('failures'), errors: total('errors'), time: seconds(runMs) })}>`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite${attributes({ name: suite.name, tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped, time: seconds(suite.timeMs), timestamp: timestamp(report.startedAt) })}>`,
      `    <properties>${[['fail-on', failOn], ...(report.baseline ? [['baseline', report.baseline.path]] : [])]
        .map(([name, value]) => `<property${attributes({ name, value })}/>`)
        .join('')}</properties>`,
      ...suite.xml,
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
