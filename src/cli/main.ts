#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './app.js';
import { processIo } from './io.js';
import { killAllBrowsers } from '../gather/browser/processes.js';

// `gdpr-scan ... | head` closes stdout early: that is the reader's choice, not an error to print.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Ctrl-C (or SIGTERM / SIGHUP from a CI runner or a closing terminal): the first one stops the
// scan cleanly (finished sites kept, browser closed, exit 130); a second one, or a stop that has
// not finished within STOP_DEADLINE_MS (a wedged browser), kills the browsers and quits at once.
// Sites finished before the signal are on disk already (a batch writes each as it finishes).
const STOP_DEADLINE_MS = 15_000;
const interrupt = new AbortController();
const quitNow = (): never => {
  killAllBrowsers();
  process.exit(130);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) quitNow();
    process.stderr.write(`\ngdpr-scan: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping; finished sites are kept (press Ctrl-C again to quit at once)\n`);
    interrupt.abort();
    setTimeout(() => {
      process.stderr.write(`gdpr-scan: the browser did not stop within ${STOP_DEADLINE_MS / 1000} s; killed it\n`);
      quitNow();
    }, STOP_DEADLINE_MS).unref();
  });
}
// Whatever ends the process, no browser it started outlives it.
process.on('exit', () => killAllBrowsers());

runCli(hideBin(process.argv), { ...processIo, interrupt: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gdpr-scan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
