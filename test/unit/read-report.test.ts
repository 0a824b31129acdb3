import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReportFile, ReportFileError, type ReportFileProblem } from '../../src/model/read-report.js';

const SAMPLE = new URL('../fixtures-data/report-sample.json', import.meta.url);

describe('readReportFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'read-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const problem = async (path: string): Promise<{ problem: ReportFileProblem; message: string }> => {
    const error = await readReportFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReportFileError);
    const { problem, message } = error as ReportFileError;
    expect(message).not.toContain('\n');
    return { problem, message };
  };

  it('reads a valid report', async () => {
    const path = join(dir, 'report.json');
    await writeFile(path, await readFile(SAMPLE, 'utf8'));
    expect((await readReportFile(path)).tool.name).toBe('gdpr-scan');
  });

  it('names the path and the problem in one line', async () => {
    expect(await problem(join(dir, 'nope.json'))).toEqual({ problem: 'not-found', message: `${join(dir, 'nope.json')}: file not found` });
    expect(await problem(dir)).toEqual({ problem: 'directory', message: `${dir}: is a directory; name the report.json inside it` });
    await writeFile(join(dir, 'half.json'), '{"schemaVersion": ');
    expect(await problem(join(dir, 'half.json'))).toMatchObject({ problem: 'not-json', message: expect.stringMatching(/half\.json: not JSON \(/) });
    await writeFile(join(dir, 'other.json'), '{"tool": {"name": "gdpr-scan"}, "sites": []}');
    expect(await problem(join(dir, 'other.json'))).toMatchObject({ problem: 'invalid', message: expect.stringMatching(/other\.json: not a valid gdpr-scan report: .* more problems\)$/) });
  });
});
