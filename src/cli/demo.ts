import { DEMO_SITES, startFixtureServer } from '../../fixtures/server/index.js';
import { buildScanSetup, explicitOptions } from '../plan/build.js';
import type { ScanArgs } from '../plan/from-args.js';
import type { CliIo } from './io.js';
import { scanAndReport } from './run-scan.js';

/**
 * The quick start: serves the bundled fixture web on loopback and scans its demo sites with every
 * host name mapped to it, so nothing leaves the machine.
 */
export async function runDemo(args: Omit<ScanArgs, 'urls'>, io: CliIo, argv: readonly string[] = []): Promise<number> {
  const server = await startFixtureServer();
  try {
    io.err(`demo: fixture web on 127.0.0.1:${server.port}, every host name mapped to it\n`);
    // The demo's own host mapping and TLS setting count as typed, so a config file cannot undo them.
    const typed = new Set([...explicitOptions(argv), 'hostMap', 'ignoreHttpsErrors']);
    const setup = await buildScanSetup(
      { ...args, urls: DEMO_SITES, hostMap: [...args.hostMap, `*=127.0.0.1:${server.port}`], ignoreHttpsErrors: true },
      process.cwd(),
      typed,
    );
    return await scanAndReport(setup, io);
  } finally {
    await server.close();
  }
}
