/**
 * `gdpr-scan report <report.json> --format html,md,...`: re-renders a saved report without a
 * browser, and exits as the report implies for --fail-on (so CI can gate on a stored scan).
 */
import { dirname, resolve } from 'node:path';
import type { FailOn, Report } from '../model/report.js';
import { ReportFileError, readReportFile } from '../model/read-report.js';
import { parseFailOn } from '../plan/fail-on.js';
import { UsageError } from '../plan/usage-error.js';
import { FORMATS, type ReportFormat } from '../plan/plan.js';
import { exitCodeOfReport } from '../finish/verdict.js';
import { writeReports } from '../render/json.js';
import type { CliIo } from './io.js';

export interface ReportCommandArgs {
  /** The saved report.json. */
  report: string;
  /** Formats to write, comma-separated (json, html, md, sarif, junit). */
  format: string;
  /** Output directory; default: the directory of the report. */
  out?: string;
  /** Threshold; default: the one the report was made with. */
  failOn?: string;
}

const EXIT_USAGE = 2;

class ReportCommandError extends Error {}

function parseFormats(text: string): ReportFormat[] {
  const names = String(text)
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.find((name) => !FORMATS.includes(name as ReportFormat));
  if (unknown !== undefined) throw new ReportCommandError(`--format: unknown format "${unknown}" (available: ${FORMATS.join(', ')})`);
  if (names.length === 0) throw new ReportCommandError(`--format: name at least one format (${FORMATS.join(', ')})`);
  return FORMATS.filter((f) => names.includes(f));
}


/**
 * Reads a saved report.json, validates it, writes the requested formats into `out` (default: the
 * report's directory), prints the written paths and returns the exit code the report implies for
 * --fail-on. Problems (missing or invalid report, unknown format, unwritable directory) are one
 * line on stderr and exit code 2.
 */
export async function runReportCommand(args: ReportCommandArgs, io: CliIo): Promise<number> {
  try {
    const formats = parseFormats(args.format);
    const reportPath = resolve(args.report);
    const report = await readReportFile(reportPath);
    const failOn = args.failOn === undefined ? report.plan.failOn : parseFailOn(args.failOn);
    // Every renderer judges the verdict for `failOn` through the verdict module; report.json
    // stays the record of the scan as it was made.
    const exitCode = exitCodeOfReport(report, failOn);
    const outDir = resolve(args.out ?? dirname(reportPath));
    const written = await writeReports(report, outDir, formats, { failOn });
    for (const path of written) io.out(`Report: ${path}\n`);
    return exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Mistakes in the arguments or the report file; anything else happened while writing.
    const mistake = error instanceof ReportCommandError || error instanceof UsageError || error instanceof ReportFileError;
    const prefix = mistake ? 'gdpr-scan report' : 'gdpr-scan report: could not write the reports';
    io.err(`${prefix}: ${message.split('\n')[0]}\n`);
    return EXIT_USAGE;
  }
}
