import type { CongestionView } from "../../src/routing/index.js";

/**
 * Test-only congestion views. `RandomCongestion` answers every question with a seeded
 * pseudo-random load, so that an adaptive routing traced over all pairs takes every choice it
 * can make; `TableCongestion` answers from loads set per (router, port), 0 elsewhere.
 */
export class RandomCongestion implements CongestionView {
  private state: number;

  constructor(seed: number) {
    this.state = (seed | 0) ^ 0x9e3779b9 || 1;
  }

  outputQueueBytes(_router: number, _port: number): number {
    // xorshift32
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) % 4096;
  }
}

export class TableCongestion implements CongestionView {
  private readonly loads = new Map<string, number>();

  set(router: number, port: number, bytes: number): this {
    this.loads.set(`${router}/${port}`, bytes);
    return this;
  }

  outputQueueBytes(router: number, port: number): number {
    return this.loads.get(`${router}/${port}`) ?? 0;
  }
}
