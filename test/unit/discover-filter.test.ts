import { describe, expect, it } from 'vitest';
import { createUrlFilter, GlobError, globToRegExp } from '../../src/gather/discover/filter.js';

const u = (path: string) => `https://www.big-blog.test${path}`;

describe('include / exclude globs', () => {
  it('/blog/** matches the folder itself and everything below', () => {
    const re = globToRegExp('/blog/**');
    for (const path of ['/blog', '/blog/', '/blog/post-1.html', '/blog/2024/05/x']) expect(re.test(path), path).toBe(true);
    for (const path of ['/blogs', '/about.html', '/x/blog/y']) expect(re.test(path), path).toBe(false);
  });

  it('a pattern without a slash matches the last segment anywhere', () => {
    const re = globToRegExp('*.pdf');
    expect(re.test('/a.pdf')).toBe(true);
    expect(re.test('/docs/2024/report.pdf')).toBe(true);
    expect(re.test('/docs/report.pdf.html')).toBe(false);
  });

  it('* stays in one segment, ** crosses segments, ? is one character, {a,b} alternatives', () => {
    expect(globToRegExp('/blog/*').test('/blog/a')).toBe(true);
    expect(globToRegExp('/blog/*').test('/blog/a/b')).toBe(false);
    expect(globToRegExp('/**/secret.html').test('/secret.html')).toBe(true);
    expect(globToRegExp('/**/secret.html').test('/a/b/secret.html')).toBe(true);
    expect(globToRegExp('/products/?.html').test('/products/1.html')).toBe(true);
    expect(globToRegExp('/products/?.html').test('/products/12.html')).toBe(false);
    expect(globToRegExp('/{blog,news}/*').test('/news/x')).toBe(true);
    expect(globToRegExp('blog/*').test('/blog/x')).toBe(true);
    expect(globToRegExp('/a.b').test('/axb')).toBe(false);
  });

  it('rejects bad patterns', () => {
    expect(() => globToRegExp('/{a,b')).toThrow(GlobError);
    expect(() => globToRegExp('  ')).toThrow(GlobError);
  });

  it('include keeps matches only, exclude wins, query and host are ignored', () => {
    const filter = createUrlFilter({ include: ['/blog/**', '/products/*'], exclude: ['/blog/post-1*.html', '*.pdf'] });
    expect(filter(u('/blog/post-2.html?utm_source=x'))).toBe(true);
    expect(filter(u('/products/1.html'))).toBe(true);
    expect(filter(u('/blog/post-1.html'))).toBe(false);
    expect(filter(u('/blog/post-12.html'))).toBe(false);
    expect(filter(u('/blog/files/a.pdf'))).toBe(false);
    expect(filter(u('/about.html'))).toBe(false);
    expect(filter('not a url')).toBe(false);
    expect(createUrlFilter({})(u('/anything'))).toBe(true);
    expect(createUrlFilter({ exclude: ['/private/**'] })(u('/private/secret.html'))).toBe(false);
  });
});
