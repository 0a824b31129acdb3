import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUrlList, readUrlList, UrlListError } from '../../src/gather/discover/lists.js';

describe('URL lists (--urls-file, --sites-file)', () => {
  it('ignores comments and blank lines, trims, keeps fragments, drops exact repeats', () => {
    const text = '\uFEFF# my clients\n\n  https://www.klaro-shop.test/  \nwww.cc-news.test # bare host gets https\r\nhttps://a.test/#top\nhttps://www.klaro-shop.test/\n\t# indented comment\n';
    expect(parseUrlList(text, 'sites.txt')).toEqual([
      { url: 'https://www.klaro-shop.test/', line: 3 },
      { url: 'https://www.cc-news.test/', line: 4 },
      { url: 'https://a.test/#top', line: 5 },
    ]);
  });

  it('reports every bad line with its number', () => {
    let error: unknown;
    try {
      parseUrlList('https://ok.test/\nftp://files.test/\n\nhttps://a.test/ https://b.test/\nhttp://\n', 'sites.txt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UrlListError);
    const lines = (error as UrlListError).problems.map((p) => p.line);
    expect(lines).toEqual([2, 4, 5]);
    expect((error as Error).message).toMatch(/^sites\.txt:2: unsupported scheme "ftp"/m);
    expect((error as Error).message).toMatch(/^sites\.txt:4: one URL a line/m);
    // On the command line: all of them, on one line.
    expect((error as UrlListError).oneLine()).toMatch(/^sites\.txt: 3 bad lines: 2: unsupported scheme "ftp"[^\n]*; 4: one URL a line[^\n]*; 5: not a valid URL[^\n]*$/);
    expect(new UrlListError('x.txt', [{ line: 3, message: 'bad' }]).oneLine()).toBe('x.txt:3: bad');
    const many = new UrlListError('x.txt', Array.from({ length: 12 }, (_, i) => ({ line: i + 1, message: 'bad' })));
    expect(many.oneLine()).toMatch(/^x\.txt: 12 bad lines: 1: bad;.* 10: bad; and 2 more$/);
  });

  it('an empty list or a missing file is an error', async () => {
    expect(() => parseUrlList('# nothing\n\n', 'empty.txt')).toThrow(/^empty\.txt: no URL in the file$/);
    await expect(readUrlList('/nonexistent/sites.txt')).rejects.toThrow(/sites\.txt: file not found/);
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-scan-list-'));
    writeFileSync(join(dir, 'urls.txt'), 'https://x.test/a\n');
    expect(await readUrlList(join(dir, 'urls.txt'))).toEqual([{ url: 'https://x.test/a', line: 1 }]);
  });
});
