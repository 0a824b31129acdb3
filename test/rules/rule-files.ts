/**
 * What makes a rule complete, as a pure check of a directory tree: every rules/<id>.ts (except the
 * registry, index.ts) is registered, documented (rules/<id>.md with the fixed headings, its
 * references and options), tested (test/rules/<id>.test.ts, naming each messageId), and its
 * option defaults fit its option schema. meta.test.ts runs it on the repository and on a temp
 * tree, so that it can be seen to fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITIES } from '../../src/model/report.js';
import { optionDefaults, optionProblems } from '../../src/judge/rule-engine/options.js';
import type { Rule } from '../../src/judge/rule-engine/types.js';

/** The fixed headings of a rule doc page, in order. */
export const DOC_HEADINGS = ['Why it matters', 'What is checked', 'Fails when', 'Passes when', 'How to fix', 'Legal references', 'Configuration'];

/** The text under a `## heading`, up to the next one. */
export function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const rest = doc.slice(start + heading.length + 5);
  const end = rest.indexOf('\n## ');
  return end === -1 ? rest : rest.slice(0, end);
}

/** The rule ids the files in `root`/rules name: every `<id>.ts` but the registry. */
export function ruleFileIds(root: string): string[] {
  return readdirSync(join(root, 'rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function metaProblems(id: string, rule: Rule): string[] {
  const { meta } = rule;
  const problems: string[] = [];
  if (meta.id !== id) problems.push(`rules/${id}.ts declares the id "${meta.id}"`);
  if (!SEVERITIES.includes(meta.severity)) problems.push(`${id}: severity "${meta.severity}" is not one of ${SEVERITIES.join(', ')}`);
  if (meta.title.length <= 5) problems.push(`${id}: the title is too short`);
  if (meta.references.length === 0) problems.push(`${id}: no legal references`);
  for (const [name, text] of Object.entries({ rationale: meta.rationale, remediation: meta.remediation, checks: meta.checks })) {
    if (text.length <= 40) problems.push(`${id}: the ${name} is too short`);
  }
  const optionSchema = meta.options ?? {};
  for (const problem of optionProblems(optionSchema, optionDefaults(optionSchema))) problems.push(`${id}: option defaults do not fit the schema: ${problem}`);
  return problems;
}

function docProblems(id: string, rule: Rule, doc: string | undefined): string[] {
  if (doc === undefined) return [`rules/${id}.md is missing`];
  const problems: string[] = [];
  if (!doc.startsWith(`# ${id}\n`)) problems.push(`rules/${id}.md must start with "# ${id}"`);
  const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  if (JSON.stringify(headings) !== JSON.stringify(DOC_HEADINGS)) problems.push(`rules/${id}.md has the headings ${JSON.stringify(headings)}, expected ${JSON.stringify(DOC_HEADINGS)}`);
  for (const heading of DOC_HEADINGS) if (section(doc, heading).trim().length <= 10) problems.push(`"${heading}" of rules/${id}.md is empty`);
  for (const ref of rule.meta.references) if (!section(doc, 'Legal references').includes(ref)) problems.push(`rules/${id}.md should cite ${ref}`);
  for (const option of Object.keys(rule.meta.options ?? {})) if (!section(doc, 'Configuration').includes(`\`${option}\``)) problems.push(`rules/${id}.md should document the option \`${option}\``);
  if (!doc.includes(`**${rule.meta.severity}**`)) problems.push(`rules/${id}.md should state the default severity **${rule.meta.severity}**`);
  return problems;
}

function messageProblems(id: string, rule: Rule, test: string | undefined, doc: string | undefined): string[] {
  const ids = Object.keys(rule.messages);
  if (ids.length === 0) return [`${id}: declares no messages`];
  // A message no test names and no doc mentions is a message nobody has seen.
  return ids
    .filter((messageId) => !test?.includes(`'${messageId}'`) && !doc?.includes(`\`${messageId}\``))
    .map((messageId) => `${id}: message "${messageId}" is neither used in test/rules/${id}.test.ts nor documented in rules/${id}.md`);
}

/**
 * Everything missing for the rule file rules/<id>.ts in `root`, given the registry's rule of that
 * id (undefined: the file is not registered). Empty when the rule is complete.
 */
export function ruleProblems(root: string, id: string, rule: Rule | undefined): string[] {
  if (rule === undefined) return [`rules/${id}.ts is not registered in rules/index.ts`];
  const doc = readIfExists(join(root, 'rules', `${id}.md`));
  const test = readIfExists(join(root, 'test', 'rules', `${id}.test.ts`));
  return [
    ...metaProblems(id, rule),
    ...docProblems(id, rule, doc),
    ...(test === undefined ? [`test/rules/${id}.test.ts is missing`] : []),
    ...messageProblems(id, rule, test, doc),
  ];
}

/** Registry entries without a rule file in `root`, and ids registered twice. */
export function registryProblems(root: string, registry: readonly Rule[]): string[] {
  const files = new Set(ruleFileIds(root));
  const ids = registry.map((r) => r.meta.id);
  return [
    ...ids.filter((id) => !files.has(id)).map((id) => `rule ${id} is registered but rules/${id}.ts does not exist`),
    ...[...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `rule ${id} is registered twice`),
  ];
}
