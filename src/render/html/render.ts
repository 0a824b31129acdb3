/**
 * The HTML renderer: one self-contained file for people (a DPO, a client, a developer). Inline
 * CSS and script, images only as data: URIs, no external request of any kind, and a strict
 * Content-Security-Policy whose hashes are computed here from the exact inline style and script.
 *
 * Templates, styles and the small sort/filter script live in reports/html/ and are read once per
 * process. Everything a website controls reaches the page through `{{ }}` (escaped, also inside
 * attributes); the only unescaped insertions are our own stylesheet and script, which never
 * contain report data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { FailOn, Report } from '../../model/report.js';
import { contentSecurityPolicy, HTML_TEMPLATE_DIR, inlineAssets, type PageAssets } from './assets.js';
import { plural } from '../../util/text.js';
import { buildHtmlView } from './view.js';

export interface HtmlRenderOptions {
  /** Threshold the verdict is judged and explained against (usually the report's own). */
  failOn: FailOn;
  /** Free text for the footer, e.g. "gdpr-scan 0.1.0 in CI job 1234". */
  generatedBy?: string;
}

let cached: PageAssets | undefined;

function loadAssets(): PageAssets {
  if (cached) return cached;
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partialsDir = join(HTML_TEMPLATE_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const template = hb.compile(readFileSync(join(HTML_TEMPLATE_DIR, 'report.hbs'), 'utf8'), { strict: false, preventIndent: true });
  const { css, script } = inlineAssets(['report.css'], 'report.js');
  cached = { template, css, script, csp: contentSecurityPolicy(css, script, { images: true }) };
  return cached;
}

function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (a: unknown) => !a);
  // Handlebars passes its options object last: a third argument that is not a string is no plural form.
  hb.registerHelper('plural', (n: unknown, singular: unknown, pluralForm: unknown) =>
    plural(typeof n === 'number' ? n : 0, String(singular), typeof pluralForm === 'string' ? pluralForm : undefined),
  );
  hb.registerHelper('len', (list: unknown) => (Array.isArray(list) ? list.length : 0));
}

/** Renders the report as one self-contained HTML document. */
export function renderHtml(report: Report, options: HtmlRenderOptions): string {
  const assets = loadAssets();
  const view = buildHtmlView(report, options);
  return assets.template({
    ...view,
    // Our own constant text and base64 hashes: written as is, so the policy reads plainly in the source.
    csp: new Handlebars.SafeString(assets.csp),
    // Our own files, never report data: inserted unescaped so CSS selectors and JS stay intact.
    css: new Handlebars.SafeString(assets.css),
    script: new Handlebars.SafeString(assets.script),
  });
}
