/**
 * Path patterns ("templates") and diverse sampling: ten pages should cover ten templates, not
 * ten blog posts.
 */
import { urlKey } from './normalise.js';

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Hashes and object ids: long hex with at least one digit (so plain words like "deadbeef" stay). */
const HEX_ID = /^(?=[0-9a-f]*\d)[0-9a-f]{12,}$/i;
const DATE = /^\d{4}-\d{2}(-\d{2})?$|^\d{8}$/;
/** Two or more words joined by `-` or `_`: `my-first-post`, `post-1`, `red_shoes_42`. */
const SLUG = /^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)+$/u;
/** File extension kept in the pattern: `.html`, `.php`, ... (1-5 letters or digits). */
const EXTENSION = /(\.[a-z0-9]{1,5})$/i;

/**
 * Generalises one path segment: numbers and ids → `:id`, UUIDs → `:uuid`, dates → `:date`,
 * multi-word slugs → `*` (only below the first level, see {@link pathPattern}); a file
 * extension is kept (`post-1.html` → `*.html`).
 */
function generaliseSegment(segment: string, depth: number): string {
  if (!segment) return segment;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // keep the raw segment
  }
  const ext = EXTENSION.exec(decoded);
  // A lone number like "1.5" is not a name with an extension, but "1.html" is.
  const extension = ext && !NUMERIC.test(ext[1].slice(1)) ? ext[1].toLowerCase() : '';
  const stem = extension ? decoded.slice(0, -extension.length) : decoded;
  let general: string;
  if (NUMERIC.test(stem) || HEX_ID.test(stem)) general = ':id';
  else if (UUID.test(stem)) general = ':uuid';
  else if (DATE.test(stem)) general = ':date';
  else if (depth > 0 && SLUG.test(stem)) general = '*';
  else return segment;
  return general + extension;
}

/**
 * The template a URL probably belongs to, from its path (and query parameter names):
 * `/blog/my-post` → `/blog/*`, `/products/123` → `/products/:id`, `/blog/post-1.html` →
 * `/blog/*.html`, `/2024-05-01/x` → `/:date/x`, `/search?q=a&page=2` → `/search?page&q`.
 *
 * Slugs are generalised only below the first path level: top-level slugs are usually distinct
 * sections (`/about-us`, `/contact-us`), deeper ones items of a section. A trailing slash is
 * ignored (`/blog/` and `/blog` → `/blog`). The host is not part of the pattern. Invalid URLs
 * give the input back unchanged (each is its own pattern).
 */
export function pathPattern(url: string): string {
  const key = urlKey(url);
  if (key === null) return url;
  const parsed = new URL(key);
  const segments = parsed.pathname.split('/').slice(1);
  const path = '/' + segments.map((segment, index) => generaliseSegment(segment, index)).join('/');
  const names = [...new Set([...parsed.searchParams.keys()])].sort();
  return names.length ? `${path}?${names.join('&')}` : path;
}

/**
 * Up to `max` URLs, chosen for variety: first one URL per template (host + {@link pathPattern})
 * in discovery order, then a second of each template, and so on (round robin). Duplicates (by
 * urlKey) and invalid URLs are dropped; URLs are returned as given, in sampling order. The first
 * URL (normally the start page) is always first.
 */
export function diverseSample(urls: readonly string[], max: number): string[] {
  if (max <= 0) return [];
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const url of urls) {
    const key = urlKey(url);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    const template = `${new URL(key).host}${pathPattern(key)}`;
    const group = groups.get(template);
    if (group) group.push(url);
    else groups.set(template, [url]);
  }
  const out: string[] = [];
  const lists = [...groups.values()];
  for (let round = 0; out.length < max; round++) {
    let took = false;
    for (const list of lists) {
      if (round < list.length) {
        out.push(list[round]);
        took = true;
        if (out.length >= max) break;
      }
    }
    if (!took) break;
  }
  return out;
}
