/**
 * The SARIF renderer (report.sarif): SARIF 2.1.0 for code-scanning dashboards. One run; the
 * driver lists the report's rules (those the scan ran with; for a report before schema 1.1, those
 * its findings name) with their help text and legal references; one result per finding, located
 * at the page URL. With a baseline, each result carries its baselineState and the resolved
 * findings are added as `absent` results. Renders what the report says; computes no findings.
 */
import type { Finding, Report, ResolvedFinding, RuleDescription, Severity, SiteReport } from '../model/report.js';
import type { RenderOptions } from './formats.js';
import { couldNotRun as runCouldNotRun } from '../finish/verdict.js';
import { ruleCatalog, type CatalogRule } from './rule-catalog.js';

/** Where the SARIF 2.1.0 schema is published (the URI GitHub's documentation uses). */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Key of our fingerprint in `partialFingerprints`; bump the version if the fingerprint changes. */
export const FINGERPRINT_KEY = 'gdprScan/v1';

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/** Rule severity → SARIF level. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

// The subset of the SARIF object model we write (the official types are @types/sarif; not needed
// for this much).
interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  defaultConfiguration?: { level: SarifLevel; enabled?: boolean };
  properties?: Record<string, unknown>;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string } };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: 'fail' | 'review' | 'pass';
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  baselineState?: 'new' | 'unchanged' | 'absent';
  properties: Record<string, unknown>;
}

interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
  properties?: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version: string; semanticVersion?: string; rules: SarifReportingDescriptor[] } };
    invocations: Array<{
      executionSuccessful: boolean;
      startTimeUtc?: string;
      endTimeUtc?: string;
      toolExecutionNotifications: SarifNotification[];
    }>;
    results: SarifResult[];
    properties: Record<string, unknown>;
  }>;
}

/** "tracking-before-consent" → "TrackingBeforeConsent" (SARIF's conventional rule name form). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A rule the report describes. `enabled: false` when every scanned site had it disabled. */
function descriptor(meta: RuleDescription, enabled: boolean): SarifReportingDescriptor {
  const references = meta.references.map((r) => `- ${r}`).join('\n');
  const text = [
    meta.rationale,
    `How to fix: ${meta.remediation}`,
    `What is checked: ${meta.checks.replace(/`/g, '')}`,
    `Legal references:\n${references}`,
  ].join('\n\n');
  const markdown = [
    meta.rationale,
    `**How to fix**\n\n${meta.remediation}`,
    `**What is checked**\n\n${meta.checks}`,
    `**Legal references**\n\n${references}`,
  ].join('\n\n');
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: { text, markdown },
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity], ...(enabled ? {} : { enabled: false }) },
    properties: { tags: ['privacy', 'gdpr', 'consent'], legalReferences: [...meta.references], severity: meta.severity, docPath: meta.docPath },
  };
}

/** A rule only findings name (a report before schema 1.1): its id and the references its findings carry. */
function undescribedDescriptor(id: string, references: readonly string[] = []): SarifReportingDescriptor {
  return { id, shortDescription: { text: id }, properties: { tags: ['privacy', 'gdpr'], ...(references.length ? { legalReferences: [...references] } : {}) } };
}

/** True when the report records the rule as disabled on every site it has rule results for. */
function disabledEverywhere(report: Report, ruleId: string): boolean {
  const results = report.sites.flatMap((site) => (site.ruleResults ?? []).filter((r) => r.ruleId === ruleId));
  return results.length > 0 && results.every((r) => r.outcome === 'disabled');
}

function catalogDescriptor(report: Report, rule: CatalogRule): SarifReportingDescriptor {
  return rule.description ? descriptor(rule.description, !disabledEverywhere(report, rule.id)) : undescribedDescriptor(rule.id, rule.references);
}

function location(uri: string): SarifLocation {
  return { physicalLocation: { artifactLocation: { uri: safeUri(uri) } } };
}

// Characters RFC 3986 allows in a URI (WHATWG URL serialisation leaves a few others, like `|`).
const NOT_URI = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu;
// eslint-disable-next-line no-control-regex
const UNENCODABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A valid URI reference for artifactLocation.uri: URLs normalised by the URL parser, then every
 * character RFC 3986 does not allow percent-encoded (controls and lone surrogates dropped).
 */
function safeUri(text: string): string {
  let uri: string;
  try {
    uri = new URL(text).href;
  } catch {
    uri = text;
  }
  return uri
    .replace(UNENCODABLE, '')
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(NOT_URI, (c) => encodeURIComponent(c));
}

/** Renders the report as a SARIF 2.1.0 log, 2-space indented, with a trailing newline. */
export function renderSarif(report: Report, options: RenderOptions): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

/** The SARIF log as an object (for tests and embedding). */
export function buildSarif(report: Report, options: RenderOptions): SarifLog {
  const rules = ruleCatalog(report).rules.map((rule) => catalogDescriptor(report, rule));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const indexOf = (ruleId: string): number => {
    let index = ruleIndex.get(ruleId);
    if (index === undefined) {
      // Only a resolved baseline finding can name a rule the catalog lacks (the rule is gone since).
      index = rules.push(undescribedDescriptor(ruleId)) - 1;
      ruleIndex.set(ruleId, index);
    }
    return index;
  };

  const results: SarifResult[] = [];
  const addFinding = (site: SiteReport, finding: Finding): void => {
    // SARIF §3.27.10: a result whose kind is not "fail" must have level "none".
    const review = finding.outcome === 'needs-review';
    const result: SarifResult = {
      ruleId: finding.ruleId,
      ruleIndex: indexOf(finding.ruleId),
      kind: review ? 'review' : 'fail',
      level: review ? 'none' : SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [location(finding.pageUrl ?? site.url)],
      properties: {
        siteUrl: site.url,
        ...(finding.phase ? { phase: finding.phase } : {}),
        severity: finding.severity,
        outcome: finding.outcome,
        evidence: finding.evidence,
        legalReferences: finding.references,
      },
    };
    if (finding.fingerprint) result.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
    if (report.baseline) result.baselineState = finding.baseline === 'new' ? 'new' : 'unchanged';
    results.push(result);
  };
  const addResolved = (finding: ResolvedFinding): void => {
    // Gone since the baseline: the rule passes there now, so no dashboard counts it as a problem.
    results.push({
      ruleId: finding.ruleId,
      ruleIndex: indexOf(finding.ruleId),
      kind: 'pass',
      level: 'none',
      message: { text: finding.message },
      locations: [location(finding.pageUrl ?? finding.siteUrl)],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
      baselineState: 'absent',
      properties: { siteUrl: finding.siteUrl, ...(finding.phase ? { phase: finding.phase } : {}), severity: finding.severity },
    });
  };
  for (const site of report.sites) for (const finding of site.findings) addFinding(site, finding);
  for (const finding of report.baseline?.resolved ?? []) addResolved(finding);

  const notifications: SarifNotification[] = [];
  for (const error of report.errors) {
    notifications.push({ level: 'error', message: { text: error.message }, properties: { stage: error.stage } });
  }
  for (const site of report.sites) {
    if (site.error) {
      notifications.push({ level: 'error', message: { text: `${site.url} could not be scanned: ${site.error}` }, locations: [location(site.url)], properties: { stage: 'site' } });
    }
    for (const error of site.errors) {
      notifications.push({
        level: 'warning',
        message: { text: error.message },
        locations: [location(error.pageUrl ?? site.url)],
        properties: { stage: error.stage, ...(error.phase ? { phase: error.phase } : {}) },
      });
    }
  }

  const couldNotRun = runCouldNotRun(report.sites);
  const version = report.tool.version;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gdpr-scan',
            version,
            ...(/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(version) ? { semanticVersion: version } : {}),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: !couldNotRun,
            ...(validTime(report.startedAt) ? { startTimeUtc: report.startedAt } : {}),
            ...(validTime(report.finishedAt) ? { endTimeUtc: report.finishedAt } : {}),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: {
          failOn: options.failOn,
          ...(options.generatedBy ? { generatedBy: options.generatedBy } : {}),
          ...(report.baseline ? { baseline: report.baseline.path } : {}),
          reportSchemaVersion: report.schemaVersion,
        },
      },
    ],
  };
}

/** RFC 3339 date-time, as SARIF requires (the report writes toISOString()). */
function validTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(text);
}
