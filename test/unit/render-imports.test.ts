/**
 * Renderers read only the report: none imports the rule registry (rules/), the judging stage
 * (src/judge) or the gathering stage (src/gather), so a re-rendered report shows the rules it was
 * made with, and a renderer cannot decide anything a scan decides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RENDER = join(ROOT, 'src', 'render');
const FORBIDDEN = ['rules', 'src/judge', 'src/gather'].map((dir) => join(ROOT, dir));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Relative specifiers of static and dynamic imports and re-exports. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('renderers', () => {
  it('import nothing from rules/, src/judge or src/gather', () => {
    const files = sources(RENDER);
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((file) =>
      imports(file)
        .map((specifier) => resolve(file, '..', specifier))
        .filter((target) => FORBIDDEN.some((dir) => target === dir || target.startsWith(`${dir}/`)))
        .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    );
    expect(offending).toEqual([]);
  });

  it('the check is real: it sees a forbidden import', () => {
    expect(imports(join(ROOT, 'rules', 'index.ts')).some((s) => s.includes('judge/rule-engine'))).toBe(true);
  });
});
