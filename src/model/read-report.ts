/**
 * Reading a saved report.json back: `gdpr-scan report`, --resume (and, in time, --baseline) read
 * reports the same way and say what is wrong the same way.
 */
import type { Report } from './report.js';
import { readSavedFile, SavedFileError, type SavedFileProblem } from './read-saved-file.js';
import { upgradeReport } from './upgrade.js';
import { validateReport } from './validate.js';

/** What is wrong with a report file, for callers that react to the kind rather than the wording. */
export type ReportFileProblem = SavedFileProblem;

/** A report file that cannot be used; the message is one line that starts with the path. */
export class ReportFileError extends SavedFileError {
  override name = 'ReportFileError';
}

/**
 * Reads, parses, upgrades (an older 1.x report gets today's consent shape, src/model/upgrade.ts)
 * and validates a report.json against the published schema. Throws a
 * ReportFileError: "<path>: file not found", "...: is a directory; name the report.json inside
 * it", "...: cannot be read (<code>)", "...: not JSON (<parser message>)", or "...: not a valid
 * gdpr-scan report: <first problem> (and N more problems)".
 */
export function readReportFile(path: string): Promise<Report> {
  return readSavedFile<Report>(path, {
    fileName: 'report.json',
    noun: 'gdpr-scan report',
    upgrade: upgradeReport,
    validate: validateReport,
    error: (file, problem, message) => new ReportFileError(file, problem, message),
  });
}
