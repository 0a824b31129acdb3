import yargs from 'yargs';
import { BrowserNotFoundError } from '../gather/browser/find-browser.js';
import { ALL_RULES } from '../../rules/index.js';
import { buildScanSetup } from '../plan/build.js';
import type { ScanArgs } from '../plan/from-args.js';
import { UsageError } from '../plan/usage-error.js';
import { runDemo } from './demo.js';
import type { CliIo } from './io.js';
import { withScanOptions, withTableOptions } from './options.js';
import { AUDIT_FLAGS, runAuditCommand, type AuditArgs } from './audit-command.js';
import { runReportCommand } from './report-command.js';
import { renderRuleList } from './rules-command.js';
import { scanAndReport } from './run-scan.js';
import { TOOL } from '../tool.js';

/** Exit code for usage errors and scans that could not run at all (shared/DESIGN.md). */
export const EXIT_USAGE = 2;

/**
 * The command line, as a function: parses argv, runs the command, returns the exit code. User
 * mistakes come back as one line on stderr and exit code 2, never as a stack trace.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  let usageMessage: string | undefined;
  try {
    await yargs(argv)
      .scriptName('gdpr-scan')
      .usage('$0 <command> [options]')
      .command(
        'scan [urls..]',
        'Scan sites before consent, after accept all and after reject all',
        (y) => withScanOptions(y.positional('urls', { type: 'string', array: true, default: [] as string[], describe: 'Site URLs (or --sites-file / --urls-file)' })),
        async (args) => {
          exitCode = await scanAndReport(await buildScanSetup(args as unknown as ScanArgs, process.cwd(), argv), io);
        },
      )
      .command(
        'demo',
        'Scan the bundled offline demo sites (starts the local fixture web)',
        // The demo shows every format.
        (y) => withScanOptions(y).option('format', { type: 'string', default: 'json,html,md,sarif,junit', describe: 'Report formats, comma-separated' }),
        async (args) => {
          exitCode = await runDemo(args as unknown as Omit<ScanArgs, 'urls'>, io, argv);
        },
      )
      .command(
        'report <report>',
        'Render a saved report.json again (html, md, sarif, junit, json) without a browser',
        (y) =>
          y
            .positional('report', { type: 'string', describe: 'A report.json written by gdpr-scan', demandOption: true })
            .option('format', { type: 'string', default: 'html,md,sarif,junit', describe: 'Formats, comma-separated: json, html, md, sarif, junit' })
            .option('out', { alias: 'o', type: 'string', describe: "Directory (default: the report's own)" })
            .option('fail-on', { type: 'string', describe: "Threshold for the verdict and the exit code (default: the report's)" }),
        async (args) => {
          exitCode = await runReportCommand(
            { report: String(args.report), format: String(args.format), out: args.out, failOn: args.failOn as string | undefined },
            io,
          );
        },
      )
      .command(
        'audit <evidence>',
        'Judge saved evidence (evidence.json, or a directory of them) again with today\'s rules, without a browser',
        (y) =>
          withTableOptions(
            y.positional('evidence', { type: 'string', describe: 'An evidence.json written by scan --save-evidence, or a directory holding them', demandOption: true }),
            AUDIT_FLAGS,
            { 'fail-on': { default: undefined, describe: "Exit 1 when a finding is at or above: none, low, medium, high, critical (default: the scan's)" } },
          ),
        async (args) => {
          exitCode = await runAuditCommand(args as unknown as AuditArgs, io, argv);
        },
      )
      .command(
        'rules',
        'List the rules with their legal references, rationale and fixes',
        (y) => y.option('markdown', { type: 'boolean', default: false, describe: 'Print a Markdown table (for the README)' }),
        (args) => {
          io.out(renderRuleList(ALL_RULES, { markdown: Boolean(args.markdown), docsBase: 'rules/' }));
        },
      )
      .demandCommand(1, 'name a command: scan <url...>, audit <evidence>, demo, report <report.json> or rules')
      .strict()
      .help()
      .version(TOOL.version)
      .exitProcess(false)
      .fail((message, error) => {
        // Throwing stops yargs; returning would let it run the command anyway.
        throw error ?? new UsageError(message);
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof UsageError || error instanceof BrowserNotFoundError) {
      usageMessage = error.message;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.err(`gdpr-scan: the scan could not run: ${message.split('\n')[0]}\n`);
      if (process.env['GDPR_SCAN_DEBUG'] && error instanceof Error) io.err(`${error.stack}\n`);
      return EXIT_USAGE;
    }
  }
  if (usageMessage !== undefined) {
    io.err(`gdpr-scan: ${usageMessage}\nRun 'gdpr-scan --help' for the options.\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}
