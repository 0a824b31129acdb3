/**
 * One rule = one module + one doc page + one test (shared/DESIGN.md). Walks rules/*.ts, not the
 * registry: a rule file that is not registered fails, as does one without doc page, test file,
 * tested or documented messages, or option defaults that fit its schema (rule-files.ts); and
 * rules/README.md must match the rules.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES, RULES } from '../../rules/index.js';
import { renderRuleList } from '../../src/cli/rules-command.js';
import { defineRule } from '../../src/judge/rule-engine/define-rule.js';
import { RULE_IDS, type Rule } from '../../src/judge/rule-engine/types.js';
import { DOC_HEADINGS, registryProblems, ruleFileIds, ruleProblems } from './rule-files.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const registered = (id: string): Rule | undefined => (Object.hasOwn(RULES, id) ? (RULES as Readonly<Record<string, Rule>>)[id] : undefined);

describe('rule files', () => {
  const ids = ruleFileIds(root);

  it('are all registered, in the registry and nowhere else', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect([...ALL_RULES.map((r) => r.meta.id)].sort()).toEqual(ids);
    expect(registryProblems(root, ALL_RULES)).toEqual([]);
    // RULE_IDS (derived from the registry) lists every rule once, in registry order.
    expect(ALL_RULES.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
  });

  for (const id of ids) {
    describe(id, () => {
      it('is registered, documented and tested, with complete metadata', () => {
        expect(ruleProblems(root, id, registered(id))).toEqual([]);
      });

      it('is the module exporting `rule`', async () => {
        // Each module is imported by its own path, so a rule wired into the registry from elsewhere is caught.
        const mod = (await import(/* @vite-ignore */ pathToFileURL(join(root, 'rules', `${id}.ts`)).href)) as { rule?: unknown };
        expect(mod.rule, `rules/${id}.ts must export const rule`).toBe(registered(id));
      });
    });
  }

  it('rules/README.md holds the current rule table', () => {
    const readme = readFileSync(join(root, 'rules', 'README.md'), 'utf8');
    // Regenerate with: gdpr-scan rules --markdown (or renderRuleList(ALL_RULES, { markdown: true })).
    expect(readme).toContain(renderRuleList(ALL_RULES, { markdown: true }));
  });
});

/** The check above can fail: a temp tree with an unregistered rule file and an incomplete rule. */
describe('rule file check', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gdpr-scan-rules-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  mkdirSync(join(tmp, 'rules'));
  mkdirSync(join(tmp, 'test', 'rules'), { recursive: true });
  writeFileSync(join(tmp, 'rules', 'index.ts'), '');
  writeFileSync(join(tmp, 'rules', 'forgotten-rule.ts'), 'export const rule = {};\n');
  writeFileSync(join(tmp, 'rules', 'half-done.ts'), 'export const rule = {};\n');
  writeFileSync(join(tmp, 'rules', 'half-done.md'), '# half-done\n\n## Why it matters\n\nBecause it matters a lot.\n');
  writeFileSync(join(tmp, 'test', 'rules', 'half-done.test.ts'), "messageId: 'seen'\n");
  const halfDone = defineRule({
    meta: {
      id: 'half-done',
      title: 'A rule half done',
      severity: 'low',
      references: ['GDPR Art. 5'],
      rationale: 'A rationale long enough to count as one, more than forty characters.',
      remediation: 'A remediation long enough to count as one, more than forty characters.',
      checks: 'What it checks, long enough to count as a description of it.',
      options: { limit: { type: 'integer', minimum: 10, default: 5, description: 'A default below its own minimum.' } },
    },
    messages: { seen: 'Seen.', unseen: 'Never tested nor documented.' },
    check: () => [],
  });

  it('names every rule file, but not the registry', () => {
    expect(ruleFileIds(tmp)).toEqual(['forgotten-rule', 'half-done']);
  });

  it('fails for a rule file that is not registered', () => {
    expect(ruleProblems(tmp, 'forgotten-rule', undefined)).toEqual(['rules/forgotten-rule.ts is not registered in rules/index.ts']);
  });

  it('fails for a registered rule without a rule file', () => {
    expect(registryProblems(tmp, [halfDone, { ...halfDone, meta: { ...halfDone.meta, id: 'ghost' } }, halfDone])).toEqual([
      'rule ghost is registered but rules/ghost.ts does not exist',
      'rule half-done is registered twice',
    ]);
  });

  it('fails for missing headings, references, options, messages and defaults that break the schema', () => {
    const problems = ruleProblems(tmp, 'half-done', halfDone);
    expect(problems).toEqual(
      expect.arrayContaining([
        'half-done: option defaults do not fit the schema: limit must be at least 10',
        `rules/half-done.md has the headings ["Why it matters"], expected ${JSON.stringify(DOC_HEADINGS)}`,
        '"Fails when" of rules/half-done.md is empty',
        'rules/half-done.md should cite GDPR Art. 5',
        'rules/half-done.md should document the option `limit`',
        'rules/half-done.md should state the default severity **low**',
        'half-done: message "unseen" is neither used in test/rules/half-done.test.ts nor documented in rules/half-done.md',
      ]),
    );
    expect(problems.join('\n')).not.toContain('"seen"');
    expect(ruleProblems(tmp, 'forgotten-rule', { ...halfDone, meta: { ...halfDone.meta, id: 'other-id' } })).toEqual(
      expect.arrayContaining(['rules/forgotten-rule.ts declares the id "other-id"', 'rules/forgotten-rule.md is missing', 'test/rules/forgotten-rule.test.ts is missing']),
    );
  });
});
