import type { PointResult } from "../../scenario/runner.js";

export type ProgressMode = "auto" | "always" | "never";

/**
 * Progress of a run on stderr: points done of total, events per second of the finished points,
 * elapsed time and an estimate of what is left. On a terminal (`auto`) one line redrawn a few
 * times a second; with `always` (batch jobs, `--progress`) a plain line every few seconds;
 * `never` (`--quiet`) prints nothing. stdout carries only data.
 */
export class Progress {
  private readonly startMs = Date.now();
  private done = 0;
  private events = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    mode: ProgressMode,
    private readonly label: string,
  ) {
    this.tty = process.stderr.isTTY === true;
    const on = mode === "always" || (mode === "auto" && this.tty);
    if (!on || total === 0) return;
    const everyMs = this.tty && mode === "auto" ? 250 : 5000;
    this.timer = setInterval(() => this.print(), everyMs);
    this.timer.unref();
  }

  pointDone(result: PointResult): void {
    this.done++;
    this.events += result.events;
  }

  private line(): string {
    const elapsedS = (Date.now() - this.startMs) / 1000;
    const rate = elapsedS > 0 ? this.events / elapsedS : 0;
    const etaS = this.done > 0 ? (elapsedS / this.done) * (this.total - this.done) : NaN;
    const eta = Number.isFinite(etaS) ? `, about ${formatSeconds(etaS)} left` : "";
    return `${this.label}: ${this.done}/${this.total} points, ${formatRate(rate)} events/s, ${formatSeconds(elapsedS)} elapsed${eta}`;
  }

  private print(): void {
    if (this.tty) process.stderr.write(`\r\x1b[K${this.line()}`);
    else process.stderr.write(`tofusim: ${this.line()}\n`);
  }

  end(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) process.stderr.write("\r\x1b[K");
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function formatRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k` : x.toFixed(0);
}
