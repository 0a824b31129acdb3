import { describe, expect, it } from 'vitest';
import { createProgress, isCi, type ProgressIo } from '../../src/cli/progress.js';

/** A fake stderr that records what was written. */
function fakeIo(options: Partial<ProgressIo> = {}) {
  const writes: string[] = [];
  const io: ProgressIo = { err: (text) => writes.push(text), isTTY: false, color: false, quiet: false, env: {}, ...options };
  return { io, writes, text: () => writes.join('') };
}

/** Two sites: one scanned (2 pages; one visit fails), one that could not be. */
function drive(progress: ReturnType<typeof createProgress>): void {
  progress.log('browser: /usr/bin/chromium (140.0.0.0)');
  progress.onSiteStart({ url: 'https://shop.test/', index: 0, total: 2, phases: 2 });
  progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://shop.test/', phase: 'before', ok: true, ms: 1234 });
  progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://shop.test/about.html?x=1', phase: 'accept', ok: true, ms: 900 });
  progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://cdn.other.test/x', phase: 'reject', ok: false, ms: 30_000 });
  progress.onSiteDone({ url: 'https://shop.test/', index: 0, total: 2, pages: 2, findings: 1, ms: 12_345 });
  progress.onSiteStart({ url: 'https://down.test/', index: 1, total: 2, phases: 2 });
  progress.onSiteDone({ url: 'https://down.test/', index: 1, total: 2, pages: 0, findings: 0, error: 'net::ERR_NAME_NOT_RESOLVED', ms: 50 });
  progress.finish();
}

describe('console progress', () => {
  it('plain lines when stderr is not a terminal', () => {
    const { io, text } = fakeIo();
    drive(createProgress(io));
    expect(text()).toBe(
      [
        'browser: /usr/bin/chromium (140.0.0.0)',
        '[1/2] scanning https://shop.test/ (2 phases)',
        '  before  /  ok  1.2 s',
        '  accept  /about.html?x=1  ok  0.9 s',
        '  reject  https://cdn.other.test/x  failed  30.0 s',
        '[1/2] done https://shop.test/: 2 pages, 1 finding (12.3 s)',
        '[2/2] scanning https://down.test/ (2 phases)',
        '[2/2] error https://down.test/: net::ERR_NAME_NOT_RESOLVED (0.1 s)',
        '',
      ].join('\n'),
    );
    expect(text()).not.toContain('\r');
    expect(text()).not.toContain('\u001b');
  });

  it('plain lines in CI even on a terminal; colours only when asked', () => {
    const { io, text } = fakeIo({ isTTY: true, env: { CI: 'true' }, color: true });
    drive(createProgress(io));
    expect(text()).not.toContain('\r');
    expect(text()).toContain('\u001b[32mok\u001b[39m');
    expect(text()).toContain('\u001b[31mfailed\u001b[39m');
    expect(text().split('\n')).toHaveLength(9);
  });

  it('one redrawn progress line on a terminal, finished sites above it, nothing left behind', () => {
    const { io, writes, text } = fakeIo({ isTTY: true, columns: 100 });
    const progress = createProgress(io);
    progress.onSiteStart({ url: 'https://shop.test/', index: 0, total: 2, phases: 3 });
    expect(writes.at(-1)).toBe('\r\u001b[2K[--------------------] 0/2 sites · shop.test · 0 pages');
    progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://shop.test/', phase: 'before', ok: true, ms: 1000 });
    progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://shop.test/', phase: 'accept', ok: true, ms: 1000 });
    progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: 'https://shop.test/a', phase: 'before', ok: false, ms: 1000 });
    expect(writes.at(-1)).toBe('\r\u001b[2K[--------------------] 0/2 sites · shop.test · 2 pages · 1 failed');
    progress.onSiteDone({ url: 'https://shop.test/', index: 0, total: 2, pages: 2, findings: 3, ms: 4000 });
    progress.onSiteStart({ url: 'https://www.next.test/de/', index: 1, total: 2, phases: 3 });
    expect(writes.at(-1)).toBe('\r\u001b[2K[##########----------] 1/2 sites · www.next.test/de/ · 0 pages');
    progress.log('a note');
    progress.onSiteDone({ url: 'https://www.next.test/de/', index: 1, total: 2, pages: 1, findings: 0, ms: 1000 });
    progress.finish();
    // Each permanent line is written on a cleared line; no page lines on a terminal.
    const permanent = text()
      .split('\n')
      .map((l) => l.slice(l.lastIndexOf('\r\u001b[2K') + 1).replace(/^\u001b\[2K/, ''));
    expect(permanent).toEqual(['[1/2] done shop.test: 2 pages, 3 findings (4.0 s)', 'a note', '[2/2] done www.next.test/de/: 1 page, 0 findings (1.0 s)', '']);
    // After the last site the progress line is not drawn again.
    expect(text().endsWith('0 findings (1.0 s)\n')).toBe(true);
  });

  it('keeps the progress line narrower than the terminal', () => {
    const { io, writes } = fakeIo({ isTTY: true, columns: 60 });
    createProgress(io).onSiteStart({ url: `https://shop.test/${'a'.repeat(200)}`, index: 0, total: 1, phases: 3 });
    const line = writes.at(-1)!.replace('\r\u001b[2K', '');
    expect(Array.from(line).length).toBeLessThan(60);
    expect(line).toContain('…');
  });

  it('prints nothing at all with --quiet', () => {
    const { io, writes } = fakeIo({ quiet: true, isTTY: true });
    drive(createProgress(io));
    expect(writes).toEqual([]);
  });

  it('sanitises what the site controls', () => {
    const { io, text } = fakeIo();
    const progress = createProgress(io);
    const evil = 'https://shop.test/\u001b]0;owned\u0007x\u001b[2J\nFAKE LINE';
    progress.onSiteStart({ url: evil, index: 0, total: 1, phases: 1 });
    progress.onPageDone({ siteUrl: 'https://shop.test/', pageUrl: `${evil}\r`, phase: 'before', ok: true, ms: 1 });
    progress.onSiteDone({ url: evil, index: 0, total: 1, pages: 1, findings: 0, error: 'boom\u001b[31m\nsecond line', ms: 1 });
    expect(text()).not.toContain('\u001b');
    expect(text()).not.toContain('\r');
    expect(text().split('\n')).toHaveLength(4);
    expect(text()).toContain('FAKE LINE');
  });

  it('knows CI from the environment', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({})).toBe(false);
  });
});

describe('console progress with several sites at once', () => {
  it('plain lines say whose page it was while sites overlap; reused sites say so', () => {
    const { io, text } = fakeIo();
    const progress = createProgress(io);
    progress.onSiteDone({ url: 'https://old.test/', index: 2, total: 3, pages: 4, findings: 2, ms: 0, resumed: true });
    progress.onSiteStart({ url: 'https://a.test/', index: 0, total: 3, phases: 1 });
    progress.onSiteStart({ url: 'https://b.test/de/', index: 1, total: 3, phases: 1 });
    progress.onPageDone({ siteUrl: 'https://b.test/de/', pageUrl: 'https://b.test/de/', phase: 'before', ok: true, ms: 1000 });
    progress.onSiteDone({ url: 'https://a.test/', index: 0, total: 3, pages: 1, findings: 0, ms: 2000 });
    progress.onPageDone({ siteUrl: 'https://b.test/de/', pageUrl: 'https://b.test/de/x', phase: 'before', ok: true, ms: 1000 });
    progress.finish();
    expect(text().split('\n')).toEqual([
      '[3/3] reused https://old.test/: 4 pages, 2 findings (from the interrupted run)',
      '[1/3] scanning https://a.test/ (1 phase)',
      '[2/3] scanning https://b.test/de/ (1 phase)',
      '  before  b.test/de/ /de/  ok  1.0 s',
      '[1/3] done https://a.test/: 1 page, 0 findings (2.0 s)',
      '  before  /de/x  ok  1.0 s',
      '',
    ]);
  });

  it('the terminal line counts finished sites and names the running ones', () => {
    const { io, writes } = fakeIo({ isTTY: true, columns: 120 });
    const progress = createProgress(io);
    progress.onSiteStart({ url: 'https://a.test/', index: 0, total: 3, phases: 3 });
    progress.onSiteStart({ url: 'https://b.test/', index: 1, total: 3, phases: 3 });
    progress.onPageDone({ siteUrl: 'https://a.test/', pageUrl: 'https://a.test/', phase: 'before', ok: true, ms: 1 });
    progress.onPageDone({ siteUrl: 'https://b.test/', pageUrl: 'https://b.test/', phase: 'before', ok: false, ms: 1 });
    expect(writes.at(-1)).toBe('\r\u001b[2K[--------------------] 0/3 sites · a.test +1 · 2 pages · 1 failed');
    progress.onSiteDone({ url: 'https://a.test/', index: 0, total: 3, pages: 1, findings: 0, ms: 1 });
    expect(writes.at(-1)).toBe('\r\u001b[2K[#######-------------] 1/3 sites · b.test · 1 page · 1 failed');
    progress.finish();
  });
});
