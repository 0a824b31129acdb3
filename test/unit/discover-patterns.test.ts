import { describe, expect, it } from 'vitest';
import { diverseSample, pathPattern } from '../../src/gather/discover/patterns.js';

const u = (path: string) => `https://www.big-blog.test${path}`;

describe('pathPattern', () => {
  it.each([
    ['/blog/my-post', '/blog/*'],
    ['/blog/my-post/', '/blog/*'],
    ['/blog/post-1.html', '/blog/*.html'],
    ['/products/123', '/products/:id'],
    ['/products/1.html', '/products/:id.html'],
    ['/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/orders/:uuid'],
    ['/commit/9fceb02d0ae598e95dc970b74767f19372d61af8', '/commit/:id'],
    ['/news/2024-05-01/launch', '/news/:date/launch'],
    ['/2024/05/hello-world', '/:id/:id/*'],
    ['/about.html', '/about.html'],
    ['/about-us', '/about-us'],
    ['/deep/level2.html', '/deep/level2.html'],
    ['/', '/'],
    ['/search?q=a&page=2&utm_source=x', '/search?page&q'],
    ['/docs/report.pdf', '/docs/report.pdf'],
  ])('%s → %s', (path, pattern) => {
    expect(pathPattern(u(path))).toBe(pattern);
  });

  it('ignores the host', () => {
    expect(pathPattern('https://a.example/blog/x-y')).toBe(pathPattern('https://b.example/blog/z-w'));
  });
});

describe('diverseSample', () => {
  const discovered = [
    u('/'),
    ...Array.from({ length: 15 }, (_, i) => u(`/blog/post-${i + 1}.html`)),
    u('/blog/post-1.html?utm_source=x'),
    u('/blog/post-1.html#comments'),
    ...Array.from({ length: 5 }, (_, i) => u(`/products/${i + 1}.html`)),
    u('/about.html'),
    u('/contact.html'),
    u('/blog/'),
    u('/deep/'),
    u('/deep/level2.html'),
    u('/deep/level3.html'),
  ];

  it('takes one URL per template first, in discovery order', () => {
    expect(diverseSample(discovered, 10)).toEqual([
      u('/'),
      u('/blog/post-1.html'),
      u('/products/1.html'),
      u('/about.html'),
      u('/contact.html'),
      u('/blog/'),
      u('/deep/'),
      u('/deep/level2.html'),
      u('/deep/level3.html'),
      u('/blog/post-2.html'),
    ]);
  });

  it('then more of the same, round robin, without duplicates', () => {
    const all = diverseSample(discovered, 100);
    expect(all).toHaveLength(1 + 15 + 5 + 6);
    expect(all.slice(9, 11)).toEqual([u('/blog/post-2.html'), u('/products/2.html')]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('handles limits and junk', () => {
    expect(diverseSample(discovered, 0)).toEqual([]);
    expect(diverseSample(['not a url', u('/a'), u('/a/')], 5)).toEqual([u('/a')]);
  });
});
