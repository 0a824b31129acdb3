import { pathPattern } from './patterns.js';
import { normaliseUrl, urlKey } from './normalise.js';
import type { DiscoveryNotes } from '../../model/evidence.js';

/** Why a URL may not be visited, for the report's discovery notes. */
export type Refusal = 'robots' | 'patterns';

/** The part of the discovery notes that comes from robots.txt and sitemaps, not from the crawl. */
export type DiscoverySources = Pick<DiscoveryNotes, 'robots' | 'sitemaps' | 'sitemapUrls' | 'sitemapsPending'>;

/** robots.txt URLs the crawl was kept from, listed in the notes at most. */
const MAX_ROBOTS_EXAMPLES = 10;

export interface FrontierOptions {
  maxPages: number;
  /** Link distance from the start page that may still be visited (start page = 0). */
  maxDepth: number;
  /**
   * May this URL be visited (robots.txt, --include / --exclude)? Asked once per URL. true: yes;
   * false or a Refusal: no (the Refusal says why, for the notes).
   */
  accept: (url: string) => Promise<boolean | Refusal>;
  /** Explicit pages (--urls-file): visited in this order, nothing discovered. */
  fixedPages?: readonly string[];
  /** What robots.txt and sitemaps gave so far, for {@link PageFrontier.discoveryNotes}. */
  sources?: () => DiscoverySources;
}

interface Candidate {
  url: string;
  key: string;
  depth: number;
  order: number;
}

/**
 * The pages of one site, decided as the crawl goes. One phase drives (it visits a page, reports the
 * links it rendered, then decides the next page); the other phases visit the same pages in the
 * same order, waiting when they catch up. The next page prefers a URL template not visited yet
 * (`/blog/a` and `/blog/b` are one template), in discovery order, so ten pages cover ten templates
 * rather than ten blog posts; then the rest in discovery order.
 */
export class PageFrontier {
  private readonly pages: string[] = [];
  private readonly waiters = new Map<number, Array<(url: string | null) => void>>();
  private readonly candidates = new Map<string, Candidate>();
  private readonly visitedKeys = new Set<string>();
  private readonly visitedPatterns = new Set<string>();
  private readonly verdicts = new Map<string, Promise<boolean | Refusal>>();
  /** Keys of links beyond maxDepth (a key that later turns up shallower is a candidate instead). */
  private readonly tooDeep = new Set<string>();
  private readonly refused = { robots: 0, patterns: 0 };
  private readonly robotsExamples: string[] = [];
  private limitedByMaxPages = false;
  private order = 0;
  private ended = false;

  constructor(
    startUrl: string,
    private readonly options: FrontierOptions,
  ) {
    const start = normaliseUrl(startUrl) ?? startUrl;
    this.pages.push(startUrl);
    this.markVisited(start, 0);
  }

  /** The i-th page to visit (0 is the start page), or null when the crawl ends before it. */
  pageAt(index: number): Promise<string | null> {
    if (index < this.pages.length) return Promise.resolve(this.pages[index]!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const list = this.waiters.get(index) ?? [];
      list.push(resolve);
      this.waiters.set(index, list);
    });
  }

  /** Links found on a visited page (same-site already); they sit one step deeper than it. */
  addLinks(fromUrl: string, links: readonly string[]): void {
    const fromKey = urlKey(fromUrl);
    const fromDepth = fromKey ? (this.candidates.get(fromKey)?.depth ?? 0) : 0;
    for (const link of links) this.addCandidate(link, fromDepth + 1);
  }

  /** URLs from sitemaps: treated as linked from the start page. */
  addSitemapUrls(urls: readonly string[]): void {
    for (const url of urls) this.addCandidate(url, 1);
  }

  /** Decides the next page (or ends the crawl); returns it, or null when there is none. */
  async advance(): Promise<string | null> {
    if (this.ended) return null;
    const fixed = this.options.fixedPages;
    if (fixed) {
      const url = fixed[this.pages.length - 1];
      return url === undefined ? this.end() : this.publish(url);
    }
    if (this.pages.length >= this.options.maxPages) {
      this.limitedByMaxPages = this.pick() !== undefined;
      return this.end();
    }
    for (;;) {
      const next = this.pick();
      if (!next) return this.end();
      // A URL is settled either way: visited now, or refused for good (so counted once).
      this.markVisited(next.url, next.depth);
      const verdict = await this.verdict(next.url);
      if (verdict === true) return this.publish(next.url);
      this.noteRefusal(next.url, verdict);
    }
  }

  /**
   * What discovery did so far: candidates, skips by reason, whether --max-pages cut the crawl,
   * plus robots.txt and sitemap results from `sources`. A snapshot: call it when the crawl ended.
   */
  discoveryNotes(): DiscoveryNotes {
    const fixed = this.options.fixedPages;
    const sources = this.options.sources?.() ?? { sitemaps: [], sitemapUrls: 0, sitemapsPending: false };
    let depth = 0;
    for (const key of this.tooDeep) if (!this.candidates.has(key)) depth++;
    return {
      ...(fixed ? { fixedPages: true as const } : {}),
      ...sources,
      pagesDiscovered: fixed ? fixed.length + 1 : this.candidates.size,
      skipped: { ...this.refused, depth },
      robotsSkippedExamples: [...this.robotsExamples],
      limitedByMaxPages: this.limitedByMaxPages,
    };
  }

  private noteRefusal(url: string, reason: boolean | Refusal): void {
    if (reason === 'robots' || reason === 'patterns') this.refused[reason]++;
    if (reason === 'robots' && this.robotsExamples.length < MAX_ROBOTS_EXAMPLES) this.robotsExamples.push(url);
  }

  private publish(url: string): string {
    this.pages.push(url);
    const index = this.pages.length - 1;
    for (const resolve of this.waiters.get(index) ?? []) resolve(url);
    this.waiters.delete(index);
    return url;
  }

  /** No more pages: whoever waits gets null. */
  end(): null {
    this.ended = true;
    for (const list of this.waiters.values()) for (const resolve of list) resolve(null);
    this.waiters.clear();
    return null;
  }

  private addCandidate(url: string, depth: number): void {
    if (this.options.fixedPages) return; // nothing is discovered: the notes must not count links as skipped
    const canonical = normaliseUrl(url);
    const key = canonical ? urlKey(canonical) : null;
    if (!canonical || !key || this.visitedKeys.has(key)) return;
    if (depth > this.options.maxDepth) {
      this.tooDeep.add(key);
      return;
    }
    const known = this.candidates.get(key);
    if (known) {
      known.depth = Math.min(known.depth, depth);
      return;
    }
    this.candidates.set(key, { url: canonical, key, depth, order: this.order++ });
  }

  private pick(): Candidate | undefined {
    let fresh: Candidate | undefined;
    let any: Candidate | undefined;
    for (const candidate of this.candidates.values()) {
      if (this.visitedKeys.has(candidate.key)) continue;
      if (!any || candidate.order < any.order) any = candidate;
      if (!this.visitedPatterns.has(pathPattern(candidate.url)) && (!fresh || candidate.order < fresh.order)) fresh = candidate;
    }
    return fresh ?? any;
  }

  private markVisited(url: string, depth: number): void {
    const key = urlKey(url);
    if (!key) return;
    this.visitedKeys.add(key);
    this.visitedPatterns.add(pathPattern(url));
    if (!this.candidates.has(key)) this.candidates.set(key, { url, key, depth, order: this.order++ });
  }

  private verdict(url: string): Promise<boolean | Refusal> {
    let verdict = this.verdicts.get(url);
    if (!verdict) {
      verdict = this.options.accept(url).catch(() => false);
      this.verdicts.set(url, verdict);
    }
    return verdict;
  }
}
