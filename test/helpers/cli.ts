import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/app.js';
import type { Report } from '../../src/model/report.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Runs the command line in-process (the same entry point as the gdpr-scan binary), capturing its output. */
export async function runCliCaptured(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const started = Date.now();
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), color: false });
  return { code, out, err, ms: Date.now() - started };
}

export async function readReport(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
}
