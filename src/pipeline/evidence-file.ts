/**
 * Evidence files on disk: made from a gathered site, written next to its report, found in a
 * directory and read back (checked) for `gdpr-scan audit` and `--resume`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EVIDENCE_FILE_NAME, EVIDENCE_SCHEMA_VERSION, type EvidenceFile } from '../model/evidence-file.js';
import { validateEvidence } from '../model/validate-evidence.js';
import type { GatheredSite } from '../gather/gather.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import { hostMapRulesUsed } from '../finish/site-report.js';
import { TOOL } from '../tool.js';

/** An evidence file that cannot be used; the message is one line naming the file. */
export class EvidenceFileError extends Error {
  override name = 'EvidenceFileError';
}

/**
 * The evidence file of one gathered site. Like a site's own report, it names nothing of the
 * other sites of the run: its plan lists this site and the --host-map rules its traffic used.
 */
export function evidenceFileOf(gathered: GatheredSite, plan: ScanPlan): EvidenceFile {
  const summary = summarisePlan(plan, gathered.browser.userAgent);
  const { evidence } = gathered;
  return {
    evidenceSchemaVersion: EVIDENCE_SCHEMA_VERSION,
    tool: { ...TOOL },
    browser: { ...gathered.browser },
    finishedAt: gathered.finishedAt.toISOString(),
    plan: { ...summary, urls: [evidence.url], hostMap: hostMapRulesUsed(summary.hostMap, evidence) },
    site: evidence,
  };
}

const major = (version: string): string => version.split('.')[0] ?? version;

/** Reads and checks one evidence file; throws EvidenceFileError with one line when it cannot be used. */
export async function readEvidenceFile(path: string): Promise<EvidenceFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvidenceFileError(`${path}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : 'cannot be read'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new EvidenceFileError(`${path}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const version = (data as { evidenceSchemaVersion?: unknown } | null)?.evidenceSchemaVersion;
  if (typeof version !== 'string') throw new EvidenceFileError(`${path}: not a gdpr-scan evidence file (no evidenceSchemaVersion)`);
  if (major(version) !== major(EVIDENCE_SCHEMA_VERSION)) {
    throw new EvidenceFileError(`${path}: evidence format ${version} is not supported by this version (${EVIDENCE_SCHEMA_VERSION})`);
  }
  const problems = validateEvidence(data);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new EvidenceFileError(`${path}: not a valid gdpr-scan evidence file: ${problems[0]}${more}`);
  }
  return data as EvidenceFile;
}

/**
 * The evidence files a path names: the file itself, or every `evidence.json` in a directory and
 * its subdirectories (a batch's `sites/<slug>/`), in path order. Throws EvidenceFileError when there is none.
 */
export async function findEvidenceFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new EvidenceFileError(`${path}: not found`);
  if (info.isFile()) return [path];
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name);
      if (entry.isFile() && entry.name === EVIDENCE_FILE_NAME) found.push(full);
      else if (entry.isDirectory() && depth < 3) await walk(full, depth + 1);
    }
  };
  await walk(path, 0);
  if (found.length === 0) throw new EvidenceFileError(`${path}: no ${EVIDENCE_FILE_NAME} in this directory (write them with gdpr-scan scan --save-evidence)`);
  return found;
}
