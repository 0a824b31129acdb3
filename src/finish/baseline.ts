/**
 * Baselines (--baseline <report.json>): compare a scan with an earlier report and let only the
 * findings that are new fail the run. Findings are matched by fingerprint (see fingerprint.ts),
 * so query strings, evidence order, severity changes and message wording do not matter.
 */
import { resolve } from 'node:path';
import type { Phase } from '../model/evidence.js';
import { REPORT_SCHEMA_VERSION, type BaselineComparison, type Finding, type Report, type ResolvedFinding, type SiteReport } from '../model/report.js';
import { UsageError } from '../plan/from-args.js';
import { fingerprintFinding, pageKey, siteKey } from '../judge/fingerprint.js';
import { validateReport } from '../model/validate.js';
import { upgradeReport } from '../model/upgrade.js';
import { readSavedFile, type SavedFileProblem } from '../model/read-saved-file.js';

/** A baseline file that cannot be used: one line naming the file; the CLI exits 2 (it is a UsageError). */
export class BaselineError extends UsageError {
  constructor(
    message: string,
    /** What was wrong, as the shared reader (read-saved-file.ts) classifies it. */
    readonly problem?: SavedFileProblem,
  ) {
    super(message);
    this.name = 'BaselineError';
  }
}

const major = (version: string): string => version.split('.')[0] ?? version;

/** Just enough structure to compare with, for a report of another minor version of the schema. */
function looksComparable(data: Record<string, unknown>): boolean {
  const sites = data['sites'];
  if (!Array.isArray(sites)) return false;
  return sites.every((site: unknown) => {
    if (site === null || typeof site !== 'object') return false;
    const s = site as Record<string, unknown>;
    return (
      typeof s['url'] === 'string' &&
      Array.isArray(s['pages']) &&
      Array.isArray(s['findings']) &&
      (s['findings'] as unknown[]).every((f) => {
        if (f === null || typeof f !== 'object') return false;
        const finding = f as Record<string, unknown>;
        return typeof finding['ruleId'] === 'string' && typeof finding['severity'] === 'string' && Array.isArray(finding['evidence']);
      })
    );
  });
}

/**
 * Reads and checks a baseline report (a report.json written by gdpr-scan). `path` is resolved
 * against `cwd`. Throws a BaselineError with one line when the file is missing, unreadable, not
 * JSON, not a gdpr-scan report, of another major schema version, or not valid against the schema.
 * A report of another minor version of the same major is accepted when it has the fields the
 * comparison needs.
 */
export function loadBaseline(path: string, cwd = process.cwd()): Promise<Report> {
  return readSavedFile<Report>(
    path,
    {
      fileName: 'report.json',
      label: `--baseline ${path}`,
      noun: 'gdpr-scan report',
      unsupported: (data) => {
        const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
        const tool = record?.['tool'] as Record<string, unknown> | undefined;
        if (!record || typeof record['schemaVersion'] !== 'string' || tool?.['name'] !== 'gdpr-scan' || !Array.isArray(record['sites'])) return 'not a gdpr-scan report (report.json)';
        const version = record['schemaVersion'];
        return major(version) === major(REPORT_SCHEMA_VERSION)
          ? undefined
          : `report schema version ${version} cannot be compared with this version's ${REPORT_SCHEMA_VERSION}; scan again to make a new baseline`;
      },
      upgrade: upgradeReport,
      // This version's reports are checked in full; another minor version only for what the comparison needs.
      validate: (data) =>
        (data as Report).schemaVersion === REPORT_SCHEMA_VERSION ? validateReport(data) : looksComparable(data as Record<string, unknown>) ? [] : ['sites[].findings[] are missing or malformed'],
      error: (_file, problem, message) => new BaselineError(message, problem),
    },
    resolve(cwd, path),
  );
}

/** The identities a baseline finding can be known by: its stored fingerprint and the one this version computes. */
function baselineIdentities(finding: Finding, siteUrl: string): string[] {
  const computed = fingerprintFinding(finding, siteUrl);
  return finding.fingerprint && finding.fingerprint !== computed ? [finding.fingerprint, computed] : [computed];
}

/** Which pages × phases the current scan actually looked at, per site. */
function scannedPlaces(sites: readonly SiteReport[]): { sites: Set<string>; pages: Set<string> } {
  const scannedSites = new Set<string>();
  const pages = new Set<string>();
  for (const site of sites) {
    if (site.pages.length === 0) continue; // Could not be scanned: nothing there is resolved.
    const key = siteKey(site.url);
    scannedSites.add(key);
    for (const page of site.pages) {
      for (const [phase, evidence] of Object.entries(page.phases)) {
        if (evidence?.status === 'ok') pages.add(JSON.stringify([key, pageKey(page.url, site.url), phase]));
      }
    }
  }
  return { sites: scannedSites, pages };
}

/**
 * Whether the current scan looked where the baseline finding was: its site was scanned and, for a
 * finding on a page and phase, that page was loaded in that phase. A finding on a page the current
 * scan did not visit (another --max-pages, --phases, a page that failed to load) is not resolved:
 * nobody looked.
 */
function wasLookedAt(finding: Finding, siteUrl: string, scanned: ReturnType<typeof scannedPlaces>): boolean {
  const site = siteKey(siteUrl);
  if (!scanned.sites.has(site)) return false;
  if (finding.pageUrl === undefined || finding.phase === undefined) return true;
  return scanned.pages.has(JSON.stringify([site, pageKey(finding.pageUrl, siteUrl), finding.phase satisfies Phase]));
}

/**
 * Compares the findings of `sites` with `baseline` (marking the findings in place):
 *   - fills every finding's `fingerprint` (both reports; the baseline's are recomputed with this
 *     version's function, and a stored one that differs is accepted too);
 *   - marks each current finding `baseline: 'new' | 'existing'`;
 *   - returns the comparison { path, newFindings, existingFindings, resolved[] }: resolved are the
 *     baseline's findings whose fingerprint the current scan no longer has, on sites, pages and
 *     phases the current scan did look at.
 * The exit code then counts only new findings (verdict.ts); `findingsBySeverity` still counts
 * every finding: it describes the site, not the gate.
 */
export function compareFindings(sites: readonly SiteReport[], baseline: Report, path: string): BaselineComparison {
  const known = new Set<string>();
  for (const site of baseline.sites) {
    for (const finding of site.findings) for (const id of baselineIdentities(finding, site.url)) known.add(id);
  }

  const present = new Set<string>();
  let newFindings = 0;
  let existingFindings = 0;
  for (const site of sites) {
    for (const finding of site.findings) {
      const fingerprint = fingerprintFinding(finding, site.url);
      finding.fingerprint = fingerprint;
      present.add(fingerprint);
      if (known.has(fingerprint)) {
        finding.baseline = 'existing';
        existingFindings += 1;
      } else {
        finding.baseline = 'new';
        newFindings += 1;
      }
    }
  }

  const scanned = scannedPlaces(sites);
  const resolved: ResolvedFinding[] = [];
  const listed = new Set<string>();
  for (const site of baseline.sites) {
    for (const finding of site.findings) {
      const ids = baselineIdentities(finding, site.url);
      if (ids.some((id) => present.has(id)) || !wasLookedAt(finding, site.url, scanned)) continue;
      const fingerprint = ids[ids.length - 1]!;
      if (listed.has(fingerprint)) continue;
      listed.add(fingerprint);
      resolved.push({
        fingerprint,
        siteUrl: site.url,
        ruleId: finding.ruleId,
        severity: finding.severity,
        ...(finding.phase !== undefined ? { phase: finding.phase } : {}),
        ...(finding.pageUrl !== undefined ? { pageUrl: finding.pageUrl } : {}),
        message: finding.message,
      });
    }
  }
  return { path, newFindings, existingFindings, resolved };
}

