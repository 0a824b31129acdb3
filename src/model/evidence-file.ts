/**
 * The evidence file (`evidence.json`): one site's raw evidence as gathered, with what gathered it
 * and what was asked. `gdpr-scan audit` and `--resume` judge it again without a browser; it is the
 * hand-over between machines. Documented by reports/evidence.schema.json; bump
 * EVIDENCE_SCHEMA_VERSION on any change (major: breaking).
 */
import type { SiteEvidence } from './evidence.js';
import type { PlanSummary } from './report.js';

export const EVIDENCE_SCHEMA_VERSION = '1.2.0';

/** The file name evidence is saved under, next to the site's report.json. */
export const EVIDENCE_FILE_NAME = 'evidence.json';

/** One site's raw evidence as gathered, with what gathered it and what was asked. */
export interface EvidenceFile {
  /**
   * Version of this format (semver). This schema describes version 1.2 (1.1: verified consent
   * clicks, CMP clues; 1.2 adds the withdraw phase, the banner design, script activity, transport,
   * legal links, typed form markers and shared identifiers, all optional); files of 1.0 are read
   * and validated after an upgrade that gives their consent step the 1.1 shape (src/model/upgrade.ts).
   */
  evidenceSchemaVersion: string;
  /** The tool that gathered it. */
  tool: {
    /** Tool name. */
    name: string;
    /** Tool version. */
    version: string;
  };
  /** The Chromium that gathered it, and the user agent it presented. */
  browser: {
    /** Chromium version. */
    version: string;
    /** User agent sent. */
    userAgent: string;
  };
  /** When the site's visit ended (it started at `site.startedAt`). */
  finishedAt: string;
  /** What was asked for, as the report records it (this site only). */
  plan: PlanSummary;
  /** The evidence. */
  site: SiteEvidence;
}
