/**
 * Folder names for per-site reports in a batch: readable (the host, then the path), safe on every
 * file system (lower-case letters, digits, dots and dashes), unique within the batch, and stable:
 * the same list of sites always gives the same names, which --resume relies on.
 */
const MAX_LENGTH = 80;

export function siteSlugs(sites: readonly string[]): string[] {
  const used = new Set<string>();
  return sites.map((site, index) => {
    const base = slugOf(site) || `site-${index + 1}`;
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return slug;
  });
}

function slugOf(site: string): string {
  let text = site;
  try {
    const url = new URL(site);
    text = `${url.hostname}${url.port ? `-${url.port}` : ''}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    // Not a URL (an input error): its text still names it.
  }
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/[-.]+$/, '');
}
