/**
 * How a vector is cut up. A collective of `sizeBytes` works on
 * `ceil(sizeBytes / elementBytes)` elements (8-byte doubles by default); every message carries
 * a range of whole elements, so its size is `elements × elementBytes` (the total moved may
 * exceed `sizeBytes` by less than one element).
 *
 * A range of `length` elements split into `parts` chunks gives the first `length % parts`
 * chunks one element more than the others (MPICH's convention); when `length < parts` some
 * chunks are empty and their messages carry 0 bytes.
 */

/** Elements in a vector of `sizeBytes`: ceil(sizeBytes / elementBytes). */
export function elementCountOf(sizeBytes: number, elementBytes: number): number {
  if (!Number.isFinite(sizeBytes) || sizeBytes < 0) {
    throw new RangeError(`sizeBytes must be a finite number ≥ 0, got ${sizeBytes}`);
  }
  if (!Number.isInteger(elementBytes) || elementBytes < 1) {
    throw new RangeError(`elementBytes must be a positive integer, got ${elementBytes}`);
  }
  return Math.ceil(sizeBytes / elementBytes);
}

/** First element of chunk `i` of the range [start, start + length) split into `parts`. */
export function chunkStart(start: number, length: number, parts: number, i: number): number {
  const base = Math.floor(length / parts);
  return start + i * base + Math.min(i, length - base * parts);
}

/** Number of elements in chunk `i` of a range of `length` split into `parts`. */
export function chunkLength(length: number, parts: number, i: number): number {
  const base = Math.floor(length / parts);
  return base + (i < length - base * parts ? 1 : 0);
}

/** x mod n in 0..n-1 for any integer x. */
export function mod(x: number, n: number): number {
  const r = x % n;
  return r < 0 ? r + n : r;
}
