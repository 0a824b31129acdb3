import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReportCommand } from '../../src/cli/report-command.js';
import { exitCodeOfReport } from '../../src/finish/verdict.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Report } from '../../src/model/report.js';
import { RENDERERS } from '../../src/render/formats.js';
import { renderJson, writeReports } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { upgradeReport } from '../../src/model/upgrade.js';

const SAMPLE = new URL('../fixtures-data/report-sample.json', import.meta.url);

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    color: false,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

let dir: string;
let reportPath: string;
let sample: Report;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-report-command-'));
  reportPath = join(dir, 'report.json');
  await copyFile(SAMPLE, reportPath);
  // As the command reads it: upgraded to today's consent shape, its version kept.
  sample = upgradeReport(JSON.parse(await readFile(reportPath, 'utf8'))) as Report;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saveReport(report: Report, name = 'report.json'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, renderJson(report), 'utf8');
  return path;
}

describe('runReportCommand', () => {
  it('re-renders md, sarif and junit next to the report and prints the paths', async () => {
    const io = capture();
    const code = await runReportCommand({ report: reportPath, format: 'junit,md,sarif' }, io);
    // The sample was made with --fail-on none (the demo): nothing fails.
    expect(code).toBe(0);
    expect(io.stderr).toBe('');
    const written = ['report.md', 'report.sarif', 'report.junit.xml'].map((name) => join(dir, name));
    expect(io.stdout).toBe(written.map((path) => `Report: ${path}\n`).join(''));
    expect((await readdir(dir)).sort()).toEqual(['report.json', 'report.junit.xml', 'report.md', 'report.sarif']);
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toBe(renderMarkdown(sample, { failOn: 'none' }));
    expect(JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(await readFile(join(dir, 'report.junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  });

  it('writes into --out, and re-rendered JSON is the report as read (an old one in today\'s consent shape, its version kept)', async () => {
    const io = capture();
    const out = join(dir, 'nested', 'out');
    expect(await runReportCommand({ report: reportPath, format: 'json,md', out }, io)).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['report.json', 'report.md']);
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe(renderJson(sample));
  });

  it('returns the exit code the report implies for --fail-on', async () => {
    // 7 high, 6 medium, 4 low failing findings; none critical.
    expect(await runReportCommand({ report: reportPath, format: 'md', failOn: 'high' }, capture())).toBe(1);
    expect(await runReportCommand({ report: reportPath, format: 'md', failOn: 'critical' }, capture())).toBe(0);
    expect(await runReportCommand({ report: reportPath, format: 'md', failOn: 'LOW' }, capture())).toBe(1);
    expect(await runReportCommand({ report: reportPath, format: 'md', failOn: 'none' }, capture())).toBe(0);
    // The verdict of the re-rendered files follows the threshold too.
    await runReportCommand({ report: reportPath, format: 'md', failOn: 'high' }, capture());
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toMatch(/^## ❌ GDPR scan failed: 7 findings at or above high/);
  });

  it('with a baseline, only new findings count', async () => {
    const report = structuredClone(sample);
    const all = report.sites.flatMap((s) => s.findings);
    for (const f of all) f.baseline = 'existing';
    report.baseline = { path: 'old.json', newFindings: 0, existingFindings: all.length, resolved: [] };
    const path = await saveReport(report, 'with-baseline.json');
    expect(await runReportCommand({ report: path, format: 'md', failOn: 'low' }, capture())).toBe(0);
    all.find((f) => f.severity === 'medium')!.baseline = 'new';
    report.baseline.newFindings = 1;
    await saveReport(report, 'with-baseline.json');
    expect(await runReportCommand({ report: path, format: 'md', failOn: 'high' }, capture())).toBe(0);
    expect(await runReportCommand({ report: path, format: 'md', failOn: 'medium' }, capture())).toBe(1);
  });

  it('a report where no site could be scanned implies exit code 2', async () => {
    const report = structuredClone(sample);
    for (const site of report.sites) site.error = 'net::ERR_CONNECTION_REFUSED';
    expect(exitCodeOfReport(report, 'high')).toBe(2);
    expect(exitCodeOfReport(sample, 'high')).toBe(1);
    const path = await saveReport(report, 'broken.json');
    expect(await runReportCommand({ report: path, format: 'md' }, capture())).toBe(2);
  });

  it.each([
    ['a missing file', async () => join(dir, 'nope.json'), /nope\.json: file not found$/],
    ['a directory', async () => dir, /is a directory/],
    ['not JSON', async () => {
      await writeFile(join(dir, 'bad.json'), '{"schemaVersion": ', 'utf8');
      return join(dir, 'bad.json');
    }, /bad\.json: not JSON \(/],
    ['JSON that is not a report', async () => {
      await writeFile(join(dir, 'other.json'), '{"hello": "world"}', 'utf8');
      return join(dir, 'other.json');
    }, /other\.json: not a valid gdpr-scan report: \(root\) must have required property '[a-zA-Z]+' \(and \d+ more problems\)$/],
  ])('rejects %s with one line and exit code 2', async (_label, makePath, message) => {
    const io = capture();
    expect(await runReportCommand({ report: await makePath(), format: 'md' }, io)).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr.split('\n')).toHaveLength(2);
    expect(io.stderr.trimEnd()).toMatch(/^gdpr-scan report: /);
    expect(io.stderr.trimEnd()).toMatch(message);
  });

  it('rejects an unknown format or threshold before reading anything', async () => {
    const io = capture();
    expect(await runReportCommand({ report: reportPath, format: 'md,pdf' }, io)).toBe(2);
    expect(io.stderr).toBe('gdpr-scan report: --format: unknown format "pdf" (available: json, html, md, sarif, junit)\n');
    const io2 = capture();
    expect(await runReportCommand({ report: reportPath, format: 'md', failOn: 'severe' }, io2)).toBe(2);
    expect(io2.stderr).toMatch(/^gdpr-scan report: --fail-on: "severe" is not one of none, low, medium, high, critical\n$/);
    const io3 = capture();
    expect(await runReportCommand({ report: reportPath, format: ' , ' }, io3)).toBe(2);
    expect(await readdir(dir)).toEqual(['report.json']);
  });
});

describe('writeReports through the format registry', () => {
  it('writes the formats asked for, in registry order, with their file names', async () => {
    const out = join(dir, 'all');
    const written = await writeReports(sample, out, ['junit', 'sarif', 'unknown', 'md', 'json']);
    expect(written).toEqual(['report.json', 'report.md', 'report.sarif', 'report.junit.xml'].map((name) => join(out, name)));
    expect((await readdir(out)).sort()).toEqual(['report.json', 'report.junit.xml', 'report.md', 'report.sarif']);
    expect(Object.entries(RENDERERS).map(([format, r]) => [format, r.fileName])).toEqual([
      ['json', 'report.json'],
      ['html', 'report.html'],
      ['md', 'report.md'],
      ['sarif', 'report.sarif'],
      ['junit', 'report.junit.xml'],
    ]);
  });

  it('judges verdicts against the threshold given, else the one the report was made with', async () => {
    const out = join(dir, 'verdicts');
    await writeReports(sample, out, ['md']);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/^## ✅ GDPR scan passed \(fail-on: none\)/);
    await writeReports(sample, out, ['md'], { failOn: 'medium' });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/^## ❌ GDPR scan failed: 13 findings at or above medium/);
  });
});

describe('gdpr-scan report on reports of other versions', () => {
  it('re-renders an old report (schema 1.0) with exactly its own rules, and a 1.1 report with the rules it records', async () => {
    const ownRules = [...new Set(sample.sites.flatMap((s) => s.findings.map((f) => f.ruleId)))].sort();
    expect(await runReportCommand({ report: reportPath, format: 'sarif,junit' }, capture())).toBe(exitCodeOfReport(sample));
    const sarif = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> };
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id).sort()).toEqual(ownRules);
    const junit = await readFile(join(dir, 'report.junit.xml'), 'utf8');
    expect([...new Set([...junit.matchAll(/classname="([a-z-]+)"/g)].map((m) => m[1]).filter((id) => id !== 'gdpr-scan'))].sort()).toEqual(ownRules);

    const newer = join(dir, 'newer');
    const recorded = JSON.parse(await readFile(new URL('../fixtures-data/report-sample-1.1.json', import.meta.url), 'utf8')) as Report;
    await runReportCommand({ report: fileURLToPath(new URL('../fixtures-data/report-sample-1.1.json', import.meta.url)), format: 'sarif', out: newer }, capture());
    const sarif11 = JSON.parse(await readFile(join(newer, 'report.sarif'), 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> };
    expect(sarif11.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(recorded.rules!.map((r) => r.id));
  });
});
