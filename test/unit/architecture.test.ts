/**
 * The layout is the flow: plan → gather → judge → finish → render, with the model shared by all.
 * This test reads every import of every source file and refuses the ones that run against it,
 * so a renderer cannot start reading the rule registry and the crawler cannot start judging.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A source file and what it imports: repository-relative paths for relative imports, package names otherwise. */
interface SourceFile {
  path: string;
  imports: string[];
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every `import … from '…'`, `export … from '…'` and `import('…')`, type-only ones included. */
export function importsOf(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  return specifiers.map((spec) => (spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(path), spec)).replace(/\.js$/, '.ts') : spec));
}

const SOURCES: SourceFile[] = [...walk('src'), ...walk('rules')].map((path) => ({ path, imports: importsOf(path, readFileSync(join(ROOT, path), 'utf8')) }));

/** `file imports target` lines that break `rule`: files under `from` must not import anything under one of `forbidden`. */
function violations(sources: readonly SourceFile[], from: string, forbidden: readonly string[]): string[] {
  return sources
    .filter((file) => file.path.startsWith(`${from}/`))
    .flatMap((file) => file.imports.filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`))).map((target) => `${file.path} imports ${target}`));
}

const LATER_THAN_GATHER = ['src/judge', 'src/finish', 'src/render', 'src/pipeline', 'src/cli', 'rules'];

describe('stage boundaries', () => {
  it('gather imports nothing from classification, rules, finishing, rendering or the CLI', () => {
    expect(violations(SOURCES, 'src/gather', LATER_THAN_GATHER)).toEqual([]);
  });

  it('judge imports nothing from gathering, finishing, rendering or the CLI', () => {
    expect(violations(SOURCES, 'src/judge', ['src/gather', 'src/finish', 'src/render', 'src/pipeline', 'src/cli'])).toEqual([]);
  });

  it('finish imports nothing from gathering, rendering, the CLI or the rule registry', () => {
    expect(violations(SOURCES, 'src/finish', ['src/gather', 'src/render', 'src/pipeline', 'src/cli', 'rules', 'src/judge/rule-engine', 'src/judge/classify'])).toEqual([]);
  });

  it('renderers read only the report: nothing from the rule registry, the rule engine, judging or gathering', () => {
    expect(violations(SOURCES, 'src/render', ['rules', 'src/judge', 'src/gather', 'src/pipeline', 'src/cli'])).toEqual([]);
  });

  it('rules see only the rule API, the model and small utilities', () => {
    const allowed = (target: string) => ['src/judge/rule-engine/types.ts', 'src/judge/rule-engine/helpers.ts', 'src/judge/rule-engine/define-rule.ts'].includes(target) || target.startsWith('src/model/') || target.startsWith('src/util/') || target.startsWith('rules/');
    const outside = SOURCES.filter((f) => f.path.startsWith('rules/')).flatMap((f) => f.imports.filter((t) => !allowed(t)).map((t) => `${f.path} imports ${t}`));
    expect(outside).toEqual([]);
  });

  it('the model and utilities depend on nothing but themselves', () => {
    const inner = (from: string, own: string[]) =>
      SOURCES.filter((f) => f.path.startsWith(`${from}/`)).flatMap((f) => f.imports.filter((t) => /^(src|rules)\//.test(t) && !own.some((o) => t.startsWith(`${o}/`))).map((t) => `${f.path} imports ${t}`));
    expect(inner('src/model', ['src/model'])).toEqual([]);
    expect(inner('src/util', ['src/util'])).toEqual([]);
  });

  it('only src/gather/browser imports Playwright', () => {
    const users = SOURCES.filter((f) => f.imports.some((t) => t === 'playwright' || t.startsWith('playwright/') || t.startsWith('playwright-core') || t.includes('node_modules/playwright'))).map((f) => f.path);
    expect(users.filter((path) => !path.startsWith('src/gather/browser/'))).toEqual([]);
  });
});

describe('the import reader (so the checks above can fail)', () => {
  it('finds static, type-only, re-export and dynamic imports, resolved to repository paths', () => {
    const text = [
      "import { a } from '../judge/judge.js';",
      "import type { B } from '../../rules/index.js';",
      "export { c } from './c.js';",
      'const d = await import("../render/json.js");',
      "import 'node:fs';",
      "import {\n  e,\n  f,\n} from 'playwright';",
    ].join('\n');
    expect(importsOf('src/gather/x.ts', text)).toEqual(['src/judge/judge.ts', 'rules/index.ts', 'src/gather/c.ts', 'src/render/json.ts', 'node:fs', 'playwright']);
    expect(violations([{ path: 'src/gather/x.ts', imports: importsOf('src/gather/x.ts', text) }], 'src/gather', LATER_THAN_GATHER)).toEqual([
      'src/gather/x.ts imports src/judge/judge.ts',
      'src/gather/x.ts imports rules/index.ts',
      'src/gather/x.ts imports src/render/json.ts',
    ]);
  });
});
