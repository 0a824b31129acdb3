import type { SiteTarget } from './plan.js';

/**
 * Turns what the user typed into a scan target. A bare host gets https://; anything that is not an
 * http(s) URL becomes a site error in the report (the other sites are still scanned).
 */
export function parseTarget(input: string): SiteTarget {
  const text = input.trim();
  if (!text) return { input, error: 'empty URL' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/:]+:\d+(\/|$)/.test(text);
  const candidate = hasScheme ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { input, error: `not a valid URL: "${text}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { input, error: `unsupported scheme "${url.protocol.replace(/:$/, '')}" in "${text}": only http and https sites can be scanned` };
  }
  if (!url.hostname || /\s/.test(text)) return { input, error: `not a valid URL: "${text}"` };
  if (url.username || url.password) return { input, error: `"${text}": credentials in URLs are not supported` };
  if (!isWebsiteHost(url.hostname)) return { input, error: `"${text}" does not name a website: a host name has a dot (shop.example), or is localhost or an IP address` };
  return { input, url: url.href };
}

/**
 * A host a website can have: a dotted name, an IP literal, or localhost. A single word
 * ("garbage", "intranet") is a typo or a local name, never a public site.
 */
function isWebsiteHost(hostname: string): boolean {
  return hostname.includes('.') || hostname.startsWith('[') || hostname === 'localhost';
}
