/** Latency statistics of measured deliveries; null where nothing was delivered (0 would read as a latency). */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * Collects every measured delivery's latency (exact percentiles) and hop count.
 * perf: samples go into a growable Float64Array, 8 bytes each, no object per packet.
 */
export class LatencyStats {
  private samples = new Float64Array(1024);
  private n = 0;
  private hopSum = 0;

  record(latencyNs: number, hops: number): void {
    if (this.n === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.n++] = latencyNs;
    this.hopSum += hops;
  }

  get count(): number {
    return this.n;
  }

  /** Mean hops of the recorded deliveries; null when there were none. */
  get meanHops(): number | null {
    return this.n === 0 ? null : this.hopSum / this.n;
  }

  reset(): void {
    this.n = 0;
    this.hopSum = 0;
  }

  latency(): LatencySummary {
    if (this.n === 0) return { count: 0, mean: null, p50: null, p99: null, max: null };
    const sorted = this.samples.slice(0, this.n).sort();
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += sorted[i];
    // Nearest-rank percentiles.
    const at = (q: number): number => sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)];
    return { count: this.n, mean: sum / this.n, p50: at(0.5), p99: at(0.99), max: sorted[this.n - 1] };
  }
}
