/**
 * Both parties of a shared identifier (cookie syncing): is each the site itself, and which
 * organisation is behind it. Pure; the services come from the same lookups as requests and cookies.
 */
import type { ServiceInfo } from '../../model/evidence.js';
import type { SharedIdentifier, SharedIdentifierRecord } from '../../model/leak.js';

/** What classifying one shared identifier needs from the site's classifier. */
export interface PartyLookups {
  /** Same registrable domain as the site (host, cookie domain or URL). */
  isFirstParty(hostOrDomain: string): boolean;
  /** The known service behind a host or cookie domain. */
  serviceOf(hostOrDomain: string): ServiceInfo | undefined;
}

/** Adds first/third party and the organisations of both ends. */
export function classifySharedIdentifier(shared: SharedIdentifier, lookups: PartyLookups): SharedIdentifierRecord {
  const setByHost = hostOf(shared.setBy);
  const setByFirstParty = lookups.isFirstParty(setByHost);
  const sentToFirstParty = lookups.isFirstParty(shared.sentToHost);
  const setByOrganization = setByFirstParty ? undefined : lookups.serviceOf(setByHost)?.organization;
  const sentToOrganization = sentToFirstParty ? undefined : lookups.serviceOf(shared.sentToHost)?.organization;
  return {
    ...shared,
    setByFirstParty,
    sentToFirstParty,
    ...(setByOrganization ? { setByOrganization } : {}),
    ...(sentToOrganization ? { sentToOrganization } : {}),
  };
}

/** A storage origin ("https://a.example") or cookie domain (".example.com") as a host name. */
function hostOf(setBy: string): string {
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(setBy)) return new URL(setBy).hostname;
  } catch {
    // not a URL: a cookie domain
  }
  return setBy.replace(/^\.+/, '').toLowerCase();
}
