/**
 * The portfolio index as HTML (index.html): one self-contained page for the agency's client that
 * ranks the sites of a batch and links each site's own report. Same guarantees as report.html
 * (src/render/html/render.ts): inline CSS and script only, no external request, a strict
 * Content-Security-Policy hashed from the exact inline texts.
 *
 * Safety: everything a website controls (URL, final URL, error message, CMP name, rule ids read
 * back from a resumed report) reaches the page through `{{ }}` escaping. The only hrefs are the
 * relative, percent-encoded paths buildPortfolioIndex made from our own report folders: a site URL
 * is shown as text and never becomes a link, so a `javascript:` URL cannot be clicked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { PortfolioConsent, PortfolioEntry, PortfolioIndex } from '../model/portfolio.js';
import type { FailOn, RuleDescription, Severity } from '../model/report.js';
import { plural } from '../util/text.js';
import { contentSecurityPolicy, HTML_TEMPLATE_DIR, inlineAssets, type PageAssets } from './html/assets.js';
import { SEVERITIES_WORST_FIRST } from '../finish/verdict.js';
import { formatDate } from './html/format.js';
import { FAIL_ON_LABELS, SEVERITY_LABELS } from './html/labels.js';

export interface PortfolioHtmlOptions {
  /** Free text for the footer, e.g. "gdpr-scan 0.1.0 in CI job 1234". */
  generatedBy?: string;
  /**
   * Titles for the index's rule ids, e.g. the `rules` of the sites' reports. The index itself
   * names rules only by id, and a renderer never asks this version's rule registry (it may not
   * have judged the batch), so a rule without a title here is shown by its id.
   */
  rules?: readonly Pick<RuleDescription, 'id' | 'title'>[];
}

let cached: PageAssets | undefined;

/**
 * Reads the template once per process. The stylesheet is report.css (the same look as the site
 * reports) plus index.css; the script is report.js, which makes `table.sortable` sortable.
 */
function loadAssets(): PageAssets {
  if (cached) return cached;
  const { css, script } = inlineAssets(['report.css', 'index.css'], 'report.js');
  const template = Handlebars.create().compile(readFileSync(join(HTML_TEMPLATE_DIR, 'index.hbs'), 'utf8').trim(), { strict: false, preventIndent: true });
  // The index shows no images: no img-src at all.
  cached = { template, css, script, csp: contentSecurityPolicy(css, script, { images: false }) };
  return cached;
}

/** Sort key of the verdict column: the ranking's groups. */
const BADGE_ORDER: Readonly<Record<PortfolioEntry['status'], number>> = { fail: 0, 'needs-review': 1, pass: 2, error: 3, pending: 4 };


/** A banner and a reject option on its first layer are both what the law expects: yes is good. */
function yesNo(value: boolean | null): { text: string; tone: 'good' | 'bad' | 'muted' } {
  if (value === null) return { text: 'not determined', tone: 'muted' };
  return value ? { text: 'yes', tone: 'good' } : { text: 'no', tone: 'bad' };
}

/** The row's badge: the CI verdict first, then what the findings are. */
function badgeOf(e: PortfolioEntry, failOn: FailOn): { kind: string; label: string; note?: string } {
  if (e.status === 'pending') return { kind: 'pending', label: 'Not scanned', note: 'not scanned yet — rerun with --resume' };
  if (e.status === 'error') return { kind: 'error', label: 'Error' };
  if (e.verdict === 'fail') return { kind: 'fail', label: 'Fail' };
  if (e.status === 'fail') {
    const note = failOn === 'none' ? 'findings never fail (--fail-on none)' : `none ${e.baselineCompared ? 'new ' : ''}at ${FAIL_ON_LABELS[failOn]}`;
    return { kind: 'warn', label: 'Findings', note };
  }
  if (e.status === 'needs-review') return { kind: 'review', label: 'Review' };
  return { kind: 'pass', label: 'Pass' };
}

function rowView(e: PortfolioEntry, failOn: FailOn, ruleTitle: (ruleId: string) => string) {
  const primary = e.links?.primary;
  // Error and pending sites have no result: their counts read "—", not a reassuring 0.
  const hasResult = e.status !== 'error' && e.status !== 'pending';
  return {
    rank: e.rank,
    url: e.url,
    finalUrl: e.finalUrl !== undefined && e.finalUrl !== e.url ? e.finalUrl : undefined,
    href: primary?.href,
    otherFiles: (e.links?.files ?? []).filter((f) => f !== primary && f.href !== primary?.href),
    badge: badgeOf(e, failOn),
    badgeOrder: BADGE_ORDER[e.status],
    error: e.error,
    resumed: e.resumed === true,
    hasResult,
    counts: SEVERITIES_WORST_FIRST.map((severity: Severity) => ({ severity, count: e.findingsBySeverity[severity] })),
    needsReview: e.needsReview,
    rules: e.failedRules.slice(0, 3).map((r) => ({ ...r, title: ruleTitle(r.ruleId) })),
    moreRules: Math.max(0, e.failedRules.length - 3),
    // A banner found by the heuristics has no CMP name: say so rather than "none".
    cmp: e.consent ? (e.consent.cmp ?? (e.consent.bannerFound ? 'CMP not identified' : 'no CMP')) : undefined,
    banner: e.consent ? yesNo(e.consent.bannerFound) : undefined,
    reject: e.consent ? yesNo(e.consent.rejectOnFirstLayer) : undefined,
    clicks: e.consent ? clickViews(e.consent) : [],
    pages: hasResult ? e.pages : '—',
  };
}

/** "Accept click: verified", "Reject click: NOT verified" (with the reason): only clicks that went through. */
function clickViews(consent: PortfolioConsent): Array<{ text: string; tone: string; reason?: string }> {
  return (['accept', 'reject'] as const).flatMap((choice) => {
    const click = consent[choice];
    if (!click?.done) return [];
    const label = `${choice === 'accept' ? 'Accept' : 'Reject'} click`;
    return click.verified ? [{ text: `${label}: verified`, tone: 'good' }] : [{ text: `${label}: NOT verified`, tone: 'bad', reason: click.verification }];
  });
}

function sitesText(n: number): string {
  return plural(n, 'site');
}

function runStateOf(index: PortfolioIndex): { kind: string; text: string } {
  const { pending, sites } = index.summary;
  if (index.interrupted) return { kind: 'interrupted', text: `Interrupted: ${pending} of ${sitesText(sites)} not scanned yet — rerun with --resume to finish the batch.` };
  if (!index.complete) return { kind: 'running', text: `In progress: ${pending} of ${sitesText(sites)} still to scan; this page is rewritten as each site finishes.` };
  return { kind: 'complete', text: `Complete: every site was visited (${sitesText(sites)}).` };
}

function headline(index: PortfolioIndex): { kind: 'pass' | 'fail' | 'error'; label: string; text: string } {
  const s = index.summary;
  const threshold = FAIL_ON_LABELS[index.failOn];
  if (index.failOn === 'none') return { kind: 'pass', label: 'PASS', text: `Findings never fail this run (--fail-on none); ${s.failing} of ${sitesText(s.sites)} ${s.failing === 1 ? 'has' : 'have'} findings.` };
  if (s.failingGate > 0) return { kind: 'fail', label: 'FAIL', text: `${s.failingGate} of ${sitesText(s.sites)} ${s.failingGate === 1 ? 'has' : 'have'} findings at ${threshold}.` };
  if (s.scanned === 0) return { kind: 'error', label: 'NO RESULT', text: 'No site has been scanned successfully yet.' };
  return { kind: 'pass', label: 'PASS', text: `No site has findings at ${threshold}.` };
}

/** Renders the index as one self-contained HTML document. */
export function renderPortfolioHtml(index: PortfolioIndex, options: PortfolioHtmlOptions = {}): string {
  const assets = loadAssets();
  const s = index.summary;
  const titles = new Map((options.rules ?? []).map((rule) => [rule.id, rule.title]));
  const ruleTitle = (ruleId: string): string => titles.get(ruleId) ?? ruleId;
  return assets.template({
    title: `GDPR consent scan: ${sitesText(s.sites)}`,
    toolName: index.tool.name,
    toolVersion: index.tool.version,
    generatedBy: options.generatedBy,
    startedAt: formatDate(index.startedAt),
    finishedAt: formatDate(index.finishedAt),
    failOn: FAIL_ON_LABELS[index.failOn],
    headline: headline(index),
    runState: runStateOf(index),
    summary: s,
    severityTotals: SEVERITIES_WORST_FIRST.map((severity) => ({ severity, label: SEVERITY_LABELS[severity], count: s.findingsBySeverity[severity] })),
    rows: index.sites.map((e) => rowView(e, index.failOn, ruleTitle)),
    // Our own constant text and base64 hashes: written as is, so the policy reads plainly in the source.
    csp: new Handlebars.SafeString(assets.csp),
    // Our own files, never index data: inserted unescaped so CSS selectors and JS stay intact.
    css: new Handlebars.SafeString(assets.css),
    script: new Handlebars.SafeString(assets.script),
  });
}
