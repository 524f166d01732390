import seedrandom from "seedrandom";

/**
 * The only source of randomness in tofusim: a seeded stream (seedrandom's Alea generator).
 * Sub-streams are derived by name from one scenario seed, so adding a random consumer
 * never shifts the numbers another consumer draws.
 */
export class Rng {
  private readonly prng: seedrandom.PRNG;

  private constructor(readonly seedPath: string) {
    this.prng = seedrandom.alea(seedPath);
  }

  /** The root stream of a scenario seed. */
  static fromSeed(seed: number | string): Rng {
    return new Rng(String(seed));
  }

  /** An independent stream named `name`, derived from this one's seed (not its state). */
  stream(name: string): Rng {
    return new Rng(`${this.seedPath}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.prng());
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}
