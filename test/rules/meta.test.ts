/**
 * One rule = one module + one doc page + one test (shared/DESIGN.md). This test fails when a rule
 * id lacks any of them, when a doc page misses a heading or a legal reference, and when
 * rules/README.md no longer matches the rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, RULES } from '../../rules/index.js';
import { renderRuleList } from '../../src/cli/rules-command.js';
import { SEVERITIES } from '../../src/model/report.js';
import { RULE_IDS } from '../../src/judge/rule-engine/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The fixed headings of a rule doc page, in order. */
export const DOC_HEADINGS = ['Why it matters', 'What is checked', 'Fails when', 'Passes when', 'How to fix', 'Legal references', 'Configuration'];

/** The text under a `## heading`, up to the next one. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const rest = doc.slice(start + heading.length + 5);
  const end = rest.indexOf('\n## ');
  return end === -1 ? rest : rest.slice(0, end);
}

describe('rule registry', () => {
  it('lists every rule once, in RULE_IDS order', () => {
    expect(ALL_RULES.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
  });

  for (const id of RULE_IDS) {
    describe(id, () => {
      const rule = RULES[id];

      it('has a module exporting `rule` with complete metadata', async () => {
        // Each module is imported by its own path, so a rule wired into the registry from elsewhere is caught.
        const mod = (await import(/* @vite-ignore */ pathToFileURL(join(root, 'rules', `${id}.ts`)).href)) as { rule?: unknown };
        expect(mod.rule, `rules/${id}.ts must export const rule`).toBe(rule);
        expect(rule.meta.id).toBe(id);
        expect(SEVERITIES).toContain(rule.meta.severity);
        expect(rule.meta.title.length).toBeGreaterThan(5);
        expect(rule.meta.references.length).toBeGreaterThan(0);
        for (const text of [rule.meta.rationale, rule.meta.remediation, rule.meta.checks]) expect(text.length).toBeGreaterThan(40);
      });

      it('has a doc page with every heading, its references and its options', () => {
        const path = join(root, 'rules', `${id}.md`);
        expect(existsSync(path), `rules/${id}.md is missing`).toBe(true);
        const doc = readFileSync(path, 'utf8');
        expect(doc.startsWith(`# ${id}\n`), `rules/${id}.md must start with "# ${id}"`).toBe(true);
        const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(headings, `headings of rules/${id}.md`).toEqual(DOC_HEADINGS);
        for (const heading of DOC_HEADINGS) expect(section(doc, heading).trim().length, `"${heading}" of rules/${id}.md is empty`).toBeGreaterThan(10);
        for (const ref of rule.meta.references) expect(section(doc, 'Legal references'), `rules/${id}.md should cite ${ref}`).toContain(ref);
        for (const option of Object.keys(rule.meta.options ?? {})) expect(section(doc, 'Configuration')).toContain(`\`${option}\``);
        expect(doc).toContain(`**${rule.meta.severity}**`);
      });

      it('has a test file', () => {
        expect(existsSync(join(root, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts is missing`).toBe(true);
      });
    });
  }

  it('rules/README.md holds the current rule table', () => {
    const readme = readFileSync(join(root, 'rules', 'README.md'), 'utf8');
    // Regenerate with: gdpr-scan rules --markdown (or renderRuleList(ALL_RULES, { markdown: true })).
    expect(readme).toContain(renderRuleList(ALL_RULES, { markdown: true }));
  });
});
