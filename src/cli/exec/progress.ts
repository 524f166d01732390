import type { PointResult } from "../../scenario/runner.js";
import type { PointProgress } from "./protocol.js";

export type ProgressMode = "auto" | "always" | "never";

/** A point being run: how far it has got, and the simulated time it is expected to cover. */
interface Running {
  readonly label: string;
  readonly targetNs: number;
  simulatedNs: number;
  events: number;
}

/**
 * Progress of a run on stderr: points done of total, the simulated time of the points running
 * against the time each is expected to cover (its estimate), events per second, elapsed time
 * and an estimate of what is left. On a terminal (`auto`) one line redrawn a few times a
 * second; with `always` (batch jobs, `--progress`) a plain line every few seconds; `never`
 * (`--quiet`) prints nothing. stdout carries only data.
 */
export class Progress {
  private readonly startMs = Date.now();
  private done = 0;
  private events = 0;
  private readonly running = new Map<string, Running>();
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

  /** A running point reported how far it has got (`key` names the point; `label` is how to show it). */
  pointProgress(key: string, label: string, targetNs: number, p: PointProgress): void {
    const r = this.running.get(key);
    if (r === undefined) this.running.set(key, { label, targetNs, simulatedNs: p.simulatedNs, events: p.events });
    else {
      r.simulatedNs = p.simulatedNs;
      r.events = p.events;
    }
  }

  pointDone(key: string, result: PointResult): void {
    this.running.delete(key);
    this.done++;
    this.events += result.events;
  }

  /** The progress line (exposed for tests). */
  line(): string {
    const elapsedS = (Date.now() - this.startMs) / 1000;
    const running = [...this.running.values()];
    const events = this.events + running.reduce((sum, r) => sum + r.events, 0);
    const rate = elapsedS > 0 ? events / elapsedS : 0;
    // Running points count by the share of their expected simulated time they have covered.
    const share = (r: Running): number => (r.targetNs > 0 ? Math.min(0.99, r.simulatedNs / r.targetNs) : 0);
    const effective = this.done + running.reduce((sum, r) => sum + share(r), 0);
    const etaS = effective > 0 ? (elapsedS / effective) * (this.total - effective) : NaN;
    const eta = Number.isFinite(etaS) ? `, about ${formatSeconds(etaS)} left` : "";
    const shown = running.slice(0, 2).map((r) => `${r.label} at ${formatNs(r.simulatedNs)} of ~${formatNs(r.targetNs)} simulated`);
    const more = running.length > shown.length ? ` (+${running.length - shown.length} more)` : "";
    const now = shown.length > 0 ? `; ${shown.join(", ")}${more}` : "";
    return `${this.label}: ${this.done}/${this.total} points${now}, ${formatRate(rate)} events/s, ${formatSeconds(elapsedS)} elapsed${eta}`;
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

/** Simulated time in the unit that suits it. */
function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toPrecision(3)} us`;
  return `${ns.toPrecision(3)} ns`;
}

function formatRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k` : x.toFixed(0);
}
