/**
 * `gdpr-scan audit <evidence.json|dir>`: judges saved evidence again with today's rules and
 * config, without a browser, and writes the reports as the scan would have (same pipeline: judge
 * and finish, batch output for several sites). What shaped the evidence (phases, pages, locale,
 * host mapping, ...) comes from the evidence; what judges it (rules, allowlists, --fail-on,
 * --baseline, classifiers) and what is written (--format, --out) from the command line and config.
 */
import type { EvidenceFile } from '../model/evidence-file.js';
import { buildScanSetup, explicitOptions } from '../plan/build.js';
import { camelCase, defaultScanArgs } from '../plan/scan-options.js';
import { UsageError, type ScanArgs } from '../plan/from-args.js';
import { EvidenceFileError, findEvidenceFiles, readEvidenceFile } from '../pipeline/evidence-file.js';
import type { CliIo } from './io.js';
import { scanAndReport } from './run-scan.js';

/** What `audit` takes from the command line (the rest comes from the evidence). */
export interface AuditArgs {
  evidence: string;
  out: string;
  format: string;
  failOn?: string;
  config?: string;
  baseline?: string;
  trackerDb?: string;
  filterList?: string[];
  quiet?: boolean;
  json?: boolean;
}

/** The scan options `audit` takes, by flag (app.ts declares them from the table); the rest of a scan's options come from the evidence. */
export const AUDIT_FLAGS = ['out', 'format', 'fail-on', 'config', 'baseline', 'tracker-db', 'filter-list', 'quiet', 'json'] as const;
const AUDIT_OPTIONS = AUDIT_FLAGS.map(camelCase);

/** The evidence-shaping settings of a scan, as `scan` would have been called (they count as typed: a config file cannot change them). */
const FROM_EVIDENCE = ['phases', 'maxPages', 'depth', 'include', 'exclude', 'ignoreRobots', 'timeout', 'quietMs', 'maxWait', 'hostMap', 'ignoreHttpsErrors', 'locale', 'userAgent', 'device', 'viewport', 'includeValues', 'concurrency'] as const;

/** Scan arguments equivalent to the ones the evidence was gathered with, plus this command's. */
function scanArgsOf(files: readonly EvidenceFile[], args: AuditArgs): ScanArgs {
  const plan = files[0]!.plan;
  return {
    ...defaultScanArgs(),
    urls: files.map((file) => file.site.url),
    out: args.out,
    format: args.format,
    phases: plan.phases.join(','),
    maxPages: plan.maxPages,
    ...(plan.maxDepth !== undefined ? { depth: plan.maxDepth } : {}),
    include: plan.include ?? [],
    exclude: plan.exclude ?? [],
    ignoreRobots: plan.ignoreRobots === true,
    timeout: plan.timeoutMs,
    quietMs: plan.quietMs,
    maxWait: plan.maxWaitMs,
    ...(plan.concurrency !== undefined ? { concurrency: plan.concurrency } : {}),
    hostMap: [...new Set(files.flatMap((file) => file.plan.hostMap))],
    ignoreHttpsErrors: plan.ignoreHttpsErrors,
    locale: plan.locale,
    userAgent: plan.userAgent,
    // Evidence written before --device existed was gathered on the desktop default.
    ...(plan.device !== undefined ? { device: plan.device.name, viewport: `${plan.device.viewport.width}x${plan.device.viewport.height}` } : {}),
    includeValues: plan.includeValues === true,
    failOn: args.failOn ?? plan.failOn,
    ...(args.config !== undefined ? { config: args.config } : {}),
    ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
    ...(args.trackerDb !== undefined ? { trackerDb: args.trackerDb } : {}),
    filterList: args.filterList ?? [],
    quiet: args.quiet === true,
    json: args.json === true,
  };
}

/**
 * Reads the evidence (a file, or every evidence.json under a directory), judges and reports it.
 * Returns the exit code the scan would have had with today's rules: 0, 1, or 2 (bad input, or
 * not one site could be scanned).
 */
export async function runAuditCommand(args: AuditArgs, io: CliIo, argv: readonly string[] = []): Promise<number> {
  let files: EvidenceFile[];
  try {
    files = await Promise.all((await findEvidenceFiles(args.evidence)).map((path) => readEvidenceFile(path)));
  } catch (error) {
    if (error instanceof EvidenceFileError) throw new UsageError(`audit: ${error.message}`);
    throw error;
  }
  const typed = new Set<string>([...FROM_EVIDENCE, ...typedOptions(argv)]);
  const setup = await buildScanSetup(scanArgsOf(files, args), process.cwd(), typed);
  return scanAndReport(setup, io, { savedEvidence: new Map(files.map((file, index) => [index, file])) });
}

/** The audit options typed on the command line, as scan option names. */
function typedOptions(argv: readonly string[]): string[] {
  const typed = explicitOptions(argv);
  return AUDIT_OPTIONS.filter((name) => typed.has(name));
}
