/**
 * Optional classifiers that need I/O to be built: Ghostery's tracker database (user-installed,
 * never bundled) and EasyList/EasyPrivacy-syntax filter lists. The CLI builds them once and
 * passes them to the pure `classifySite` as `extraClassifiers`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { FiltersEngine, Request } from '@ghostery/adblocker';
import type { ServiceCategory, ServiceInfo } from '../../model/evidence.js';
import type { ClassifierRequest, ServiceClassifier } from './index.js';
import { isTrackingCategory } from './services.js';

/** Resource types @ghostery/adblocker understands; anything else is passed as "other". */
const ADBLOCKER_TYPES: ReadonlySet<string> = new Set([
  'document', 'stylesheet', 'image', 'media', 'font', 'script', 'texttrack', 'xhr', 'fetch', 'prefetch', 'eventsource',
  'websocket', 'manifest', 'signedexchange', 'ping', 'cspviolationreport', 'preflight', 'other', 'main_frame', 'sub_frame',
  'object', 'beacon', 'csp_report', 'xmlhttprequest',
]);

/** The request as @ghostery/adblocker wants it. */
function rawDetails(request: ClassifierRequest): { url: string; type: 'other'; sourceUrl: string } {
  const type = request.type.toLowerCase();
  // The cast is the library's string union; unknown Chromium types fall back to "other".
  return { url: request.url, type: (ADBLOCKER_TYPES.has(type) ? type : 'other') as 'other', sourceUrl: request.frameUrl || request.siteUrl };
}

/** Ghostery category keys -> ours (docs/categories.md of @ghostery/trackerdb). */
const GHOSTERY_CATEGORIES: Record<string, ServiceCategory> = {
  advertising: 'advertising',
  pornvertising: 'advertising',
  site_analytics: 'analytics',
  social_media: 'social',
  customer_interaction: 'customer-interaction',
  audio_video_player: 'embedded-content',
  consent: 'consent-manager',
  hosting: 'cdn',
  utilities: 'other',
  // "Unclassified trackers" in Ghostery's words, but the category also holds sites' own
  // domains: not called a tracker here (precision first).
  misc: 'other',
  extensions: 'other',
};

/** Maps one Ghostery pattern match to our ServiceInfo. Exported for tests. */
export function ghosteryServiceInfo(match: {
  pattern: { name: string; category: string };
  organization?: { name?: string; country?: string | null } | null;
}): ServiceInfo {
  let category = GHOSTERY_CATEGORIES[match.pattern.category] ?? 'other';
  if (category === 'other' && /tag manag/i.test(match.pattern.name)) category = 'tag-manager';
  const country = match.organization?.country ?? undefined;
  return {
    name: match.pattern.name,
    organization: match.organization?.name || 'unknown (Ghostery)',
    category,
    ...(country && /^[A-Z]{2}$/.test(country) ? { country } : {}),
    tracking: isTrackingCategory(category),
    source: 'ghostery',
  };
}

const GHOSTERY_PACKAGE = '@ghostery/trackerdb';

/** Minimal view of @ghostery/trackerdb's API (it is not a dependency, so no types at build time). */
interface TrackerDb {
  matchUrl(request: { url: string; type: string; sourceUrl: string }, options?: { getDomainMetadata: boolean }): Array<{
    pattern: { name: string; category: string };
    organization?: { name?: string; country?: string | null } | null;
  }>;
}

/**
 * Loads Ghostery's tracker database, if the user installed it, as a classifier.
 *
 * Not bundled: @ghostery/trackerdb is licensed CC BY-NC-SA 4.0, which forbids commercial use
 * without a licence from Ghostery; gdpr-scan is MIT and used by agencies commercially.
 */
export async function loadGhosteryClassifier(options: { /** For tests: another package name. */ packageName?: string } = {}): Promise<ServiceClassifier> {
  // A variable specifier keeps TypeScript (and bundlers) from requiring the package at build time.
  const specifier: string = options.packageName ?? GHOSTERY_PACKAGE;
  let mod: { default: (engine: Uint8Array) => Promise<TrackerDb> };
  let enginePath: string;
  try {
    mod = (await import(specifier)) as typeof mod;
    enginePath = join(dirname(createRequire(import.meta.url).resolve(specifier)), '..', 'trackerdb.engine');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `--tracker-db ghostery needs ${specifier}, which is not installed: run "npm install ${specifier}" next to gdpr-scan. ` +
          'It is not bundled because its licence (CC BY-NC-SA 4.0) does not allow commercial use without a licence from Ghostery.',
      );
    }
    throw new Error(`Could not load ${specifier}: ${(error as Error).message}`);
  }
  let db: TrackerDb;
  try {
    db = await mod.default(await readFile(enginePath));
  } catch (error) {
    throw new Error(`Could not load the Ghostery tracker database from ${enginePath}: ${(error as Error).message}`);
  }
  return (request) => {
    const [first] = db.matchUrl(rawDetails(request), { getDomainMetadata: true });
    return first ? ghosteryServiceInfo(first) : undefined;
  };
}

/**
 * Builds a classifier from filter lists in EasyList / EasyPrivacy syntax (network rules only;
 * cosmetic rules are ignored), matched with @ghostery/adblocker. The first list that blocks a
 * request (and has no exception for it) names it: `<file name>: <rule>`, organisation unknown,
 * category `other` with `tracking: true` (a filter list says "block", not what the host is).
 *
 * Throws one-line errors naming the file when a list cannot be read or holds no network rules.
 */
export async function loadFilterListClassifier(paths: readonly string[]): Promise<ServiceClassifier> {
  const engines: Array<{ name: string; engine: FiltersEngine }> = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
      throw new Error(`Cannot read filter list ${path}: ${why}`);
    }
    let engine: FiltersEngine;
    try {
      // debug keeps each rule's original text, which the report shows as the match.
      engine = FiltersEngine.parse(text, { debug: true, loadCosmeticFilters: false, loadNetworkFilters: true });
    } catch (error) {
      throw new Error(`Cannot parse filter list ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (engine.getFilters().networkFilters.length === 0) throw new Error(`Filter list ${path} contains no network filter rules`);
    engines.push({ name: basename(path), engine });
  }
  return (request) => {
    let adblockRequest: Request | undefined;
    for (const { name, engine } of engines) {
      adblockRequest ??= Request.fromRawDetails(rawDetails(request));
      const result = engine.match(adblockRequest);
      if (!result.match || !result.filter) continue;
      const rule = result.filter.rawLine ?? result.filter.toString();
      return { name: `${name}: ${rule}`, organization: 'unknown (filter list)', category: 'other', tracking: true, source: 'filter-list' };
    }
    return undefined;
  };
}
