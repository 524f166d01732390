/**
 * MPICH's handling of a rank count P that is not a power of two (Thakur, Rabenseifner & Gropp
 * 2005, §4.4): with P' the largest power of two ≤ P and rem = P − P', each even rank r < 2·rem
 * sends its whole vector to r+1 and drops out; the remaining P' ranks run the power-of-two
 * algorithm under new ranks 0..P'−1; at the end each odd r < 2·rem sends the result back to r−1.
 * Two extra steps of S bytes each, one extra reduction of S bytes.
 */
export class Fold {
  /** Largest power of two ≤ P. */
  readonly pof2: number;
  /** lg P'. */
  readonly levels: number;
  /** P − P': ranks that fold into a partner. */
  readonly rem: number;

  constructor(readonly rankCount: number) {
    let pof2 = 1;
    let levels = 0;
    while (pof2 * 2 <= rankCount) {
      pof2 *= 2;
      levels++;
    }
    this.pof2 = pof2;
    this.levels = levels;
    this.rem = rankCount - pof2;
  }

  /** An even rank below 2·rem: sends its vector away and waits for the result. */
  isExtra(rank: number): boolean {
    return rank < 2 * this.rem && rank % 2 === 0;
  }

  /** An odd rank below 2·rem: absorbs rank−1's vector first and returns the result last. */
  isFoldReceiver(rank: number): boolean {
    return rank < 2 * this.rem && rank % 2 === 1;
  }

  /** Rank among the P' active ranks (undefined behaviour for extra ranks). */
  newRank(rank: number): number {
    return rank < 2 * this.rem ? (rank - 1) / 2 : rank - this.rem;
  }

  /** Real rank of active rank `newRank`. */
  realRank(newRank: number): number {
    return newRank < this.rem ? newRank * 2 + 1 : newRank + this.rem;
  }
}
