/**
 * The rule engine: runs every enabled rule that applies to one classified site, checks its
 * options, renders its messages, applies the user's severity overrides and allowlists, groups and
 * deduplicates the findings and orders them. A rule that throws (or is given invalid options)
 * becomes a ScanError (stage 'rule') and the other rules still run.
 */
import { downgradeUnverified, unverifiedPassReason } from './unverified-clicks.js';
import type { ClassifiedSite, Phase, ScanError } from '../../model/evidence.js';
import { severityRank, type Finding, type FindingEvidence, type RuleDescription, type RuleOutcome, type RuleResult, type Severity } from '../../model/report.js';
import { ALL_RULES } from '../../../rules/index.js';
import { cookieAllowlist, hostAllowlist } from './allowlist.js';
import { renderMessage } from './messages.js';
import { optionDefaults, optionProblems, type OptionValue } from './options.js';
import type { Rule, RuleContext, RuleFinding, RuleId } from './types.js';

/** Most evidence items kept in one finding; the rest become one "+N more" item. */
export const MAX_EVIDENCE_ITEMS = 25;

/** One rule's settings after merging the user's config over the rule's defaults. */
export interface ResolvedRuleSettings {
  enabled: boolean;
  /** The user's override, or the rule's default severity. */
  severity: Severity;
  /** The user's options over the defaults in the rule's meta.options. */
  options: Record<string, OptionValue>;
}

/** What the engine needs from the config file, complete for every rule (see resolveRuleConfig in src/plan/config.ts). */
export interface ResolvedRuleConfig {
  rules: Record<RuleId, ResolvedRuleSettings>;
  allowlist: {
    /** `example.com` (host and subdomains) or `*.example.com` (subdomains only). */
    hosts: string[];
    /** `name`, `prefix*`, either optionally followed by `@domain`. */
    cookies: string[];
  };
}

const SEVERITY_BY_RANK: Readonly<Record<number, Severity>> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };

/**
 * The severity a finding gets. The user's override replaces the rule's default; a finding the
 * rule lowered (e.g. a recipient certified under the Data Privacy Framework) stays lowered by the
 * same number of steps, never below low. A rule cannot raise its own severity.
 */
export function effectiveSeverity(ruleDefault: Severity, configured: Severity, findingSeverity?: Severity): Severity {
  if (findingSeverity === undefined) return configured;
  const steps = Math.max(0, severityRank[ruleDefault] - severityRank[findingSeverity]);
  return SEVERITY_BY_RANK[Math.max(1, severityRank[configured] - steps)]!;
}

function defaultSettings(rule: Rule): ResolvedRuleSettings {
  return { enabled: true, severity: rule.meta.severity, options: { ...optionDefaults(rule.meta.options ?? {}) } };
}

/** The rule's settings in `config`; rules the config does not know (a test's stand-in) get their defaults. */
function settingsOf(rule: Rule, config: ResolvedRuleConfig): ResolvedRuleSettings {
  return (config.rules as Partial<Record<string, ResolvedRuleSettings>>)[rule.meta.id] ?? defaultSettings(rule);
}

/** Request evidence is deduplicated by host and path (the query string differs on every hit); other evidence by value. */
function evidenceKey(item: FindingEvidence): string {
  if (item.kind === 'request') {
    try {
      const url = new URL(item.value.replace(/…$/, ''));
      return `request ${url.host}${url.pathname}`;
    } catch {
      // Not a URL (data:, a malformed value): the value itself is the key.
    }
  }
  return `${item.kind} ${item.value}`;
}

/** Deduplicates evidence (keeping the first of each kind, with a count) and caps it at MAX_EVIDENCE_ITEMS. */
export function compactEvidence(items: readonly FindingEvidence[]): FindingEvidence[] {
  const byKey = new Map<string, { item: FindingEvidence; count: number }>();
  for (const item of items) {
    const key = evidenceKey(item);
    const entry = byKey.get(key);
    if (entry) entry.count += 1;
    else byKey.set(key, { item, count: 1 });
  }
  const unique = [...byKey.values()].map(({ item, count }) => {
    if (count === 1 || item.kind !== 'request') return item;
    const note = `${count} requests to this address`;
    return { ...item, detail: item.detail ? `${item.detail}; ${note}` : note };
  });
  if (unique.length <= MAX_EVIDENCE_ITEMS) return unique;
  const kept = unique.slice(0, MAX_EVIDENCE_ITEMS - 1);
  const rest = unique.length - kept.length;
  return [...kept, { kind: 'other', value: `+${rest} more`, detail: `${rest} more items of evidence not listed` }];
}

function groupKey(f: Pick<Finding, 'ruleId' | 'pageUrl' | 'phase' | 'outcome'>): string {
  // The outcome is part of the key: merging a needs-review into a fail would turn a doubt into a verdict.
  return JSON.stringify([f.ruleId, f.pageUrl ?? '', f.phase ?? '', f.outcome]);
}

/** One finding per rule, page, phase and outcome, with deduplicated and capped evidence. */
export function groupFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, { finding: Finding; messages: string[]; evidence: FindingEvidence[] }>();
  for (const f of findings) {
    const key = groupKey(f);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { finding: f, messages: [f.message], evidence: [...f.evidence] });
      continue;
    }
    if (!group.messages.includes(f.message)) group.messages.push(f.message);
    group.evidence.push(...f.evidence);
    if (severityRank[f.severity] > severityRank[group.finding.severity]) group.finding = { ...group.finding, severity: f.severity };
  }
  return [...groups.values()].map(({ finding, messages, evidence }) => ({
    ...finding,
    message: messages.join(' '),
    evidence: compactEvidence(evidence),
  }));
}

const PHASE_ORDER: Readonly<Record<Phase, number>> = { before: 0, accept: 1, reject: 2, withdraw: 3 };

/** Worst first, then by rule id, then in the order the pages were visited, then by phase; fails before needs-review. */
export function sortFindings(findings: readonly Finding[], site: Pick<ClassifiedSite, 'pages'>): Finding[] {
  const pageIndex = new Map(site.pages.map((p, i) => [p.url, i]));
  const pageOf = (f: Finding) => (f.pageUrl === undefined ? -1 : (pageIndex.get(f.pageUrl) ?? site.pages.length));
  const phaseOf = (f: Finding) => (f.phase === undefined ? -1 : PHASE_ORDER[f.phase]);
  return [...findings].sort(
    (a, b) =>
      severityRank[b.severity] - severityRank[a.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      pageOf(a) - pageOf(b) ||
      (a.pageUrl ?? '').localeCompare(b.pageUrl ?? '') ||
      phaseOf(a) - phaseOf(b) ||
      (a.outcome === b.outcome ? 0 : a.outcome === 'fail' ? -1 : 1),
  );
}

/** The report's finding: the rule's fields, the rendered message, the effective severity and the references. */
function toFinding(rule: Rule, settings: ResolvedRuleSettings, f: RuleFinding): Finding {
  const template = rule.messages[f.messageId];
  // Typed away in rule modules; a rule built by hand can still name a message it lacks.
  if (template === undefined) throw new Error(`unknown messageId "${f.messageId}"`);
  return {
    ruleId: rule.meta.id,
    severity: effectiveSeverity(rule.meta.severity, settings.severity, f.severity),
    outcome: f.outcome,
    ...(f.phase !== undefined ? { phase: f.phase } : {}),
    ...(f.pageUrl !== undefined ? { pageUrl: f.pageUrl } : {}),
    messageId: f.messageId,
    message: renderMessage(template, f.data),
    evidence: f.evidence,
    references: [...rule.meta.references],
  };
}

/** What the engine returns for one site. */
export interface RuleRun {
  findings: Finding[];
  /** One per rule given, in their order: what it concluded on this site. */
  results: RuleResult[];
  /** Rules that threw or were given invalid options (stage 'rule'); their result is needs-review with the reason. */
  errors: ScanError[];
}

/** The report's description of a rule: what renderers show without a rule registry. */
export function describeRule(rule: Rule): RuleDescription {
  const { id, title, severity, references, rationale, remediation, checks } = rule.meta;
  return { id, title, severity, references: [...references], rationale, remediation, checks, docPath: `rules/${id}.md` };
}

/** A rule's outcome from its findings: any fail wins, then needs-review, else pass. */
function outcomeOf(findings: readonly Finding[]): RuleOutcome {
  if (findings.some((f) => f.outcome === 'fail')) return 'fail';
  return findings.length > 0 ? 'needs-review' : 'pass';
}

/** Why one rule did not judge the site: switched off, nothing to judge, or it could not run. */
type Skip = { outcome: 'disabled' } | { outcome: 'not-applicable'; reason: string } | { outcome: 'failed'; reason: string };

/** Runs one rule: its findings, or why it gave none. Throws what the rule throws. */
function runRule(rule: Rule, site: ClassifiedSite, settings: ResolvedRuleSettings, base: Omit<RuleContext, 'options'>): Finding[] | Skip {
  if (!settings.enabled) return { outcome: 'disabled' };
  const options = { ...defaultSettings(rule).options, ...settings.options };
  const problems = optionProblems(rule.meta.options ?? {}, options);
  if (problems.length > 0) return { outcome: 'failed', reason: `rule ${rule.meta.id} not run: invalid options: ${problems.join('; ')}` };
  const applies = rule.appliesTo?.(site) ?? true;
  if (applies !== true) return { outcome: 'not-applicable', reason: applies };
  const clicks = rule.meta.consentClicks ?? [];
  return rule.check(site, { ...base, options }).map((f) => downgradeUnverified(toFinding(rule, settings, f), site, clicks));
}

/**
 * Runs every enabled rule on `site`. `rules` defaults to the registry (rules/index.ts); tests
 * pass their own. Rules missing from `config.rules` run with their defaults.
 */
export function runRules(site: ClassifiedSite, config: ResolvedRuleConfig, rules: readonly Rule[] = ALL_RULES): RuleRun {
  const base = { isAllowedHost: hostAllowlist(config.allowlist.hosts), isAllowedCookie: cookieAllowlist(config.allowlist.cookies) };
  const raw: Finding[] = [];
  const errors: ScanError[] = [];
  const skipped = new Map<string, Skip>();
  for (const rule of rules) {
    let outcome: Finding[] | Skip;
    try {
      outcome = runRule(rule, site, settingsOf(rule, config), base);
    } catch (error) {
      outcome = { outcome: 'failed', reason: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (Array.isArray(outcome)) raw.push(...outcome);
    else skipped.set(rule.meta.id, outcome);
    if (!Array.isArray(outcome) && outcome.outcome === 'failed') errors.push({ stage: 'rule', message: outcome.reason, pageUrl: site.finalUrl ?? site.url });
  }
  const findings = sortFindings(groupFindings(raw), site);
  const results = rules.map((rule): RuleResult => {
    const { id, title } = rule.meta;
    const own = findings.filter((f) => f.ruleId === id);
    const base = { ruleId: id, title, findings: own.length };
    const skip = skipped.get(id);
    if (skip === undefined) {
      const outcome = outcomeOf(own);
      const doubt = outcome === 'pass' ? unverifiedPassReason(site, rule.meta.consentClicks ?? [], own) : undefined;
      return doubt ? { ...base, outcome: 'needs-review', reason: doubt } : { ...base, outcome };
    }
    // A rule that could not run could not decide: a person must look (its findings so far are dropped with it).
    if (skip.outcome === 'failed') return { ...base, outcome: 'needs-review', reason: skip.reason };
    return skip.outcome === 'disabled' ? { ...base, outcome: 'disabled' } : { ...base, outcome: 'not-applicable', reason: skip.reason };
  });
  return { findings, results, errors };
}
