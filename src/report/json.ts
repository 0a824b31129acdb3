/** The JSON renderer: report.json, the documented contract (reports/report.schema.json). */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../model/report.js';

/** The report as JSON: 2-space indentation, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes the requested formats into `outDir` (created when missing) and returns the paths
 * written. Only `json` (report.json) is rendered here; other renderers hook in beside it, and
 * rejecting unknown format names is the CLI's job. Each file is written under a temporary name
 * and renamed, so a watcher never reads half a report.
 */
export async function writeReports(report: Report, outDir: string, formats: readonly string[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  if (formats.includes('json')) {
    written.push(await writeAtomically(join(outDir, 'report.json'), renderJson(report)));
  }
  return written;
}

async function writeAtomically(path: string, content: string): Promise<string> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
