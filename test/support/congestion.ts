import type { CongestionView } from "../../src/routing/index.js";

/**
 * Test-only congestion views. `RandomCongestion` answers every question with a seeded
 * pseudo-random load, so that an adaptive routing traced over all pairs takes every choice it
 * can make; `TableCongestion` answers from loads set per (router, port), 0 elsewhere.
 */
export { RandomLoads as RandomCongestion } from "../../src/routing/check.js";

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
