/** The JSON renderer: report.json, the documented contract (reports/report.schema.json). */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../model/report.js';
import { FORMATS, type ReportFormat } from '../plan/plan.js';
import { RENDERERS, type RenderOptions } from './formats.js';

/** The report as JSON: 2-space indentation, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes the requested formats into `outDir` (created when missing) and returns the paths
 * written, in the order of FORMATS: report.json, report.html, report.md, report.sarif,
 * report.junit.xml (file names in formats.ts). Names that are not a format are ignored: rejecting
 * them is the CLI's job. Verdicts are judged against `options.failOn`, by default the threshold
 * the report was made with. Each file is written under a temporary name and renamed, so a watcher
 * never reads half a report.
 */
export async function writeReports(
  report: Report,
  outDir: string,
  formats: readonly string[],
  options: Partial<RenderOptions> = {},
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const renderOptions: RenderOptions = { ...options, failOn: options.failOn ?? report.plan.failOn };
  const written: string[] = [];
  for (const format of FORMATS.filter((f: ReportFormat) => formats.includes(f))) {
    const renderer = RENDERERS[format];
    // Rendered first, written second: a renderer that throws leaves no half-written file.
    const content = await renderer.render(report, renderOptions);
    written.push(await writeAtomically(join(outDir, renderer.fileName), content));
  }
  return written;
}

/** Writes under a temporary name, then renames: a reader never sees half a file. */
export async function writeAtomically(path: string, content: string): Promise<string> {
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
