/**
 * Evidence files on disk: made from a gathered site, written next to its report, found in a
 * directory and read back (checked) for `gdpr-scan audit` and `--resume`.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { readSavedFile, SavedFileError } from '../model/read-saved-file.js';
import { join } from 'node:path';
import { EVIDENCE_FILE_NAME, EVIDENCE_SCHEMA_VERSION, type EvidenceFile } from '../model/evidence-file.js';
import { validateEvidence } from '../model/validate-evidence.js';
import { upgradeEvidenceFile } from '../model/upgrade.js';
import type { GatheredSite } from '../gather/gather.js';
import { summarisePlan, type ScanPlan } from '../plan/plan.js';
import { hostMapRulesUsed } from '../finish/site-report.js';
import { TOOL } from '../tool.js';
import { writeAtomically } from '../render/json.js';

/** An evidence file that cannot be used; the message is one line naming the file. */
export class EvidenceFileError extends SavedFileError {
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

/**
 * Reads and checks one evidence file (a 1.0 file upgraded to today's consent shape first,
 * src/model/upgrade.ts); throws EvidenceFileError with one line when it cannot be used.
 */
export function readEvidenceFile(path: string): Promise<EvidenceFile> {
  return readSavedFile<EvidenceFile>(path, {
    fileName: EVIDENCE_FILE_NAME,
    noun: 'gdpr-scan evidence file',
    unsupported: (data) => {
      const version = (data as { evidenceSchemaVersion?: unknown } | null)?.evidenceSchemaVersion;
      if (typeof version !== 'string') return 'not a gdpr-scan evidence file (no evidenceSchemaVersion)';
      return major(version) === major(EVIDENCE_SCHEMA_VERSION) ? undefined : `evidence format ${version} is not supported by this version (${EVIDENCE_SCHEMA_VERSION})`;
    },
    upgrade: upgradeEvidenceFile,
    validate: validateEvidence,
    error: (file, problem, message) => new EvidenceFileError(file, problem, message),
  });
}

/**
 * The evidence files a path names: the file itself, or every `evidence.json` in a directory and
 * its subdirectories (a batch's `sites/<slug>/`), in path order. Throws EvidenceFileError when there is none.
 */
export async function findEvidenceFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new EvidenceFileError(path, 'not-found', `${path}: not found`);
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
  if (found.length === 0) throw new EvidenceFileError(path, 'not-found', `${path}: no ${EVIDENCE_FILE_NAME} in this directory (write them with gdpr-scan scan --save-evidence)`);
  return found;
}

/** Writes `evidence.json` into `dir` (created when missing), atomically; returns its path. */
export async function writeEvidenceFile(dir: string, evidence: EvidenceFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  return writeAtomically(join(dir, EVIDENCE_FILE_NAME), `${JSON.stringify(evidence, null, 2)}\n`);
}
