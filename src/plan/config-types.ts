/** The config file's shape as the user writes it (gdpr-scan.config.json), after validation. */
import type { Severity } from '../model/report.js';
import type { RuleId } from '../judge/rule-engine/types.js';
import type { ScanOptionsConfig } from './scan-options.js';

export type { ScanOptionsConfig };

/** One rule's entry: `"off"`, a severity, or the long form. */
export type RuleSetting =
  | 'off'
  | Severity
  | {
      /** false switches the rule off. */
      enabled?: boolean;
      /** Replaces the rule's default severity. */
      severity?: Severity;
      /** Rule-specific options (see `gdpr-scan rules`). */
      options?: Record<string, number | string | boolean>;
    };

/** One site's own settings in the config file's `sites` block; a setting left out is the command line's (or `scan`'s). */
export interface SiteConfig {
  /** The site's steps to accept, as --consent-accept (an empty list: none for this site). */
  consentAccept?: string | string[];
  /** The site's steps to reject, as --consent-reject (an empty list: none for this site). */
  consentReject?: string | string[];
}

/** The config file as written by the user, after validation. */
export interface UserConfig {
  /** Editors' schema reference; ignored by the scanner. */
  $schema?: string;
  /**
   * Scan options; an option typed on the command line wins over these, which win over the
   * built-in defaults (see buildPlan). Relative paths (out, browserPath, filterList, baseline,
   * sitesFile, urlsFile) are relative to the config file.
   */
  scan?: ScanOptionsConfig;
  /**
   * Settings per site, by site URL (`https://www.shop.example/`: that site) or host name
   * (`www.shop.example`: every site on that host). A site's URL entry wins over its host's; a line
   * of --sites-file wins over both; both win over the command line and `scan`.
   */
  sites?: Record<string, SiteConfig>;
  rules?: Partial<Record<RuleId, RuleSetting>>;
  allowlist?: {
    /** `example.com` (the host and its subdomains) or `*.example.com` (subdomains only). */
    hosts?: string[];
    /** `name`, `prefix*`, optionally followed by `@domain`. */
    cookies?: string[];
  };
}
