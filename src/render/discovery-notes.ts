/**
 * Page discovery notes (robots.txt, sitemaps, skipped URLs) in words, shared by the HTML and
 * Markdown reports so both say the same thing. Plain text only: the renderers escape it.
 */
import { MAX_CRAWL_DELAY_SECONDS, type DiscoveryNotes, type RobotsNote } from '../model/evidence.js';
import { plural } from '../util/text.js';

/** One labelled fact; tone as in the HTML report (good | bad | warn | muted). */
export interface DiscoveryFact {
  label: string;
  value: string;
  tone?: 'good' | 'bad' | 'warn' | 'muted';
}


function robotsText(robots: RobotsNote | undefined, pending: boolean): Omit<DiscoveryFact, 'label'> {
  if (!robots) return pending ? { value: 'no answer yet when the crawl ended', tone: 'muted' } : { value: 'not read', tone: 'muted' };
  const status = robots.httpStatus !== undefined ? ` (HTTP ${robots.httpStatus})` : '';
  if (robots.outcome === 'missing') return { value: `missing${status}: every page allowed`, tone: 'muted' };
  // What an unreachable robots.txt meant is in `detail` (this tool allows every page then).
  if (robots.outcome === 'error') return { value: `could not be read${status}${robots.detail ? `: ${robots.detail}` : ''}`, tone: 'warn' };
  const rules = robots.respected ? 'rules respected' : 'rules ignored (--ignore-robots)';
  return { value: `found${status}, ${rules}${robots.detail ? `; ${robots.detail}` : ''}`, tone: robots.respected ? undefined : 'warn' };
}

function crawlDelayText(seconds: number): string {
  return seconds > MAX_CRAWL_DELAY_SECONDS
    ? `${seconds} s (the tool's own requests waited the ${MAX_CRAWL_DELAY_SECONDS} s maximum)`
    : `${seconds} s between the tool's own requests`;
}

function sitemapsText(notes: DiscoveryNotes): string {
  const failed = notes.sitemaps.filter((s) => s.error).length;
  const fetched = notes.sitemaps.length
    ? `${plural(notes.sitemaps.length, 'sitemap')} fetched${failed ? ` (${failed} without result)` : ''}, ${plural(notes.sitemapUrls, 'page URL')}`
    : 'none fetched';
  return notes.sitemapsPending ? `${fetched}; still being read when the crawl ended` : fetched;
}

/** The notes as labelled facts, in reading order. */
export function discoveryFacts(notes: DiscoveryNotes): DiscoveryFact[] {
  if (notes.fixedPages) return [{ label: 'Pages', value: `${plural(notes.pagesDiscovered, 'page')} from --urls-file; no discovery, robots.txt and sitemaps not read` }];
  const facts: DiscoveryFact[] = [{ label: 'robots.txt', ...robotsText(notes.robots, notes.sitemapsPending) }];
  if (notes.robots?.crawlDelaySeconds !== undefined) facts.push({ label: 'Crawl-delay', value: crawlDelayText(notes.robots.crawlDelaySeconds) });
  facts.push({ label: 'Sitemaps', value: sitemapsText(notes), tone: notes.sitemaps.length ? undefined : 'muted' });
  facts.push({ label: 'Page URLs known', value: String(notes.pagesDiscovered) });
  const { robots, patterns, depth } = notes.skipped;
  facts.push({ label: 'Skipped by robots.txt', value: String(robots), tone: robots ? undefined : 'muted' });
  facts.push({ label: 'Skipped by --include / --exclude', value: String(patterns), tone: patterns ? undefined : 'muted' });
  if (depth) facts.push({ label: 'Beyond --depth', value: String(depth) });
  facts.push(
    notes.limitedByMaxPages
      ? { label: '--max-pages', value: 'reached: more pages were found than visited', tone: 'warn' }
      : { label: '--max-pages', value: 'not reached', tone: 'muted' },
  );
  return facts;
}

/** The notes in one line, e.g. for a Markdown list item. */
export function discoverySummary(notes: DiscoveryNotes): string {
  if (notes.fixedPages) return discoveryFacts(notes)[0]!.value;
  const robots = notes.robots;
  const parts = [
    !robots
      ? `robots.txt ${notes.sitemapsPending ? 'not answered yet' : 'not read'}`
      : robots.outcome === 'found'
        ? `robots.txt found (${robots.respected ? 'respected' : 'ignored'})`
        : robots.outcome === 'missing'
          ? 'no robots.txt'
          : 'robots.txt could not be read (every page allowed)',
  ];
  if (robots?.crawlDelaySeconds !== undefined) parts.push(`Crawl-delay ${robots.crawlDelaySeconds} s`);
  parts.push(`${plural(notes.sitemaps.length, 'sitemap')} with ${plural(notes.sitemapUrls, 'page URL')}${notes.sitemapsPending ? ' (still reading)' : ''}`);
  parts.push(`${plural(notes.pagesDiscovered, 'page URL')} known`);
  const { robots: byRobots, patterns, depth } = notes.skipped;
  const skipped = [byRobots ? `${byRobots} by robots.txt` : '', patterns ? `${patterns} by --include/--exclude` : '', depth ? `${depth} beyond --depth` : ''].filter(Boolean);
  if (skipped.length) parts.push(`skipped ${skipped.join(', ')}`);
  if (notes.limitedByMaxPages) parts.push('cut by --max-pages');
  return parts.join('; ');
}
