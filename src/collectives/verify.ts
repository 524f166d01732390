import { Rng } from "../engine/index.js";

/** A rank ended an allreduce without the elementwise sum. */
export class AllreduceVerificationError extends Error {
  constructor(
    readonly algorithm: string,
    readonly rankCount: number,
    readonly rank: number,
    readonly element: number,
    readonly expected: number,
    readonly found: number,
  ) {
    super(
      `allreduce "${algorithm}" over ${rankCount} ranks is wrong: rank ${rank} element ${element} ` +
        `holds ${found}, expected the sum ${expected}`,
    );
    this.name = "AllreduceVerificationError";
  }
}

/**
 * Data mode: every rank's vector as real numbers, moved by the same program as the timing run.
 * Initial values are integers in −1000..1000 from the named stream "allreduce-data", so sums
 * are exact in float64 and any missing or doubled contribution shows.
 */
export class DataVectors {
  /** Rank r's vector is values[r·n .. r·n + n). */
  readonly values: Float64Array;
  private readonly expected: Float64Array;

  constructor(
    readonly rankCount: number,
    readonly elementCount: number,
    seed: number | string,
  ) {
    const rng = Rng.fromSeed(seed).stream("allreduce-data");
    this.values = new Float64Array(rankCount * elementCount);
    this.expected = new Float64Array(elementCount);
    for (let r = 0; r < rankCount; r++) {
      for (let e = 0; e < elementCount; e++) {
        const v = rng.int(2001) - 1000;
        this.values[r * elementCount + e] = v;
        this.expected[e] += v;
      }
    }
  }

  /** A copy of rank's elements [start, start + count): what a send carries. */
  snapshot(rank: number, start: number, count: number): Float64Array {
    const base = rank * this.elementCount + start;
    return this.values.slice(base, base + count);
  }

  /** Adds (reduce) or copies `data` into rank's elements from `start`. */
  apply(rank: number, start: number, data: Float64Array, reduce: boolean): void {
    const base = rank * this.elementCount + start;
    if (reduce) {
      for (let i = 0; i < data.length; i++) this.values[base + i] += data[i];
    } else {
      this.values.set(data, base);
    }
  }

  /** Throws an AllreduceVerificationError at the first rank and element without the sum. */
  check(algorithm: string): void {
    const n = this.elementCount;
    for (let r = 0; r < this.rankCount; r++) {
      for (let e = 0; e < n; e++) {
        const found = this.values[r * n + e];
        if (found !== this.expected[e]) {
          throw new AllreduceVerificationError(algorithm, this.rankCount, r, e, this.expected[e], found);
        }
      }
    }
  }
}
