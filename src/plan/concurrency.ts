import os from 'node:os';

/** What the default site concurrency is chosen from. */
export interface MachineResources {
  cpus: number;
  /** Memory available to new processes, in bytes. */
  freeMemoryBytes: number;
}

/**
 * Memory one site in flight may need: its three phases each keep a renderer (and often a few
 * iframe renderers) alive. Measured (npm run bench, proportional set size of all Chromium
 * processes): 0.6 GiB for one fixture site at a time, 1.05 GiB for three at once, so about
 * 230 MiB per extra site on the small fixture pages; real commercial pages weigh several times
 * that, hence the margin.
 */
const BYTES_PER_SITE = 768 * 1024 * 1024;

/** Beyond this, more sites at once only add contention in the one browser process. */
const MAX_DEFAULT = 8;

/**
 * The default number of sites scanned at once: one and a half per core, bounded by the memory
 * available, at least 1, at most MAX_DEFAULT. Measured on 2 cores (14 fixture sites, 3 pages,
 * 3 phases): 1 site at a time 103 s, 2: 84 s, 3: 70 s, 4: 72 s, 6: 72 s; from 3 on both cores
 * are saturated, and more sites at once only stretch each site's own time.
 */
export function defaultConcurrency(machine: MachineResources = currentMachine()): number {
  const byMemory = Math.floor(machine.freeMemoryBytes / BYTES_PER_SITE);
  return Math.max(1, Math.min(Math.ceil(machine.cpus * 1.5), byMemory, MAX_DEFAULT));
}

function currentMachine(): MachineResources {
  return { cpus: os.availableParallelism(), freeMemoryBytes: os.freemem() };
}
