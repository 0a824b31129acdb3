import { pathPattern } from '../discover/patterns.js';
import { normaliseUrl, urlKey } from '../discover/normalise.js';

export interface FrontierOptions {
  maxPages: number;
  /** Link distance from the start page that may still be visited (start page = 0). */
  maxDepth: number;
  /** May this URL be visited (robots.txt, --include / --exclude)? Asked once per URL. */
  accept: (url: string) => Promise<boolean>;
  /** Explicit pages (--urls-file): visited in this order, nothing discovered. */
  fixedPages?: readonly string[];
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
  private readonly verdicts = new Map<string, Promise<boolean>>();
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
    if (this.pages.length >= this.options.maxPages) return this.end();
    for (;;) {
      const next = this.pick();
      if (!next) return this.end();
      // A URL is settled either way: visited now, or refused for good.
      this.markVisited(next.url, next.depth);
      if (!(await this.verdict(next.url))) continue;
      return this.publish(next.url);
    }
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
    if (depth > this.options.maxDepth) return;
    const canonical = normaliseUrl(url);
    const key = canonical ? urlKey(canonical) : null;
    if (!canonical || !key || this.visitedKeys.has(key)) return;
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

  private verdict(url: string): Promise<boolean> {
    let verdict = this.verdicts.get(url);
    if (!verdict) {
      verdict = this.options.accept(url).catch(() => false);
      this.verdicts.set(url, verdict);
    }
    return verdict;
  }
}
