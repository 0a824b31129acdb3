import type { BrowserProfile } from './types.js';

/**
 * Starts browser profiles ahead of need, so launching (about half a second each) overlaps with
 * scanning instead of sitting on the critical path. Never launches more than will be used.
 */
export class ProfilePool {
  private readonly ready: Array<Promise<BrowserProfile>> = [];
  private remaining: number;

  constructor(
    private readonly launch: () => Promise<BrowserProfile>,
    total: number,
    private readonly ahead: number,
  ) {
    this.remaining = total;
    this.fill();
  }

  /** A fresh profile; the caller closes it. Rejects when the browser could not start. */
  acquire(): Promise<BrowserProfile> {
    if (this.ready.length === 0) this.startOne();
    const next = this.ready.shift()!;
    this.fill();
    return next;
  }

  /** Closes profiles started ahead but never used (e.g. after an abort). */
  async drain(): Promise<void> {
    const unused = this.ready.splice(0);
    this.remaining = 0;
    await Promise.all(unused.map((p) => p.then((profile) => profile.close(), () => {})));
  }

  private fill(): void {
    while (this.ready.length < this.ahead && this.remaining > 0) this.startOne();
  }

  private startOne(): void {
    this.remaining = Math.max(0, this.remaining - 1);
    const launching = this.launch();
    launching.catch(() => {}); // surfaced to whoever acquires it
    this.ready.push(launching);
  }
}
