/**
 * Transport evidence: how a page reached the visitor (scheme, HSTS), where its forms send what is
 * typed into them, and the site's plain-HTTP origin; plus the legal links found on a page. Raw
 * facts as recorded, nothing judged.
 */

/** The Strict-Transport-Security header of a main document's response, as sent and as parsed (RFC 6797). */
export interface HstsHeader {
  /** The header value as sent (cut to 200 characters). */
  raw: string;
  /** max-age in seconds; absent when the header has no valid max-age (then browsers ignore it). */
  maxAge?: number;
  /** The includeSubDomains directive is present. */
  includeSubDomains: boolean;
  /** The preload directive is present. */
  preload: boolean;
}

/** One form of the page's top-level document, read from the rendered DOM at the end of the visit. */
export interface FormRecord {
  /** The action resolved against the document's base URL (the document's own URL when the form has no action). */
  action: string;
  /** The method, lower-cased: get, post or dialog (a missing or unknown method is get, as browsers treat it). */
  method: string;
  /** The form holds a password field. */
  hasPassword: boolean;
  /** The form holds an e-mail field (type=email, or autocomplete=email). */
  hasEmail: boolean;
  /** Number of fields a visitor can fill in (input other than hidden, submit, button, reset, image; select; textarea). */
  fields: number;
}

/** How one page was delivered in one phase, and where its forms post to. */
export interface PageTransport {
  /** URL of the main document's last response (after redirects): its scheme is the page's transport. */
  documentUrl?: string;
  /** The main document's Strict-Transport-Security header; absent when the response had none (or was not over HTTPS). */
  hsts?: HstsHeader;
  /** Forms of the top-level document (at most 50; forms inside iframes are not read). */
  forms?: FormRecord[];
}

/** What a legal link leads to. */
export type LegalLinkKind = 'privacy' | 'legal-notice' | 'cookie-policy';

/** A link to a privacy policy, a legal notice (Impressum) or a cookie policy, found by its text in the rendered page. */
export interface LegalLink {
  /** What the link text says it leads to. */
  kind: LegalLinkKind;
  /** The link's visible text, whitespace collapsed (cut to 100 characters). */
  text: string;
  /** The link target, resolved against the document's base URL. */
  href: string;
}

/** The one Node-side request to the plain-HTTP origin of the start page (http://<host>/), redirects not followed automatically. */
export interface HttpProbe {
  /** The URL asked for: http:// and the start page's host, path /. */
  url: string;
  /** HTTP status of the last answer; absent when none came. */
  status?: number;
  /** Location header of the last answer, when it had one. */
  location?: string;
  /** Plain-HTTP redirects followed on the way (a host change that stays on http:, at most 3). */
  hops?: number;
  /**
   * true: the http: origin redirects to an https: URL. false: it serves something over plain HTTP
   * (a 2xx answer, or a redirect that stays on http:). null: it cannot be told (no answer,
   * connection refused, an error status, a redirect without Location); `reason` says why.
   */
  redirectsToHttps: boolean | null;
  /** What was observed, in words (e.g. "301 to https://www.example.com/", "connection refused"). */
  reason: string;
}

/** What the site's transport looks like as a whole (recorded once per site). */
export interface SiteTransport {
  /** The plain-HTTP origin of the start page, asked once from Node; absent when the probe did not run. */
  httpProbe?: HttpProbe;
}
