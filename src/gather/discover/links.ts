import * as cheerio from 'cheerio';
import { siteOf } from '../../util/party.js';
import type { CdpClient } from '../browser/types.js';

/** Links to files rather than pages. */
const NON_PAGE = /\.(pdf|zip|gz|rar|7z|jpe?g|png|gif|webp|svg|mp4|mp3|mov|avi|docx?|xlsx?|pptx?|exe|dmg|apk|ics|xml|json|css|js)$/i;

/** The rendered DOM of the page (after scripts ran), as HTML. */
export async function renderedHtml(cdp: CdpClient): Promise<string> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId: root.nodeId });
  return outerHTML;
}

/**
 * Same-site page links in document order, normalised (no fragment) and deduplicated.
 * Same site means same registrable domain, so www. and the bare domain count as one site.
 */
export function extractSameSiteLinks(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  const base = $('base[href]').attr('href');
  let baseUrl: URL;
  try {
    baseUrl = new URL(base ?? pageUrl, pageUrl);
  } catch {
    baseUrl = new URL(pageUrl);
  }
  const siteDomain = siteOf(new URL(pageUrl).hostname);
  const seen = new Set<string>([normalise(new URL(pageUrl))]);
  const links: string[] = [];
  $('a[href]').each((_, element) => {
    const href = $(element).attr('href')?.trim();
    if (!href || href.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(href)) return;
    let url: URL;
    try {
      url = new URL(href, baseUrl);
    } catch {
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    if (siteOf(url.hostname) !== siteDomain || NON_PAGE.test(url.pathname)) return;
    const key = normalise(url);
    if (seen.has(key)) return;
    seen.add(key);
    links.push(key);
  });
  return links;
}

function normalise(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

