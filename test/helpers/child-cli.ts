/**
 * The built command line in a child process, for tests that need real signals (Ctrl-C, SIGTERM,
 * SIGKILL), and what such tests read from Linux's /proc: the scanner's browser among its
 * children, whether a process is still alive, the processes of a process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../dist/src/cli/main.js');

export interface StartedCli {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

/** Starts `gdpr-scan <args>` from dist/ (npm run build first). */
export function startCli(cliArgs: string[]): StartedCli {
  if (!existsSync(BIN)) throw new Error(`build first (npm run build): ${BIN} is missing`);
  const child = spawn(process.execPath, [BIN, ...cliArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

/** For afterAll: a failed assertion must not leave a scanner (and its browser) running. */
export function killStartedClis(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The fields of /proc/<pid>/stat after the command name (in parentheses, may hold spaces): state, ppid, pgrp, ... */
function statFields(pid: string | number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const allPids = (): string[] => readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));

/** Direct children of a process: the scanner's browser is one of them. */
export function childPids(pid: number): number[] {
  return allPids()
    .filter((entry) => Number(statFields(entry)?.[1]) === pid)
    .map(Number);
}

/** The processes of a process group (Chromium starts as a group leader: its renderers are in its group). */
export function groupPids(pgid: number): number[] {
  return allPids()
    .filter((entry) => Number(statFields(entry)?.[2]) === pgid)
    .map(Number);
}

/** Alive and not a zombie. */
export const alive = (pid: number): boolean => {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
};
