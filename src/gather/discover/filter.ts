/**
 * `--include` / `--exclude` glob patterns on URL paths.
 *
 * Semantics (gitignore-like, case-sensitive, matched against the URL's path only: no host, no
 * query, no fragment; percent-encoding as in the URL):
 * - a pattern with no `/` matches the last path segment anywhere: `*.pdf` matches `/docs/a.pdf`;
 * - a pattern with a `/` matches the whole path from the start; a missing leading `/` is added
 *   (`blog/*` = `/blog/*`);
 * - `*` matches within one segment (not `/`), `?` one character (not `/`), `**` any number of
 *   segments including none, `{a,b}` either alternative (no nesting); other characters are literal;
 * - a trailing `/**` also matches the directory itself: `/blog/**` matches `/blog`, `/blog/` and
 *   everything below; a trailing `/` matches the directory only with its slash: `/blog/`;
 * - a URL passes when it matches at least one include pattern (or there are none) and no exclude
 *   pattern: exclude wins.
 */

/** A bad pattern, e.g. an unclosed `{`. */
export class GlobError extends Error {}

/** Compiles one path glob (see the module comment) into an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  const text = pattern.trim();
  if (!text) throw new GlobError('empty pattern');
  const anchored = text.includes('/');
  let glob = anchored && !text.startsWith('/') ? '/' + text : text;
  let suffix = '';
  if (anchored && glob.endsWith('/**')) {
    glob = glob.slice(0, -3);
    suffix = '(?:/.*)?';
  }
  let source = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `/**/` = any number of segments (also none); `**` elsewhere = anything.
        if (glob[i + 2] === '/' && (i === 0 || glob[i - 1] === '/')) {
          source += '(?:[^/]*/)*';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '{') {
      if (inBraces) throw new GlobError(`"${pattern}": nested braces are not supported`);
      inBraces = true;
      source += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces = false;
      source += ')';
    } else if (c === ',' && inBraces) source += '|';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (inBraces) throw new GlobError(`"${pattern}": unclosed "{"`);
  return anchored ? new RegExp(`^${source}${suffix}$`) : new RegExp(`(?:^|/)${source}$`);
}

/** Include and exclude globs, as given on the command line or in the config file. */
export interface UrlFilterOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * A predicate over URLs implementing the include / exclude semantics above. Throws
 * {@link GlobError} for a bad pattern (a usage error). An invalid URL never passes. The start
 * URL gets no special treatment here: the caller decides whether it is always visited.
 */
export function createUrlFilter(options: UrlFilterOptions): (url: string) => boolean {
  const include = (options.include ?? []).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  return (url: string) => {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return false;
    }
    if (include.length && !include.some((re) => re.test(path))) return false;
    return !exclude.some((re) => re.test(path));
  };
}
