/**
 * The renderer registry: one entry per report format, with the file it is written to. Typed as
 * Record<ReportFormat, ...> so the compiler refuses a format in FORMATS (src/plan/plan.ts)
 * without a renderer. Renderers turn a finished report into text; they never compute findings.
 */
import type { FailOn, Finding, Report } from '../model/report.js';
import type { ReportFormat } from '../plan/plan.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

/** What every renderer is told besides the report. */
export interface RenderOptions {
  /** The threshold the verdict, failures and levels are judged against (usually the plan's). */
  failOn: FailOn;
  /** Who made the file, e.g. "gdpr-scan 0.1.0"; shown where a format has room for it. */
  generatedBy?: string;
}

export interface FormatRenderer {
  /** File name inside the output directory. */
  fileName: string;
  /** The whole file. Async because some renderers are loaded only when used. */
  render(report: Report, options: RenderOptions): Promise<string>;
}

export const RENDERERS: Readonly<Record<ReportFormat, FormatRenderer>> = {
  // json.ts (writeReports) imports this registry; importing it back lazily avoids a module cycle.
  json: { fileName: 'report.json', render: async (report) => (await import('./json.js')).renderJson(report) },
  // Loaded lazily: the HTML renderer pulls in templates and assets that the other formats (and
  // their tests) do not need.
  html: {
    fileName: 'report.html',
    render: async (report, options) => {
      const { renderHtml } = await import('./html/render.js');
      return renderHtml(report, options);
    },
  },
  md: { fileName: 'report.md', render: async (report, options) => renderMarkdown(report, options) },
  sarif: { fileName: 'report.sarif', render: async (report, options) => renderSarif(report, options) },
  junit: { fileName: 'report.junit.xml', render: async (report, options) => renderJunit(report, options) },
};
