/**
 * The README's option table, generated from the option table (scan-options.ts) so the two cannot
 * drift: `npm run docs:options` writes it between the marker comments, and a test checks it.
 */
import { SCAN_OPTIONS, type ScanOptionSpec } from './scan-options.js';

/** The comments around the generated section of README.md. */
export const README_MARKERS = {
  start: '<!-- scan-options:start (generated from src/plan/scan-options.ts by `npm run docs:options`) -->',
  end: '<!-- scan-options:end -->',
} as const;

/** The default as the README shows it: the table's own words, else on/off for switches, else the value in code. */
export function readmeDefault(option: ScanOptionSpec): string {
  if (option.readme.default !== undefined) return option.readme.default;
  if (option.type === 'boolean') return option.default === true ? 'on' : 'off';
  if (option.default === undefined || (Array.isArray(option.default) && option.default.length === 0)) return '';
  return `\`${Array.isArray(option.default) ? option.default.join(',') : String(option.default)}\``;
}

/** The option column: "`--out DIR`, `-o`". */
export function readmeName(option: ScanOptionSpec): string {
  const long = `\`--${option.flag}${option.readme.value ? ` ${option.readme.value}` : ''}\``;
  return option.alias ? `${long}, \`-${option.alias}\`` : long;
}

const row = (cells: string[]): string => `|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`;

/** The Markdown table of the options of `scan` and `demo`, one row per option, in table order. */
export function readmeOptionsTable(): string {
  const lines = [row(['option', 'default', 'meaning']), '|---|---|---|'];
  for (const option of SCAN_OPTIONS) lines.push(row([readmeName(option), readmeDefault(option), option.readme.meaning]));
  return `${lines.join('\n')}\n`;
}

/** `readme` with the text between the markers replaced by the generated table; throws when a marker is missing. */
export function withReadmeOptionsTable(readme: string): string {
  const start = readme.indexOf(README_MARKERS.start);
  const end = readme.indexOf(README_MARKERS.end);
  if (start < 0 || end < start) throw new Error(`README.md: the markers ${README_MARKERS.start} and ${README_MARKERS.end} are missing`);
  return `${readme.slice(0, start + README_MARKERS.start.length)}\n${readmeOptionsTable()}\n${readme.slice(end)}`;
}
