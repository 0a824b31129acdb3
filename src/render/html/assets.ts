/**
 * The HTML pages' own files (reports/html: templates, partials, stylesheet, script) and their
 * Content-Security-Policy, shared by the site report and the portfolio index. A page has no
 * external request of any kind; the policy allows only the exact inline style and script.
 */
import { createHash } from 'node:crypto';
import type Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** A page's compiled template and the inline assets and policy that go with it, read once per process. */
export interface PageAssets {
  template: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  csp: string;
}
