import { describe, expect, it } from 'vitest';
import { dedupeUrls, isTrackingParam, normaliseUrl, urlKey } from '../../src/gather/discover/normalise.js';

describe('normaliseUrl', () => {
  it('drops fragments, credentials, default ports; lower-cases the host', () => {
    expect(normaliseUrl('HTTPS://User:pw@WWW.Example.COM:443/a#top')).toBe('https://www.example.com/a');
    expect(normaliseUrl('http://example.com:80/')).toBe('http://example.com/');
    expect(normaliseUrl('http://example.com:8080/')).toBe('http://example.com:8080/');
  });

  it('drops tracking parameters and sorts the rest (stable for repeated names)', () => {
    expect(normaliseUrl('https://e.com/p?utm_source=x&b=2&gclid=1&a=1&fbclid=z&UTM_Medium=m&_ga=1&_gl=2&msclkid=3&mc_cid=4&mc_eid=5&yclid=6&dclid=7&igshid=8')).toBe(
      'https://e.com/p?a=1&b=2',
    );
    expect(normaliseUrl('https://e.com/p?tag=b&x=1&tag=a')).toBe('https://e.com/p?tag=b&tag=a&x=1');
    expect(normaliseUrl('https://e.com/p?utm_source=x')).toBe('https://e.com/p');
    expect(normaliseUrl('https://e.com/p?')).toBe('https://e.com/p');
  });

  it('keeps ref, which can be meaningful', () => {
    expect(isTrackingParam('ref')).toBe(false);
    expect(normaliseUrl('https://e.com/p?ref=main')).toBe('https://e.com/p?ref=main');
  });

  it('collapses duplicate slashes and keeps the trailing slash as linked', () => {
    expect(normaliseUrl('https://e.com//a///b/')).toBe('https://e.com/a/b/');
    expect(normaliseUrl('https://e.com/a')).toBe('https://e.com/a');
  });

  it('resolves relative URLs against a base and rejects non-http(s)', () => {
    expect(normaliseUrl('../x.html#c', 'https://e.com/a/b/')).toBe('https://e.com/a/x.html');
    expect(normaliseUrl('mailto:a@e.com')).toBeNull();
    expect(normaliseUrl('javascript:void(0)')).toBeNull();
    expect(normaliseUrl('ftp://e.com/x')).toBeNull();
    expect(normaliseUrl('not a url')).toBeNull();
  });
});

describe('urlKey and dedupeUrls', () => {
  it('treats /a/ and /a as one page, but keeps the root', () => {
    expect(urlKey('https://e.com/a/')).toBe('https://e.com/a');
    expect(urlKey('https://e.com/a')).toBe('https://e.com/a');
    expect(urlKey('https://e.com/')).toBe('https://e.com/');
    expect(urlKey('https://e.com/a/?q=1')).toBe('https://e.com/a?q=1');
  });

  it('deduplicates near-identical URLs, first canonical form wins', () => {
    expect(
      dedupeUrls([
        'https://www.big-blog.test/blog/',
        'https://www.big-blog.test/blog',
        'https://www.big-blog.test/blog/post-1.html',
        'https://www.big-blog.test/blog/post-1.html?utm_source=x',
        'https://www.big-blog.test/blog/post-1.html#comments',
        'https://WWW.big-blog.test:443//blog/post-1.html',
        'mailto:x@y.z',
      ]),
    ).toEqual(['https://www.big-blog.test/blog/', 'https://www.big-blog.test/blog/post-1.html']);
  });
});
