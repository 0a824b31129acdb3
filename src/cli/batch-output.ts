/**
 * The output of a batch as it happens: each site's own reports in `OUT/sites/<slug>/` the moment
 * the site finishes (report.json always, since --resume reads it, plus the requested formats),
 * and the portfolio index (`OUT/index.json`, `OUT/index.html`) rewritten after every site, so an
 * interrupted run leaves a usable index of what is done.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Report, SiteReport } from '../model/report.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import { compareWithBaseline } from '../finish/baseline.js';
import { addFingerprints } from '../judge/fingerprint.js';
import { writeAtomically, writeReports } from '../render/json.js';
import { buildPortfolioIndex, renderPortfolioJson, type PortfolioSiteInput } from '../finish/portfolio.js';
import { renderPortfolioHtml } from '../render/portfolio-html.js';
import { siteReportOf } from '../finish/site-report.js';
import { siteSlugs } from '../finish/site-slug.js';
import { TOOL } from '../tool.js';
import { readOwnReport, SITES_DIR } from './resume.js';

export interface BatchOutputOptions {
  startedAt: Date;
  baseline?: { report: Report; path: string };
  /** Earlier per-site reports being reused (--resume), by site index: their run details are kept. */
  resumed?: ReadonlyMap<number, Report>;
}

interface WrittenSite {
  site: SiteReport;
  files: string[];
  resumed: boolean;
}

export class BatchOutput {
  private readonly slugs: string[];
  private readonly written = new Map<number, WrittenSite>();
  /** Index writes run one after another, so a slower older write never replaces a newer index. */
  private indexWrites: Promise<unknown> = Promise.resolve();
  /** The user agent the sites were scanned with, for the index's plan. */
  private userAgent: string | undefined;

  constructor(
    private readonly plan: ScanPlan,
    private readonly options: BatchOutputOptions,
  ) {
    this.slugs = siteSlugs(plan.sites.map((target) => target.url ?? target.input));
  }

  /** `sites/<slug>`, relative to --out, with forward slashes (it is also the index's link). */
  relativeDir(index: number): string {
    return `${SITES_DIR}/${this.slugs[index]!}`;
  }

  /**
   * A fresh run (not --resume) starts with no per-site reports: folders under OUT/sites that hold
   * a report of this tool are removed, so a later --resume cannot mistake them for this run's.
   * Anything else there is left alone.
   */
  async removeEarlierSiteReports(): Promise<void> {
    const dir = join(this.plan.outDir, SITES_DIR);
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (await readOwnReport(join(dir, entry, 'report.json'))) await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  /** Writes one finished site's reports, then the index. */
  async writeSite(site: SiteReport, index: number, resumed: boolean, browser?: { version: string; userAgent: string }): Promise<void> {
    const earlier = resumed ? this.options.resumed?.get(index) : undefined;
    this.userAgent = browser?.userAgent ?? this.userAgent ?? earlier?.plan.userAgent;
    const report = siteReportOf(
      {
        tool: earlier?.tool ?? TOOL,
        startedAt: earlier ? new Date(earlier.startedAt) : this.options.startedAt,
        finishedAt: earlier ? new Date(earlier.finishedAt) : new Date(),
        browserVersion: earlier?.browser?.version ?? browser?.version,
        plan: earlier ? { ...summarisePlan(this.plan, earlier.plan.userAgent), concurrency: earlier.plan.concurrency ?? this.plan.concurrency } : summarisePlan(this.plan, browser?.userAgent ?? ''),
      },
      site,
    );
    addFingerprints(report);
    if (this.options.baseline) compareWithBaseline(report, this.options.baseline.report, this.options.baseline.path);
    const formats = this.plan.formats.includes('json') ? this.plan.formats : ['json' as const, ...this.plan.formats];
    const paths = await writeReports(report, join(this.plan.outDir, this.relativeDir(index)), formats);
    this.written.set(index, { site, files: paths.map((path) => basename(path)), resumed });
    await this.writeIndex({ complete: false });
  }

  /** Writes index.json and index.html; returns their paths. `complete`: every site has its report. */
  writeIndex(state: { complete: boolean; interrupted?: boolean; finishedAt?: Date }): Promise<string[]> {
    const write = this.indexWrites.then(() => this.writeIndexNow(state));
    this.indexWrites = write.catch(() => {});
    return write;
  }

  private async writeIndexNow(state: { complete: boolean; interrupted?: boolean; finishedAt?: Date }): Promise<string[]> {
    const sites: PortfolioSiteInput[] = this.plan.sites.map((target, index) => {
      const done = this.written.get(index);
      const url = target.url ?? target.input;
      if (!done) return { url, status: 'pending' };
      return { url, status: 'scanned', site: done.site, reportDir: this.relativeDir(index), reportFiles: done.files, ...(done.resumed ? { resumed: true } : {}) };
    });
    const index = buildPortfolioIndex({
      tool: TOOL,
      startedAt: this.options.startedAt,
      finishedAt: state.finishedAt ?? new Date(),
      complete: state.complete,
      ...(state.interrupted ? { interrupted: true } : {}),
      plan: summarisePlan(this.plan, this.userAgent ?? this.plan.userAgent ?? ''),
      failOn: this.plan.failOn,
      sites,
    });
    const jsonPath = await writeAtomically(join(this.plan.outDir, 'index.json'), renderPortfolioJson(index));
    const htmlPath = await writeAtomically(join(this.plan.outDir, 'index.html'), renderPortfolioHtml(index, { generatedBy: `${TOOL.name} ${TOOL.version}` }));
    return [jsonPath, htmlPath];
  }
}
