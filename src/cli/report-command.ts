/**
 * `gdpr-scan report <report.json> --format html,md,...`: re-renders a saved report without a
 * browser, and exits as the report implies for --fail-on (so CI can gate on a stored scan).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SEVERITIES, type FailOn, type Report } from '../model/report.js';
import { FORMATS, type ReportFormat } from '../plan/plan.js';
import { exitCodeOfReport } from '../finish/verdict.js';
import { writeReports } from '../render/json.js';
import { validateReport } from '../model/validate.js';
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

function parseFailOn(text: string): FailOn {
  const value = String(text).trim().toLowerCase();
  if (value === 'none' || SEVERITIES.includes(value as never)) return value as FailOn;
  throw new ReportCommandError(`--fail-on: "${text}" is not one of none, ${SEVERITIES.join(', ')}`);
}

async function loadReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReportCommandError(`${path}: file not found`);
    if (code === 'EISDIR') throw new ReportCommandError(`${path}: is a directory; name the report.json inside it`);
    throw new ReportCommandError(`${path}: cannot be read (${code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportCommandError(`${path}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const problems = validateReport(data);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new ReportCommandError(`${path}: not a valid gdpr-scan report: ${problems[0]}${more}`);
  }
  return data as Report;
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
    const report = await loadReport(reportPath);
    const failOn = args.failOn === undefined ? report.plan.failOn : parseFailOn(args.failOn);
    const exitCode = exitCodeOfReport(report, failOn);
    // Renderers show the verdict of report.summary.exitCode; judged again for this threshold. The
    // report.json written stays the record of the scan as it was made.
    const judged: Report = exitCode === report.summary.exitCode ? report : { ...report, summary: { ...report.summary, exitCode } };
    const outDir = resolve(args.out ?? dirname(reportPath));
    const written: string[] = [];
    if (formats.includes('json')) written.push(...(await writeReports(report, outDir, ['json'], { failOn })));
    const others = formats.filter((f) => f !== 'json');
    if (others.length > 0) written.push(...(await writeReports(judged, outDir, others, { failOn })));
    for (const path of written) io.out(`Report: ${path}\n`);
    return exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const prefix = error instanceof ReportCommandError ? 'gdpr-scan report' : 'gdpr-scan report: could not write the reports';
    io.err(`${prefix}: ${message.split('\n')[0]}\n`);
    return EXIT_USAGE;
  }
}
