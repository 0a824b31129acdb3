/**
 * The site's plain-HTTP origin: one Node-side request to http://<host>/ of the start page, through
 * nodeFetch (so --host-map applies), redirects followed by hand only while they stay on http:
 * (http://example.com → http://www.example.com → https://… is common), at most MAX_HOPS.
 */
import type { HttpProbe } from '../../model/transport.js';
import { errorMessage } from '../../util/async.js';
import { nodeFetch, type NodeFetchOptions } from './fetch.js';

/** Plain-HTTP redirects followed before the probe gives up. */
export const MAX_HOPS = 3;

/** Short: a closed port 80 or a firewall that drops it must not hold the site up. */
export const HTTP_PROBE_TIMEOUT_MS = 5_000;

/** What one answer (or its absence) was. */
export type ProbeAnswer = { status: number; location?: string } | { error: string };

/** The http: URL probed for a start page: same host, default port, path /. */
export function httpOriginOf(startUrl: string): string {
  // hostname keeps an IPv6 address in brackets, as a URL needs it; the port is the https: one, so it is dropped.
  return `http://${new URL(startUrl).hostname}/`;
}

/**
 * Maps one answer to the probe's verdict. `next` is the http: URL to ask next (a redirect that
 * stays on plain HTTP), for the caller to follow.
 */
export function probeOutcome(url: string, answer: ProbeAnswer): { probe: HttpProbe; next?: string } {
  if ('error' in answer) {
    const refused = /ECONNREFUSED/.test(answer.error);
    return { probe: { url, redirectsToHttps: null, reason: refused ? 'connection refused: nothing is served over plain HTTP' : `no answer: ${answer.error}` } };
  }
  const { status, location } = answer;
  const base = { url, status, ...(location ? { location } : {}) };
  if (status >= 300 && status < 400) {
    if (!location) return { probe: { ...base, redirectsToHttps: null, reason: `HTTP ${status} without a Location header` } };
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      return { probe: { ...base, redirectsToHttps: null, reason: `HTTP ${status} to an invalid Location` } };
    }
    if (target.protocol === 'https:') return { probe: { ...base, redirectsToHttps: true, reason: `HTTP ${status} to ${target.href}` } };
    if (target.protocol === 'http:') return { probe: { ...base, redirectsToHttps: false, reason: `HTTP ${status} to ${target.href}, still plain HTTP` }, next: target.href };
    return { probe: { ...base, redirectsToHttps: null, reason: `HTTP ${status} to a ${target.protocol} URL` } };
  }
  if (status >= 200 && status < 300) return { probe: { ...base, redirectsToHttps: false, reason: `HTTP ${status}: the page is served over plain HTTP` } };
  return { probe: { ...base, redirectsToHttps: null, reason: `HTTP ${status}: neither a page nor a redirect` } };
}

/** Asks the start page's http: origin whether it redirects to HTTPS. Never throws: a failure is the probe's answer. */
export async function probeHttpOrigin(startUrl: string, options: Omit<NodeFetchOptions, 'maxRedirects' | 'timeoutMs' | 'maxBytes'>): Promise<HttpProbe> {
  const first = httpOriginOf(startUrl);
  let url = first;
  for (let hop = 0; ; hop++) {
    let answer: ProbeAnswer;
    try {
      const response = await nodeFetch(url, { ...options, maxRedirects: 0, timeoutMs: HTTP_PROBE_TIMEOUT_MS, maxBytes: 64_000 });
      const location = response.headers.location;
      answer = { status: response.status, ...(location ? { location } : {}) };
    } catch (error) {
      answer = { error: errorMessage(error) };
    }
    const { probe, next } = probeOutcome(url, answer);
    const result = { ...probe, url: first, ...(hop > 0 ? { hops: hop } : {}) };
    if (!next || hop >= MAX_HOPS) return result;
    url = next;
  }
}
