/**
 * The Chromium processes this scanner started and has not closed yet. Playwright's own close goes
 * through the browser, so a wedged renderer or browser can stall it for good; these are killed
 * from outside instead (the whole process group: Playwright starts Chromium as a group leader, so
 * renderers, GPU and network processes go with it).
 */
const running = new Set<number>();

export function trackBrowserProcess(pid: number): void {
  running.add(pid);
}

export function untrackBrowserProcess(pid: number): void {
  running.delete(pid);
}

/** SIGKILL to the browser's process group (falling back to the process alone). Never throws. */
export function killBrowserProcess(pid: number): void {
  running.delete(pid);
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
      return;
    } catch {
      // No such group (already gone, or not a group leader): try the process itself.
    }
  }
}

/** Kills every browser still running (the command must end now: a second Ctrl-C, a stop that did not finish in time). */
export function killAllBrowsers(): number {
  const pids = [...running];
  for (const pid of pids) killBrowserProcess(pid);
  return pids.length;
}

/** How many browsers this process has started and not yet closed or killed. */
export function runningBrowserCount(): number {
  return running.size;
}
