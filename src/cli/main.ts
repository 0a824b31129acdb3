#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from './app.js';
import { processIo } from './io.js';

runCli(hideBin(process.argv), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gdpr-scan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
