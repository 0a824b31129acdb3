/**
 * Console progress while scanning, on stderr (stdout carries only results): on an interactive
 * terminal one progress line that redraws itself (sites done / total, current site, pages done),
 * with a permanent line per finished site above it; when stderr is not a terminal or in CI
 * (env CI set), plain lines per site start, page visit and site end, fit for a log file; with
 * --quiet nothing. Everything a site controls (URLs, error messages) is sanitised first.
 */
import type { Phase } from '../model/evidence.js';
import type { ScanHooks } from '../pipeline/scan.js';
import { sanitizeForTerminal } from '../render/summary.js';

export interface ProgressIo {
  /** Writes to stderr. */
  err(text: string): void;
  /** stderr is an interactive terminal. */
  isTTY: boolean;
  /** ANSI colours wanted (NO_COLOR unset). */
  color: boolean;
  /** --quiet: print nothing at all. */
  quiet: boolean;
  /** Terminal width (process.stderr.columns); 80 when unknown. */
  columns?: number;
  /** Environment, for the CI check; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** The scan hooks, plus `finish()` to clear the progress line before the summary is printed. */
export interface Progress extends Required<ScanHooks> {
  /** Removes the progress line (terminal mode); call once the scan has ended, also after an error. */
  finish(): void;
}

/** The progress line is redrawn in place: carriage return, then erase the line. */
const REDRAW = '\r\u001b[2K';
const BAR_WIDTH = 20;

const COLORS = { green: ['\u001b[32m', '\u001b[39m'], red: ['\u001b[31m', '\u001b[39m'], dim: ['\u001b[2m', '\u001b[22m'], bold: ['\u001b[1m', '\u001b[22m'] } as const;

/** CI systems set CI=true (GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite, ...). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The page as short as it stays clear: its path (and query) on the site's own host, else the whole URL. */
function pageLabel(pageUrl: string, siteUrl: string): string {
  try {
    const page = new URL(pageUrl);
    const site = new URL(siteUrl);
    if (page.host === site.host) return `${page.pathname}${page.search}`;
  } catch {
    // Not URLs: show as given.
  }
  return pageUrl;
}

/** "https://www.shop.com/" -> "www.shop.com" (with the path when there is one), for the progress line. */
function siteLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}

/** Progress output for the pipeline's hooks (src/pipeline/scan.ts). Pure output: it never changes the scan. */
export function createProgress(io: ProgressIo): Progress {
  const noop = (): void => {};
  if (io.quiet) return { log: noop, onSiteStart: noop, onPageDone: noop, onSiteDone: noop, finish: noop };

  const live = io.isTTY && !isCi(io.env ?? process.env);
  const paint = (color: keyof typeof COLORS, text: string): string => (io.color ? `${COLORS[color][0]}${text}${COLORS[color][1]}` : text);
  const safe = (text: string, max?: number): string => sanitizeForTerminal(text, max);
  const counter = (index: number, total: number): string => `[${index + 1}/${total}]`;

  // State of the current run, local to this progress object. Several sites may run at once.
  let total = 0;
  let sitesDone = 0;
  /** Running sites: label, pages seen, failed visits. */
  const running = new Map<string, { label: string; pages: Set<string>; failed: number }>();
  let current: string | undefined;
  let drawn = false;
  const showRunning = (): void => {
    const labels = [...running.values()].map((site) => site.label);
    current = labels.length === 0 ? undefined : labels.length === 1 ? labels[0] : `${labels[0]} +${labels.length - 1}`;
  };

  const clear = (): void => {
    if (drawn) io.err(REDRAW);
    drawn = false;
  };

  const draw = (): void => {
    if (current === undefined) return;
    const width = Math.max(40, io.columns ?? 80);
    const filled = total > 0 ? Math.round((sitesDone / total) * BAR_WIDTH) : 0;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const counts = ` ${sitesDone}/${total} sites`;
    let pages = 0;
    let failedVisits = 0;
    for (const site of running.values()) {
      pages += site.pages.size;
      failedVisits += site.failed;
    }
    const tail = ` · ${plural(pages, 'page')}${failedVisits ? ` · ${failedVisits} failed` : ''}`;
    // Keep the line shorter than the terminal: a wrapped line cannot be redrawn with \r.
    const room = width - 1 - bar.length - counts.length - 3 - tail.length;
    const site = room >= 8 ? ` · ${safe(current, room)}` : '';
    io.err(`${REDRAW}${paint('green', bar)}${counts}${paint('bold', site)}${tail}`);
    drawn = true;
  };

  /** A permanent line: above the progress line on a terminal, a plain line otherwise. */
  const line = (text: string): void => {
    clear();
    io.err(`${text}\n`);
    if (live) draw();
  };

  return {
    log(text) {
      line(safe(text, 500));
    },
    onSiteStart(event) {
      total = event.total;
      running.set(event.url, { label: siteLabel(event.url), pages: new Set(), failed: 0 });
      if (live) {
        showRunning();
        draw();
      } else {
        line(`${counter(event.index, event.total)} scanning ${safe(event.url)} (${plural(event.phases, 'phase')})`);
      }
    },
    onPageDone(event) {
      const site = running.get(event.siteUrl);
      site?.pages.add(event.pageUrl);
      if (site && !event.ok) site.failed += 1;
      if (live) {
        draw();
        return;
      }
      const phase: Phase = event.phase;
      const status = event.ok ? paint('green', 'ok') : paint('red', 'failed');
      // With several sites at once, each line says whose page it was.
      const where = running.size > 1 ? `${safe(siteLabel(event.siteUrl), 60)} ` : '';
      line(`  ${phase.padEnd(6)}  ${where}${safe(pageLabel(event.pageUrl, event.siteUrl), 120)}  ${status}  ${paint('dim', seconds(event.ms))}`);
    },
    onSiteDone(event) {
      sitesDone += 1;
      total = event.total;
      running.delete(event.url);
      showRunning(); // The last site: no progress line after it.
      const where = live ? safe(siteLabel(event.url)) : safe(event.url);
      const text =
        event.error !== undefined
          ? `${counter(event.index, event.total)} ${paint('red', 'error')} ${where}: ${safe(event.error)} (${seconds(event.ms)})`
          : event.resumed
            ? `${counter(event.index, event.total)} ${paint('green', 'reused')} ${where}: ${plural(event.pages, 'page')}, ${plural(event.findings, 'finding')} (from the interrupted run)`
            : `${counter(event.index, event.total)} ${paint('green', 'done')} ${where}: ${plural(event.pages, 'page')}, ${plural(event.findings, 'finding')} (${seconds(event.ms)})`;
      line(text);
    },
    finish() {
      clear();
      current = undefined;
    },
  };
}
