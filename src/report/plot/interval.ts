/**
 * Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom, to three decimals, as
 * printed in every statistics handbook (e.g. NIST/SEMATECH e-Handbook of Statistical Methods,
 * table 1.3.6.7.2).
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

const Z975 = 1.959963984540054;

/**
 * t(0.975, df). Beyond the table, the Cornish–Fisher expansion of t around the normal quantile
 * (Abramowitz & Stegun 26.7.5), whose error at df > 30 is far below the table's rounding.
 */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  const z = Z975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The mean of samples with its 95% confidence interval (Student t); lo = hi = mean for one sample. */
export interface MeanInterval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

/** mean ± t(0.975, n−1) · s / √n, s the sample standard deviation. */
export function meanInterval(samples: readonly number[]): MeanInterval {
  const n = samples.length;
  if (n === 0) throw new RangeError("no samples");
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = (studentT975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}
