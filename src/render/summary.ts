/**
 * The short human summary printed on stdout after a scan (logs go to stderr; `--format json`
 * output is never mixed with this). Renders facts already in the report; computes no findings.
 */
import { PHASES, type ConsentActionRecord, type Phase, type ScanError } from '../model/evidence.js';
import type { Report, Severity, SiteReport } from '../model/report.js';
import { SEVERITIES_WORST_FIRST } from '../finish/verdict.js';
import { plural } from '../util/text.js';
import { deviceLabel } from './device-label.js';
import { clickVerdict, cmpText, consentWarnings, methodText, withdrawalText } from './consent-facts.js';

export interface SummaryOptions {
  /** Use ANSI colours (only when stdout is a terminal that wants them). */
  color: boolean;
  /** The command's exit code when it differs from the one the report implies (the demo), and why. */
  commandExit?: { code: number; why: string };
}

// ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings (ended by
// BEL or ESC \, or running to the end of the text), then any other two-byte ESC sequence.
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|[\u001b][\]PX^_][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|[\u009d\u0090\u0098\u009e\u009f][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\s\S]?/g;
// Line breaks, tabs and runs of spaces become one space, so one value cannot forge extra lines
// (or a fake aligned column) of output.
const BREAKS = /[\s\u0085]+/g;
// Remaining C0/C1 controls and DEL; bidirectional overrides and isolates, which can make text
// display in a different order than it reads ("Trojan source").
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes a string a site controls (URL, CMP name, cookie name, error message) safe to print on a
 * terminal: removes ANSI/VT escape sequences and every other control character, turns line
 * breaks and whitespace runs into one space, and shortens it to `maxLength` characters (with "…").
 */
export function sanitizeForTerminal(text: string, maxLength = 200): string {
  const clean = String(text).replace(ESCAPE_SEQUENCES, '').replace(BREAKS, ' ').replace(INVISIBLE, '');
  const chars = Array.from(clean);
  return chars.length > maxLength ? `${chars.slice(0, Math.max(0, maxLength - 1)).join('')}…` : clean;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow';
const ANSI: Readonly<Record<Style, readonly [string, string]>> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
};

const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  before: 'before consent',
  accept: 'after accept',
  reject: 'after reject',
  withdraw: 'after withdrawal',
};

/** Top third-party hosts listed per phase line. */
const TOP_HOSTS = 3;
const LABEL_WIDTH = 24;

/** Renders the report as a few aligned lines per site plus totals. Ends with a newline. */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text;
  const safe = (text: string, max?: number): string => sanitizeForTerminal(text, max);
  const row = (label: string, value: string): string => `  ${label.padEnd(LABEL_WIDTH)}${value}`;
  const yesNo = (value: boolean | null | undefined): string =>
    value === true ? 'yes' : value === false ? 'no' : paint('dim', 'n/a');

  const lines: string[] = [];
  lines.push(
    paint('bold', `${safe(report.tool.name, 40)} ${safe(report.tool.version, 40)}`) +
      ` · ${plural(report.summary.sites, 'site')}` +
      ` · ${plural(report.summary.pages, 'page')}` +
      (report.browser ? ` · Chromium ${safe(report.browser.version, 40)}` : '') +
      (report.plan?.device ? ` · device: ${safe(deviceLabel(report.plan.device), 100)}` : ''),
  );

  for (const site of report.sites) {
    lines.push('');
    lines.push(paint('bold', safe(site.url)));
    if (site.finalUrl && site.finalUrl !== site.url) lines.push(row('final URL', safe(site.finalUrl)));
    lines.push(row('status', site.error ? paint('red', `error: ${safe(site.error)}`) : paint('green', 'scanned')));
    if (site.error && site.pages.length === 0) {
      lines.push(...siteTail(site));
      continue;
    }
    const cmp = cmpText(site.consent.cmp);
    lines.push(row('CMP', cmp ? safe(cmp, 120) : 'no CMP identified'));
    lines.push(row('banner found', site.consent.inconclusive && !site.consent.bannerFound ? `${yesNo(false)} ${paint('yellow', `(inconclusive: ${safe(site.consent.inconclusive, 80)})`)}` : yesNo(site.consent.bannerFound)));
    lines.push(row('reject on first layer', site.consent.bannerFound ? yesNo(site.consent.rejectOnFirstLayer) : paint('dim', 'n/a')));
    if (report.plan.phases.includes('accept') || site.consent.accept) lines.push(row('accept all', action(site.consent.accept)));
    if (report.plan.phases.includes('reject') || site.consent.reject) lines.push(row('reject all', action(site.consent.reject)));
    if (report.plan.phases.includes('withdraw') || site.consent.withdraw) lines.push(row('withdraw', safe(withdrawalText(site.consent.withdraw), 200)));
    for (const warning of consentWarnings(site.consent, report)) lines.push(row('', paint('yellow', `! ${safe(warning.text, 400)}`)));
    for (const phase of PHASES) {
      const stats = phaseStats(site, phase);
      if (stats) lines.push(row(PHASE_LABELS[phase], stats));
    }
    lines.push(...siteTail(site));
  }

  lines.push('');
  const s = report.summary;
  lines.push(paint('bold', 'Total'));
  lines.push(row('sites', `${s.sites}${s.sitesWithErrors ? paint('red', ` (${s.sitesWithErrors} could not be scanned)`) : ''}`));
  lines.push(row('requests', `${s.requests} (${s.thirdPartyRequests} third-party)`));
  lines.push(row('cookies', `${s.cookies}`));
  if (report.errors.length) lines.push(row('errors', paint('red', errorList(report.errors))));
  lines.push(row('findings (fail)', severityCounts(s.findingsBySeverity)));
  const review = report.sites.reduce((n, site) => n + site.findings.filter((f) => f.outcome === 'needs-review').length, 0);
  if (review) lines.push(row('needs review', paint('yellow', String(review))));
  const exit = options.commandExit;
  lines.push(row('exit code', exit && exit.code !== s.exitCode ? `${exit.code} (${exit.why}; the findings alone would give ${s.exitCode}, fail on: ${report.plan.failOn})` : `${s.exitCode} (fail on: ${report.plan.failOn})`));
  return `${lines.join('\n')}\n`;

  /** "done, verified (consent-record) · autoconsent rule "Klaro"", "done, NOT verified: <why> · …", "not done (none, <why>)". */
  function action(record: ConsentActionRecord | undefined): string {
    if (!record) return paint('dim', 'not attempted');
    if (!record.done) return `${paint('red', 'not done')} (${[record.method, ...(record.detail ? [safe(record.detail, 80)] : [])].join(', ')})`;
    const how = [safe(methodText(record), 100)];
    if (record.method === 'autoconsent' && record.selfTest === true) how.push('self-test passed');
    if (record.method === 'autoconsent' && record.selfTest === false) how.push(paint('yellow', 'self-test failed'));
    const verdict = safe(clickVerdict(record), 120);
    return `done, ${record.verified ? paint('green', verdict) : paint('red', verdict)} · ${how.join(', ')}`;
  }

  function phaseStats(site: SiteReport, phase: Phase): string | undefined {
    const evidence = site.pages.map((p) => p.phases[phase]).filter((e) => e !== undefined);
    if (evidence.length === 0) return undefined;
    let requests = 0;
    const thirdPartyHosts = new Map<string, number>();
    const trackerHosts = new Set<string>();
    const unknownHosts = new Set<string>();
    const cookies = new Map<string, boolean>();
    for (const e of evidence) {
      requests += e.requests.length;
      for (const r of e.requests) {
        if (r.firstParty) continue;
        thirdPartyHosts.set(r.host, (thirdPartyHosts.get(r.host) ?? 0) + 1);
        if (r.service?.tracking) trackerHosts.add(r.host);
        // Unknown is said as such: neither hidden nor called a tracker.
        if (!r.service) unknownHosts.add(r.host);
      }
      for (const c of e.cookies) cookies.set(JSON.stringify([c.name, c.domain, c.path]), c.firstParty);
    }
    const thirdPartyRequests = [...thirdPartyHosts.values()].reduce((a, b) => a + b, 0);
    const firstPartyCookies = [...cookies.values()].filter(Boolean).length;
    const thirdPartyCookies = cookies.size - firstPartyCookies;
    const top = [...thirdPartyHosts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_HOSTS)
      .map(([host]) => safe(host, 60));
    const more = thirdPartyHosts.size - top.length;
    const failed = evidence.filter((e) => e.status === 'error').length;
    const hosts = thirdPartyHosts.size
      ? ` to ${plural(thirdPartyHosts.size, 'host')} (${top.join(', ')}${more > 0 ? `, +${more}` : ''})`
      : '';
    const parts = [
      `${plural(requests, 'request')}, ${thirdPartyRequests === 0 ? '0' : paint('yellow', String(thirdPartyRequests))} third-party${hosts}`,
      `cookies: ${firstPartyCookies} first-party, ${thirdPartyCookies === 0 ? '0' : paint('yellow', String(thirdPartyCookies))} third-party`,
    ];
    if (trackerHosts.size) parts.push(paint('red', `${plural(trackerHosts.size, 'tracker host')}`));
    if (unknownHosts.size) {
      const names = [...unknownHosts].sort().slice(0, TOP_HOSTS).map((h) => safe(h, 60));
      parts.push(`unknown third parties: ${names.join(', ')}${unknownHosts.size > names.length ? `, +${unknownHosts.size - names.length}` : ''}`);
    }
    if (failed) parts.push(paint('red', `${plural(failed, 'page')} failed`));
    return parts.join(' · ');
  }

  function siteTail(site: SiteReport): string[] {
    const out: string[] = [];
    out.push(row('errors', site.errors.length ? paint('red', errorList(site.errors)) : '0'));
    const fails: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    let review = 0;
    for (const f of site.findings) {
      if (f.outcome === 'fail') fails[f.severity] += 1;
      else review += 1;
    }
    out.push(row('findings', `${severityCounts(fails)}${review ? paint('yellow', ` · ${review} needs review`) : ''}`));
    // One line per rule (findings are already ordered by severity), so the terminal says what to look at.
    const byRule = new Map<string, { severity: Severity; outcome: string; phases: Set<string>; pages: Set<string> }>();
    for (const f of site.findings) {
      const key = `${f.ruleId}\u0000${f.outcome}`;
      const entry = byRule.get(key) ?? { severity: f.severity, outcome: f.outcome, phases: new Set<string>(), pages: new Set<string>() };
      if (f.phase) entry.phases.add(f.phase);
      if (f.pageUrl) entry.pages.add(f.pageUrl);
      byRule.set(key, entry);
    }
    for (const [key, entry] of byRule) {
      const ruleId = key.split('\u0000')[0];
      const label = entry.outcome === 'fail' ? entry.severity : 'review';
      const where = [entry.phases.size ? [...entry.phases].join('/') : '', entry.pages.size ? `${plural(entry.pages.size, 'page')}` : '']
        .filter(Boolean)
        .join(', ');
      const color = entry.outcome !== 'fail' ? 'yellow' : entry.severity === 'high' || entry.severity === 'critical' ? 'red' : 'yellow';
      out.push(`    ${paint(color, label.padEnd(8))} ${safe(ruleId)}${where ? ` (${where})` : ''}`);
    }
    return out;
  }

  function errorList(errors: readonly ScanError[]): string {
    const byStage = new Map<string, number>();
    for (const e of errors) byStage.set(e.stage, (byStage.get(e.stage) ?? 0) + 1);
    return `${errors.length} (${[...byStage].map(([stage, n]) => `${stage} ${n}`).join(', ')})`;
  }

  function severityCounts(counts: Record<Severity, number>): string {
    return SEVERITIES_WORST_FIRST.map((sev) => {
        const text = `${sev} ${counts[sev]}`;
        if (counts[sev] === 0) return text;
        return paint(sev === 'critical' || sev === 'high' ? 'red' : 'yellow', text);
      })
      .join(', ');
  }
}

