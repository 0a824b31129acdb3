#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './app.js';
import { processIo } from './io.js';

// `gdpr-scan ... | head` closes stdout early: that is the reader's choice, not an error to print.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Ctrl-C (or SIGTERM / SIGHUP from a CI runner or a closing terminal): the first one stops the
// scan cleanly (finished sites kept, browser closed, exit 130); a second one quits at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(`\ngdpr-scan: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping; finished sites are kept (press Ctrl-C again to quit at once)\n`);
    interrupt.abort();
  });
}

runCli(hideBin(process.argv), { ...processIo, interrupt: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gdpr-scan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
