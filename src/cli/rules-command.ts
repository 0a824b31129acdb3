/**
 * `gdpr-scan rules`: the rule list with each rule's severity, rationale, checks, fix, legal
 * references and options. Plain text for the terminal; a markdown table (`markdown: true`) for
 * README files, e.g. rules/README.md.
 */
import type { Rule } from '../judge/rule-engine/types.js';

export interface RenderRuleListOptions {
  /** A markdown table instead of plain text. */
  markdown?: boolean;
  /** Prefix of the links to the rule doc pages in markdown (default: same folder, as in rules/README.md). */
  docsBase?: string;
  /** Line width of the plain text. */
  width?: number;
}

/** Greedy word wrap; an indent is prepended to every line. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** Markdown cell text: pipes escaped, backticks of the docs kept, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function renderMarkdown(rules: readonly Rule[], docsBase: string): string {
  const rows = rules.map(({ meta }) => {
    const options = Object.entries(meta.options ?? {})
      .map(([name, o]) => `\`${name}\` (default ${String(o.default)})`)
      .join(', ');
    return `| [\`${meta.id}\`](${docsBase}${meta.id}.md) | ${meta.severity} | ${cell(meta.title)} | ${cell(meta.references.join('; '))} | ${options || '–'} |`;
  });
  return ['| Rule | Default severity | What it finds | Legal references | Options |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

function renderText(rules: readonly Rule[], width: number): string {
  const blocks = rules.map(({ meta }) => {
    const lines = [`${meta.id} (${meta.severity})`, `  ${meta.title}`];
    lines.push(...wrap(meta.rationale, width, '    '));
    lines.push('  Checks:', ...wrap(meta.checks.replace(/`/g, ''), width, '    '));
    lines.push('  Fix:', ...wrap(meta.remediation, width, '    '));
    lines.push('  References:', ...meta.references.map((r) => `    - ${r}`));
    const options = Object.entries(meta.options ?? {});
    if (options.length > 0) {
      lines.push('  Options:', ...options.flatMap(([name, o]) => wrap(`${name} (default ${String(o.default)}): ${o.description}`, width, '    ')));
    }
    return lines.join('\n');
  });
  const header =
    `${rules.length} rules. Switch a rule off, change its severity or set its options in gdpr-scan.config.json, e.g.\n` +
    `  { "rules": { "google-fonts-before-consent": "off", "cookie-lifetime-excessive": { "severity": "low", "options": { "maxDays": 180 } } } }`;
  return `${header}\n\n${blocks.join('\n\n')}\n`;
}

/** The rule list, as plain text (default) or as a markdown table. */
export function renderRuleList(rules: readonly Rule[], options: RenderRuleListOptions = {}): string {
  return options.markdown ? renderMarkdown(rules, options.docsBase ?? '') : renderText(rules, options.width ?? 100);
}
