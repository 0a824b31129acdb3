/**
 * Reading a saved report.json back: `gdpr-scan report`, --resume (and, in time, --baseline) read
 * reports the same way and say what is wrong the same way.
 */
import { readFile } from 'node:fs/promises';
import type { Report } from './report.js';
import { validateReport } from './validate.js';

/** What is wrong with a report file, for callers that react to the kind rather than the wording. */
export type ReportFileProblem = 'not-found' | 'directory' | 'unreadable' | 'not-json' | 'invalid';

/** A report file that cannot be used; the message is one line that starts with the path. */
export class ReportFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: ReportFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ReportFileError';
  }
}

/**
 * Reads, parses and validates a report.json against the published schema. Throws a
 * ReportFileError: "<path>: file not found", "...: is a directory; name the report.json inside
 * it", "...: cannot be read (<code>)", "...: not JSON (<parser message>)", or "...: not a valid
 * gdpr-scan report: <first problem> (and N more problems)".
 */
export async function readReportFile(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReportFileError(path, 'not-found', `${path}: file not found`);
    if (code === 'EISDIR') throw new ReportFileError(path, 'directory', `${path}: is a directory; name the report.json inside it`);
    throw new ReportFileError(path, 'unreadable', `${path}: cannot be read (${code ?? (error as Error).message.split('\n')[0]})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(path, 'not-json', `${path}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const problems = validateReport(data);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new ReportFileError(path, 'invalid', `${path}: not a valid gdpr-scan report: ${problems[0]}${more}`);
  }
  return data as Report;
}
