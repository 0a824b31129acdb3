#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './app.js';
import { processIo } from './io.js';

// `gdpr-scan ... | head` closes stdout early: that is the reader's choice, not an error to print.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(hideBin(process.argv), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gdpr-scan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
