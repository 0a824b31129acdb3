import type { Argv } from 'yargs';

/** Options of every command that runs a scan. */
export function withScanOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('out', { alias: 'o', type: 'string', default: 'gdpr-scan-report', describe: 'Directory for the reports' })
    .option('format', { type: 'string', default: 'json,html', describe: 'Report formats, comma-separated: json, html, md, sarif, junit' })
    .option('phases', { type: 'string', default: 'before,accept,reject', describe: 'Consent phases to run: before, accept, reject' })
    .option('max-pages', { type: 'number', default: 10, describe: 'Pages per site: the start page, then same-site pages found by links and sitemaps, one per URL template first' })
    .option('depth', { type: 'number', default: 3, describe: 'How many clicks from the start page discovery may go' })
    .option('include', { type: 'string', array: true, default: [] as string[], describe: "Only discover pages whose path matches (glob, e.g. '/blog/**'; repeatable)" })
    .option('exclude', { type: 'string', array: true, default: [] as string[], describe: "Never discover pages whose path matches (glob, e.g. '*.pdf'; repeatable)" })
    .option('sites-file', { type: 'string', describe: 'File with one site URL per line (# comments allowed)' })
    .option('urls-file', { type: 'string', describe: 'File with the exact pages to visit, one URL per line (no discovery)' })
    .option('ignore-robots', { type: 'boolean', default: false, describe: 'Discover pages robots.txt disallows too' })
    .option('timeout', { type: 'number', default: 30_000, describe: 'Page load timeout (ms)' })
    .option('quiet-ms', { type: 'number', default: 500, describe: 'Network quiet time that counts as settled (ms)' })
    .option('max-wait', { type: 'number', default: 8_000, describe: 'Upper bound of each wait for a quiet network (ms)' })
    .option('consent-timeout', { type: 'number', default: 6_000, describe: 'Upper bound to find and click the consent banner (ms)' })
    .option('concurrency', { type: 'number', describe: 'Sites scanned at once (default: from the cores and free memory)' })
    .option('site-timeout', { type: 'number', describe: 'Time budget per site, all phases and pages (ms; default: from --max-pages and --timeout)' })
    .option('save-evidence', { type: 'boolean', default: false, describe: "Write each site's raw evidence (evidence.json) next to its report, for `gdpr-scan audit`" })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue an interrupted run in the same --out: reuse the sites it finished' })
    .option('browser-path', { type: 'string', describe: 'Chromium/Chrome executable (else $GDPR_SCAN_CHROMIUM, Playwright\'s, or a system one)' })
    .option('browser-arg', { type: 'string', array: true, default: [] as string[], describe: 'Extra Chromium switch (repeatable)' })
    .option('headed', { type: 'boolean', default: false, describe: 'Show the browser window' })
    .option('host-map', { type: 'string', array: true, default: [] as string[], describe: "Map host names to an address: PATTERN=ADDRESS[:PORT], e.g. '*.shop.com=10.0.0.5:8443' (repeatable)" })
    .option('ignore-https-errors', { type: 'boolean', default: false, describe: 'Accept invalid TLS certificates (staging servers)' })
    .option('locale', { type: 'string', default: 'en-US', describe: 'Browser language (Accept-Language, navigator.language)' })
    .option('user-agent', { type: 'string', describe: 'User agent (default: a desktop Chrome of the browser\'s version)' })
    .option('fail-on', { type: 'string', default: 'high', describe: 'Exit 1 when a finding is at or above: none, low, medium, high, critical' })
    .option('config', { type: 'string', describe: 'Config file (rules, severities, allowlists); default: gdpr-scan.config.json in the working directory' })
    .option('tracker-db', { type: 'string', describe: 'Also classify with an optional, user-installed tracker database: ghostery' })
    .option('baseline', { type: 'string', describe: 'Earlier report.json: fail only on findings it does not have (new / still present / resolved in every format)' })
    .option('include-values', { type: 'boolean', default: false, describe: 'Record cookie values, truncated (they are personal data: off by default)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress and no summary; errors only' })
    .option('json', { type: 'boolean', default: false, describe: 'Print report.json to stdout (nothing else goes to stdout)' })
    .option('filter-list', { type: 'string', array: true, default: [] as string[], describe: 'EasyList/EasyPrivacy-syntax filter list file to classify unknown hosts (repeatable)' });
}
