/**
 * The Markdown renderer (report.md): a short summary fit for a pull-request comment. A verdict
 * against --fail-on, a warning per consent click nothing verified, a table of sites × severities
 * and the top findings; with a baseline, the new, still present and resolved findings; then one
 * line per site on its consent clicks and on its page discovery. Renders what the report says;
 * computes no findings.
 *
 * Everything a website controls (URLs, cookie names inside messages, error texts) goes through
 * `escapeMarkdown`, so it can neither break the tables nor inject HTML, links, mentions or math.
 */
import type { Finding, Report, ResolvedFinding, Severity, SiteReport } from '../model/report.js';
import { couldNotRun as runCouldNotRun, failingFindings, gateOf, SEVERITIES_WORST_FIRST, worseFirst } from '../finish/verdict.js';
import { plural } from '../util/text.js';
import { deviceLabel } from './device-label.js';
import { clickVerdict, cmpText, CONSENT_CHOICES, consentWarnings, methodText, withdrawalText } from './consent-facts.js';
import { discoverySummary } from './discovery-notes.js';
import type { RenderOptions } from './formats.js';
import { sanitizeForTerminal } from './summary.js';

export interface MarkdownOptions extends RenderOptions {
  /** Most findings listed (without a baseline; with one, most new findings). Default 20. */
  maxFindings?: number;
  /** Most sites in the table. Default 50 (a GitHub comment holds at most 65,536 characters). */
  maxSites?: number;
}

const DEFAULT_MAX_FINDINGS = 20;
/** Still present and resolved findings are context, not news: fewer of them. */
const DEFAULT_MAX_CONTEXT = 10;
const DEFAULT_MAX_SITES = 50;
const MESSAGE_MAX = 300;
const URL_MAX = 100;

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

/**
 * Makes site-controlled text safe inline Markdown (a table cell or a list item): control
 * characters removed and line breaks flattened (sanitizeForTerminal), shortened to `maxLength`,
 * `&`, `<`, `>` as HTML entities, Markdown punctuation (pipes, backticks, emphasis, brackets,
 * math `$`) backslash-escaped, and `@` followed by a zero-width space so no one gets mentioned.
 */
export function escapeMarkdown(text: string, maxLength = MESSAGE_MAX): string {
  return sanitizeForTerminal(String(text), maxLength)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]|~!$#]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b');
}

/** A rule id in a code span when it looks like one of ours; escaped text otherwise. */
function ruleCell(ruleId: string): string {
  return /^[a-z0-9-]{1,80}$/.test(ruleId) ? `\`${ruleId}\`` : escapeMarkdown(ruleId, 80);
}

/** The page relative to its site when on the same host (shorter), else the whole URL. */
function pageCell(pageUrl: string | undefined, siteUrl: string): string {
  if (!pageUrl) return escapeMarkdown(siteUrl, URL_MAX);
  try {
    const page = new URL(pageUrl);
    const site = new URL(siteUrl);
    if (page.host === site.host) return escapeMarkdown(`${page.pathname}${page.search}`, URL_MAX);
  } catch {
    // Not a URL: shown as given, escaped.
  }
  return escapeMarkdown(pageUrl, URL_MAX);
}

interface Row {
  siteUrl: string;
  ruleId: string;
  severity: Severity;
  outcome: Finding['outcome'];
  phase?: string;
  pageUrl?: string;
  message: string;
}

/** Worst first; failures before needs-review at the same severity; otherwise report order. */
function byImportance(a: Row, b: Row): number {
  const bySeverity = worseFirst(a.severity, b.severity);
  if (bySeverity !== 0) return bySeverity;
  return (a.outcome === 'fail' ? 0 : 1) - (b.outcome === 'fail' ? 0 : 1);
}

function findingTable(rows: readonly Row[], max: number, multiSite: boolean): string[] {
  const sorted = [...rows].sort(byImportance);
  const shown = sorted.slice(0, max);
  const lines = [
    multiSite ? '| Severity | Rule | Site | Page | Phase | Finding |' : '| Severity | Rule | Page | Phase | Finding |',
    multiSite ? '|---|---|---|---|---|---|' : '|---|---|---|---|---|',
  ];
  for (const row of shown) {
    const severity = row.outcome === 'needs-review' ? `${row.severity} · needs review` : row.severity;
    const cells = [
      severity,
      ruleCell(row.ruleId),
      ...(multiSite ? [escapeMarkdown(row.siteUrl, URL_MAX)] : []),
      pageCell(row.pageUrl, row.siteUrl),
      row.phase ? escapeMarkdown(row.phase, 20) : '–',
      escapeMarkdown(row.message),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (sorted.length > shown.length) lines.push('', `_…and ${sorted.length - shown.length} more in the full report._`);
  return lines;
}

function rowOf(site: SiteReport, finding: Finding): Row {
  return { siteUrl: site.url, ...finding };
}

function rowOfResolved(finding: ResolvedFinding): Row {
  return { ...finding, outcome: 'fail' };
}

function siteStatus(site: SiteReport): string {
  if (site.error) return `error: ${escapeMarkdown(site.error, 120)}`;
  if (site.errors.length > 0) return `scanned, ${plural(site.errors.length, 'error')}`;
  return 'scanned';
}

/** Renders the report as GitHub-flavoured Markdown. Ends with a newline. */
export function renderMarkdown(report: Report, options: MarkdownOptions): string {
  const { failOn } = options;
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const maxSites = options.maxSites ?? DEFAULT_MAX_SITES;
  const all = report.sites.flatMap((site) => site.findings.map((f) => ({ site, finding: f })));
  const findings = all.map(({ finding }) => finding);
  // Same rule as the exit code: with a baseline only new findings fail the run.
  const gate = gateOf(report, failOn);
  const failing = failingFindings(findings, gate);
  const couldNotRun = runCouldNotRun(report.sites);
  const failed = failing.length > 0;
  const newWord = report.baseline ? 'new ' : '';

  const lines: string[] = [];
  if (couldNotRun) {
    lines.push('## ⚠️ GDPR scan could not run');
    const reason = report.sites.find((s) => s.error)?.error ?? report.errors[0]?.message;
    if (reason) lines.push('', escapeMarkdown(reason));
  } else if (failed) {
    lines.push(`## ❌ GDPR scan failed: ${plural(failing.length, `${newWord}finding`)} at or above ${failOn}`);
  } else if (failOn === 'none') {
    lines.push('## ✅ GDPR scan passed (fail-on: none)');
  } else {
    lines.push(`## ✅ GDPR scan passed: no ${newWord}findings at or above ${failOn}`);
  }

  const fails = findings.filter((f) => f.outcome === 'fail');
  const reviews = findings.length - fails.length;
  const bySeverity = SEVERITIES_WORST_FIRST.map((s) => `${s} ${fails.filter((f) => f.severity === s).length}`).join(', ');
  const pages = report.sites.reduce((n, s) => n + s.pages.length, 0);
  const facts = [
    `${plural(report.sites.length, 'site')}, ${plural(pages, 'page')} scanned`,
    `${plural(fails.length, 'finding')} (${bySeverity})`,
    ...(reviews > 0 ? [`${reviews} to review`] : []),
    `fail-on: ${failOn}`,
  ];
  if (report.baseline) {
    const b = report.baseline;
    facts.push(`baseline ${escapeMarkdown(b.path, 100)}: ${b.newFindings} new, ${b.existingFindings} still present, ${b.resolved.length} resolved`);
  }
  lines.push('', facts.join(' · '));
  if (report.incomplete) {
    const pending = report.incomplete.pendingSites;
    lines.push('', `> ⚠️ Incomplete: the run was interrupted; ${plural(pending.length, 'site')} not scanned (${pending.slice(0, 5).map((url) => escapeMarkdown(url, URL_MAX)).join(', ')}${pending.length > 5 ? ', …' : ''}). Run the same command with \`--resume\` to finish it.`);
  }

  // An unverified consent click changes what the findings mean: said before any table.
  for (const site of report.sites.slice(0, maxSites)) {
    for (const warning of consentWarnings(site.consent, report)) lines.push('', `> ⚠️ ${escapeMarkdown(site.url, URL_MAX)}: ${escapeMarkdown(warning.text, 600)}`);
  }

  // Sites × severities.
  if (report.sites.length > 0) {
    const newColumn = report.baseline !== undefined;
    lines.push('', `| Site | ${SEVERITIES_WORST_FIRST.map((s) => SEVERITY_LABEL[s]).join(' | ')} | Needs review |${newColumn ? ' New |' : ''} Status |`);
    lines.push(`|---|${SEVERITIES_WORST_FIRST.map(() => '---:|').join('')}---:|${newColumn ? '---:|' : ''}---|`);
    for (const site of report.sites.slice(0, maxSites)) {
      const siteFails = site.findings.filter((f) => f.outcome === 'fail');
      const cells = [
        escapeMarkdown(site.url, URL_MAX),
        ...SEVERITIES_WORST_FIRST.map((s) => String(siteFails.filter((f) => f.severity === s).length)),
        String(site.findings.length - siteFails.length),
        ...(newColumn ? [String(site.findings.filter((f) => f.baseline === 'new').length)] : []),
        siteStatus(site),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    if (report.sites.length > maxSites) lines.push('', `_…and ${report.sites.length - maxSites} more sites in the full report._`);
  }

  const multiSite = report.sites.length > 1;
  if (report.baseline) {
    const newRows = all.filter(({ finding }) => finding.baseline === 'new').map(({ site, finding }) => rowOf(site, finding));
    const oldRows = all.filter(({ finding }) => finding.baseline !== 'new').map(({ site, finding }) => rowOf(site, finding));
    const resolved = report.baseline.resolved.map(rowOfResolved);
    lines.push('', `### New (${newRows.length})`, '');
    lines.push(...(newRows.length ? findingTable(newRows, maxFindings, multiSite) : ['No new findings.']));
    lines.push('', `### Still present (${oldRows.length})`, '');
    lines.push(...(oldRows.length ? findingTable(oldRows, Math.min(maxFindings, DEFAULT_MAX_CONTEXT), multiSite) : ['None.']));
    lines.push('', `### Resolved (${resolved.length})`, '');
    lines.push(...(resolved.length ? findingTable(resolved, Math.min(maxFindings, DEFAULT_MAX_CONTEXT), multiSite) : ['None.']));
  } else if (all.length > 0) {
    lines.push('', all.length > maxFindings ? `### Top findings (${maxFindings} of ${all.length})` : `### Findings (${all.length})`, '');
    lines.push(...findingTable(all.map(({ site, finding }) => rowOf(site, finding)), maxFindings, multiSite));
  } else if (!couldNotRun) {
    lines.push('', 'No findings.');
  }

  // Context after the news: the consent step, then how the pages were found, one line per site.
  const withConsent = report.sites.slice(0, maxSites).filter((site) => !site.error && site.consent);
  if (withConsent.length > 0) {
    lines.push('', '### Consent clicks', '');
    for (const site of withConsent) {
      const c = site.consent;
      const parts = [`CMP: ${cmpText(c.cmp) ?? (c.bannerFound ? 'not identified' : 'none')}`];
      for (const choice of CONSENT_CHOICES) {
        const action = c[choice];
        if (action) parts.push(`${choice}: ${clickVerdict(action)}${action.done ? ` (${methodText(action)})` : ''}`);
      }
      if (c.withdraw) parts.push(`withdraw: ${withdrawalText(c.withdraw)}`);
      lines.push(`- ${escapeMarkdown(site.url, URL_MAX)}: ${escapeMarkdown(parts.join(' · '), 600)}`);
    }
  }
  const discovered = report.sites.slice(0, maxSites).filter((site) => site.discovery);
  if (discovered.length > 0) {
    lines.push('', '### Page discovery', '');
    for (const site of discovered) lines.push(`- ${escapeMarkdown(site.url, URL_MAX)}: ${escapeMarkdown(discoverySummary(site.discovery!), 400)}`);
  }

  const generatedBy = options.generatedBy ?? `${report.tool.name} ${report.tool.version}`;
  const device = report.plan?.device ? ` · device: ${escapeMarkdown(deviceLabel(report.plan.device), 100)}` : '';
  lines.push('', `<sub>${escapeMarkdown(generatedBy, 80)} · ${escapeMarkdown(report.finishedAt, 40)}${device}</sub>`);
  return `${lines.join('\n')}\n`;
}
