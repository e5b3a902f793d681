import { basename } from 'node:path';

/** A one-line progress bar on a terminal; on anything else it stays quiet, so logs hold no escape codes. */
export class ProgressBar {
  private done_ = 0;
  private readonly live: boolean;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {
    this.live = Boolean(out.isTTY) && total > 1;
  }

  tick(label: string): void {
    this.done_++;
    if (!this.live) return;
    const width = 30;
    const filled = Math.round((this.done_ / this.total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    this.out.write(`\r[${bar}] ${this.done_}/${this.total} ${basename(label).slice(0, 40).padEnd(40)}`);
  }

  /** Wipes the bar off its line, so that a line printed next starts clean; the next tick redraws it. */
  clear(): void {
    if (this.live && this.done_ > 0) this.out.write('\r\x1b[2K');
  }

  done(): void {
    if (this.live) this.out.write('\n');
  }
}
