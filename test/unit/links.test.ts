import { describe, expect, it } from 'vitest';
import { extractSameSiteLinks } from '../../src/gather/discover/links.js';

describe('same-site link discovery', () => {
  it('keeps same registrable domain pages in order, normalised and deduplicated', () => {
    const html = `<html><body>
      <a href="/about.html">About</a><a href="/about.html#team">Team</a>
      <a href="https://shop.example.co.uk/cart">Cart</a>
      <a href="https://other.co.uk/">Other</a><a href="mailto:x@y.z">Mail</a><a href="javascript:void(0)">JS</a>
      <a href="/brochure.pdf">PDF</a><a href="#top">Top</a><a href="https://www.example.co.uk/">Home</a>
      <a href="http://[bad">bad</a></body></html>`;
    expect(extractSameSiteLinks(html, 'https://www.example.co.uk/')).toEqual([
      'https://www.example.co.uk/about.html',
      'https://shop.example.co.uk/cart',
    ]);
  });

  it('honours <base href>', () => {
    const html = '<head><base href="https://www.a.test/blog/"></head><a href="post-1">x</a>';
    expect(extractSameSiteLinks(html, 'https://www.a.test/')).toEqual(['https://www.a.test/blog/post-1']);
  });
});
