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
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { FailOn, Report } from '../model/report.js';
import { buildHtmlView } from './html-view.js';

export interface HtmlRenderOptions {
  /** Threshold the verdict is explained against (the verdict itself is report.summary.exitCode). */
  failOn: FailOn;
  /** Free text for the footer, e.g. "gdpr-scan 0.1.0 in CI job 1234". */
  generatedBy?: string;
}

/** The project root: the first directory above this module with a package.json (works from src/ and dist/src/). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`html report: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** reports/html: templates, partials, stylesheet and script of the HTML report. */
export const HTML_TEMPLATE_DIR = join(findProjectRoot(), 'reports', 'html');

interface CompiledAssets {
  template: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  csp: string;
}

let cached: CompiledAssets | undefined;

/** CSP source for an inline element: base64 SHA-256 of its exact text content. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * The inline stylesheet (the named files of reports/html, in order) and script, wrapped in
 * newlines exactly as the templates write them (the CSP hashes cover this text). A file that
 * could close its own element is refused: it would break out into the page.
 */
export function inlineAssets(styleFiles: readonly string[], scriptFile: string): { css: string; script: string } {
  const read = (name: string) => readFileSync(join(HTML_TEMPLATE_DIR, name), 'utf8').trim();
  const css = `\n${styleFiles.map(read).join('\n')}\n`;
  const script = `\n${read(scriptFile)}\n`;
  if (css.toLowerCase().includes('</style')) throw new Error(`reports/html/${styleFiles.join(', ')} must not contain "</style"`);
  if (script.toLowerCase().includes('</script')) throw new Error(`reports/html/${scriptFile} must not contain "</script"`);
  return { css, script };
}

/** The pages' policy: nothing external, only our hashed inline style and script (and data: images where allowed). */
export function contentSecurityPolicy(css: string, script: string, options: { images: boolean }): string {
  return [
    "default-src 'none'",
    ...(options.images ? ['img-src data:'] : []),
    `style-src ${cspHash(css)}`,
    `script-src ${cspHash(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function loadAssets(): CompiledAssets {
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
  hb.registerHelper('plural', (n: unknown, singular: unknown, pluralForm: unknown) => {
    const count = typeof n === 'number' ? n : 0;
    const one = String(singular);
    const many = typeof pluralForm === 'string' ? pluralForm : `${one}s`;
    return `${count} ${count === 1 ? one : many}`;
  });
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
