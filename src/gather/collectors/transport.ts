import type { BrowserPage } from '../browser/types.js';
import type { PageTransport } from '../../model/transport.js';
import { renderedHtml } from '../discover/links.js';
import { parseHsts } from '../transport/hsts.js';
import { findLegalLinks, parsePage, readForms } from '../transport/page-facts.js';
import type { CollectedEvidence, Collector, CollectorContext, PageVisit } from './collector.js';
import { headerValue, type NetworkCollector } from './network.js';

/** The transport collector's part of a page's evidence. */
export type TransportEvidence = Pick<CollectedEvidence, 'transport' | 'legalLinks'>;

/**
 * Records how each page was delivered (the main document's URL and Strict-Transport-Security
 * header, from the network collector's main-document response) and, from one read of the rendered
 * DOM, the top-level document's forms and, when asked, its legal links. Records only.
 */
export class TransportCollector implements Collector<TransportEvidence> {
  readonly name = 'transport';
  private readonly page: BrowserPage;

  constructor(
    context: CollectorContext,
    private readonly network: Pick<NetworkCollector, 'mainDocumentResponse'>,
    private readonly legalLinks: boolean,
  ) {
    this.page = context.page;
  }

  async collect(visit: PageVisit): Promise<TransportEvidence> {
    const transport: PageTransport = {};
    const document = this.network.mainDocumentResponse();
    if (document) {
      transport.documentUrl = document.url;
      const hsts = headerValue(document.headers, 'strict-transport-security');
      // Browsers ignore the header on plain HTTP (RFC 6797 §8.1); it is recorded only where it counts.
      if (hsts !== undefined && document.url.startsWith('https:')) transport.hsts = parseHsts(hsts);
    }
    if (!visit.loaded) return { transport };
    const parsed = parsePage(await renderedHtml(this.page.cdp), this.page.url());
    transport.forms = readForms(parsed, this.page.url());
    return { transport, ...(this.legalLinks ? { legalLinks: findLegalLinks(parsed) } : {}) };
  }
}
