import type { CdpClient, Protocol } from '../browser/types.js';
import type { RawCookie } from '../../model/evidence.js';
import type { CollectedEvidence, Collector, CollectorContext } from './collector.js';
import type { HttpSetCookie, HttpSetCookieSource } from './set-cookie.js';

/** Longest cookie value kept with --include-values; enough to recognise an identifier, not to reuse a session. */
export const MAX_VALUE_LENGTH = 32;

/**
 * The cookie jar at the end of each visit. Whether a cookie came from a header or a script is
 * told by the Set-Cookie record of `setCookies` (the network collector of the same phase).
 */
export class CookieCollector implements Collector<Pick<CollectedEvidence, 'cookies'>> {
  readonly name = 'cookies';
  readonly unanswered = 'cookie jar did not answer';

  constructor(
    private readonly context: CollectorContext,
    private readonly setCookies: HttpSetCookieSource,
    private readonly includeValues: boolean,
  ) {}

  async collect(): Promise<Pick<CollectedEvidence, 'cookies'>> {
    return { cookies: await collectCookies(this.context.page.cdp, this.setCookies.httpSetCookies(), this.includeValues) };
  }
}

/**
 * Reads the profile's whole cookie jar (every domain, third parties included). Values are kept
 * only when asked for, and then truncated.
 */
export async function collectCookies(cdp: CdpClient, httpSet: ReadonlyMap<string, HttpSetCookie>, includeValues = false): Promise<RawCookie[]> {
  let cookies: Protocol.Network.Cookie[];
  try {
    cookies = (await cdp.send('Network.getAllCookies')).cookies;
  } catch {
    cookies = (await cdp.send('Storage.getCookies')).cookies;
  }
  return cookies.map((cookie) => {
    const domain = String(cookie.domain).replace(/^\./, '').toLowerCase();
    return {
      name: cookie.name,
      domain: cookie.domain,
      path: cookie.path,
      expires: cookie.session || cookie.expires <= 0 ? null : Math.round(cookie.expires),
      httpOnly: Boolean(cookie.httpOnly),
      secure: Boolean(cookie.secure),
      sameSite: cookie.sameSite ?? 'Lax',
      source: httpSet.has(`${cookie.name}@${domain}`) ? 'http' : 'script',
      size: cookie.size ?? cookie.name.length + String(cookie.value ?? '').length,
      ...(cookie.partitionKey ? { partitioned: true } : {}),
      ...(includeValues ? { value: truncateValue(String(cookie.value ?? '')) } : {}),
    } satisfies RawCookie;
  });
}

export function truncateValue(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}
