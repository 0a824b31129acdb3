import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { renderRuleList } from '../../src/cli/rules-command.js';
import { RULE_IDS } from '../../src/judge/rule-engine/types.js';

describe('gdpr-scan rules', () => {
  it('lists every rule with its severity, references and options as plain text', () => {
    const text = renderRuleList(ALL_RULES);
    for (const id of RULE_IDS) expect(text).toContain(`\n${id} (`);
    expect(text).toContain('cookie-lifetime-excessive (medium)');
    expect(text).toContain('    - LG München I, 20 Jan 2022, 3 O 17493/20');
    expect(text).toContain('maxDays (default 395)');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(160);
  });

  it('renders a markdown table linking the doc pages', () => {
    const md = renderRuleList(ALL_RULES, { markdown: true, docsBase: 'rules/' });
    expect(md.split('\n').filter((l) => l.startsWith('| ['))).toHaveLength(RULE_IDS.length);
    expect(md).toContain('| [`tracking-before-consent`](rules/tracking-before-consent.md) | high |');
  });
});
