/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Colour the summary (a terminal, and NO_COLOR unset). */
  color: boolean;
  /** stderr is a terminal: progress may redraw one line. */
  errIsTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
  /** Aborted on Ctrl-C (main.ts): a scan stops cleanly, keeps what is done and exits 130. */
  interrupt?: AbortSignal;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
  errIsTTY: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
};
