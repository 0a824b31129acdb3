/**
 * `--urls-file` / `--sites-file`: one URL a line. Blank lines and lines starting with `#` are
 * ignored, as is a ` #` comment after a URL (a `#` right inside a URL is its fragment); whitespace
 * is trimmed. A bare host gets `https://` (as on the command line, via parseTarget). With
 * `objects` (--sites-file), a line starting with `{` is a JSON object with the site's `url` and
 * settings of its own (`{"url": "https://…", "consentAccept": ["#a"]}`; the plan checks them),
 * optionally followed by a ` #` comment.
 */
import { readFile } from 'node:fs/promises';
import { parseTarget } from '../../plan/targets.js';

/** One URL of a list, with where it came from. */
export interface UrlListEntry {
  url: string;
  /** 1-based line number in the file. */
  line: number;
  /** A JSON line's keys besides `url`, as written (only with `objects`). */
  fields?: Record<string, unknown>;
}

/** How a list is read. */
export interface UrlListOptions {
  /** Lines starting with `{` are JSON objects with a `url` and further keys (--sites-file). */
  objects?: boolean;
}

/** A JSON line: its URL and other keys, or why it cannot be used. */
function parseObjectLine(content: string): { url: string; fields: Record<string, unknown> } | { problem: string } {
  // The object, then an optional comment: `{…}  # note` (a `#` inside the JSON is part of it).
  const match = /^(\{.*\})\s*(?:#.*)?$/.exec(content);
  let value: unknown;
  try {
    value = JSON.parse(match ? match[1]! : content);
  } catch (error) {
    return { problem: `not a JSON object: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const { url, ...fields } = value as Record<string, unknown>;
  if (typeof url !== 'string' || !url.trim()) return { problem: 'a JSON line needs "url": "https://…"' };
  return { url, fields };
}

/** A list that cannot be used; `message` names the file and line(s), e.g. `sites.txt:3: ...` (line 0 = the whole file). */
export class UrlListError extends Error {
  /**
   * @param problems each `{ line, message }` found (all of them, not only the first)
   */
  constructor(
    readonly source: string,
    readonly problems: readonly { line: number; message: string }[],
  ) {
    super(problems.map((p) => (p.line ? `${source}:${p.line}: ${p.message}` : `${source}: ${p.message}`)).join('\n'));
    this.name = 'UrlListError';
  }

  /** Every problem on one line, for a command-line error: `sites.txt: 3 bad lines: 2: …; 4: …; 5: …` (the first ten). */
  oneLine(): string {
    const shown = this.problems.slice(0, 10).map((p) => (p.line ? `${p.line}: ${p.message}` : p.message));
    const more = this.problems.length > shown.length ? `; and ${this.problems.length - shown.length} more` : '';
    if (this.problems.length === 1) return this.message;
    return `${this.source}: ${this.problems.length} bad lines: ${shown.join('; ')}${more}`;
  }
}

/**
 * Parses a URL list. Returns the URLs in file order; an exact repeat of an earlier URL is
 * dropped (a JSON line's too: the first line of a URL counts). Throws {@link UrlListError} listing
 * every bad line when any line is not an http(s) URL (or, with `objects`, a JSON line is not an
 * object with a `url`), and when the list has no URL at all.
 *
 * @param source the file name, for messages
 */
export function parseUrlList(text: string, source = '<list>', options: UrlListOptions = {}): UrlListEntry[] {
  const entries: UrlListEntry[] = [];
  const problems: { line: number; message: string }[] = [];
  const seen = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      let content = raw.replace(/(^|\s)#.*$/, '').trim();
      let fields: Record<string, unknown> | undefined;
      if (options.objects && raw.trimStart().startsWith('{')) {
        const parsed = parseObjectLine(raw.trim());
        if ('problem' in parsed) {
          problems.push({ line, message: parsed.problem });
          return;
        }
        content = parsed.url.trim();
        fields = parsed.fields;
      }
      if (!content) return;
      if (/\s/.test(content)) {
        problems.push({ line, message: `one URL a line expected, got "${content}"` });
        return;
      }
      const target = parseTarget(content);
      if (!target.url) {
        problems.push({ line, message: target.error ?? `not a valid URL: "${content}"` });
        return;
      }
      if (seen.has(target.url)) return;
      seen.add(target.url);
      entries.push({ url: target.url, line, ...(fields ? { fields } : {}) });
    });
  if (problems.length) throw new UrlListError(source, problems);
  if (!entries.length) throw new UrlListError(source, [{ line: 0, message: 'no URL in the file' }]);
  return entries;
}

/** Reads and parses a URL list file; a file that cannot be read is a {@link UrlListError} too. */
export async function readUrlList(path: string, options: UrlListOptions = {}): Promise<UrlListEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UrlListError(path, [{ line: 0, message: reason }]);
  }
  return parseUrlList(text, path, options);
}
