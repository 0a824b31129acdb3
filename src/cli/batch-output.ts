/**
 * The output of a batch as it happens: each site's own files in `OUT/sites/<slug>/` the moment
 * the site finishes (evidence.json always, since --resume reads it; report.json always; plus the
 * requested formats),
 * and the portfolio index (`OUT/index.json`, `OUT/index.html`) rewritten after every site, so an
 * interrupted run leaves a usable index of what is done.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RuleDescription, SiteReport } from '../model/report.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import type { BaselineInput } from '../finish/finish.js';
import type { SiteDone } from '../pipeline/scan.js';
import { writeAtomically, writeReports } from '../render/json.js';
import { readEvidenceFile, writeEvidenceFile } from '../pipeline/evidence-file.js';
import { EVIDENCE_FILE_NAME } from '../model/evidence-file.js';
import { buildPortfolioIndex, renderPortfolioJson, type PortfolioSiteInput } from '../finish/portfolio.js';
import { renderPortfolioHtml } from '../render/portfolio-html.js';
import { siteReportOf } from '../finish/site-report.js';
import { siteSlugs } from '../finish/site-slug.js';
import { TOOL } from '../tool.js';
import { readOwnReport, SITES_DIR } from './resume.js';

export interface BatchOutputOptions {
  startedAt: Date;
  baseline?: BaselineInput;
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
  /** The rules the sites were judged with, by id: the index page names them by title. */
  private readonly rules = new Map<string, RuleDescription>();
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
   * a report or evidence of this tool are removed, so a later --resume cannot mistake them for this run's.
   * Anything else there is left alone.
   */
  async removeEarlierSiteReports(): Promise<void> {
    const dir = join(this.plan.outDir, SITES_DIR);
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) {
      const ours = (await readOwnReport(join(dir, entry, 'report.json'))) ?? (await readEvidenceFile(join(dir, entry, EVIDENCE_FILE_NAME)).catch(() => undefined));
      if (ours?.tool.name === TOOL.name) await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  /**
   * Writes one finished site's evidence and reports, then the index. The site's report describes
   * its visit (times, browser and user agent from its evidence) and today's judging.
   */
  async writeSite(done: SiteDone): Promise<void> {
    const { index, judged, evidence, resumed } = done;
    this.userAgent = this.userAgent ?? evidence.browser.userAgent;
    const report = siteReportOf(
      {
        tool: TOOL,
        startedAt: new Date(evidence.site.startedAt),
        finishedAt: new Date(evidence.finishedAt),
        browserVersion: evidence.browser.version,
        plan: { ...summarisePlan(this.plan, evidence.browser.userAgent), ...(resumed ? { concurrency: evidence.plan.concurrency ?? this.plan.concurrency } : {}) },
      },
      judged,
      this.options.baseline,
    );
    const dir = join(this.plan.outDir, this.relativeDir(index));
    const formats = this.plan.formats.includes('json') ? this.plan.formats : ['json' as const, ...this.plan.formats];
    const paths = [await writeEvidenceFile(dir, evidence), ...(await writeReports(report, dir, formats))];
    this.written.set(index, { site: judged.site, files: paths.map((path) => basename(path)), resumed });
    for (const rule of judged.rules) if (!this.rules.has(rule.id)) this.rules.set(rule.id, rule);
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
    const htmlPath = await writeAtomically(join(this.plan.outDir, 'index.html'), renderPortfolioHtml(index, { generatedBy: `${TOOL.name} ${TOOL.version}`, rules: [...this.rules.values()] }));
    return [jsonPath, htmlPath];
  }
}
