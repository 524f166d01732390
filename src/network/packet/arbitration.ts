/**
 * Which of the inputs requesting an output wins it. The switch allocator visits the
 * requesting inputs in increasing index order starting at `firstInput` (wrapping round), and
 * within an input its VCs starting at `firstVc` (wrapping), and grants the first packet that
 * can go; the policy decides only where each visit starts and learns who won.
 */
export interface ArbitrationPolicy {
  readonly name: string;
  /** Input index (0 .. inputs−1 of the router) to look at first for output slot `o`. */
  firstInput(o: number): number;
  /** VC to look at first at input slot `slot`. */
  firstVc(slot: number): number;
  /** Input `input` (global slot `slot`) won output slot `o` with the head packet of its VC `vc`. */
  granted(o: number, input: number, slot: number, vc: number): void;
  /** Bytes of the policy's own state. */
  readonly byteLength: number;
}

/**
 * Separable round-robin (Dally & Towles, ch. 19): each output keeps a pointer to its last winner
 * and starts after it, so every requesting input gets a turn; each input keeps a pointer to
 * the VC that went last and starts after it, so a stream spread over four VCs gets one turn of
 * its input, not four.
 */
export class SeparableRoundRobin implements ArbitrationPolicy {
  readonly name = "separable round-robin";
  /** Per output slot: the input that won it last. */
  private readonly lastInput: Int16Array;
  /** Per input slot: the VC to look at first next time. */
  private readonly nextVc: Uint8Array;

  constructor(
    slots: number,
    /** Inputs a request mask can name (its words × 32): the pointer wraps there. */
    private readonly inputRange: number,
    private readonly vcs: number,
  ) {
    this.lastInput = new Int16Array(slots);
    this.nextVc = new Uint8Array(slots);
  }

  firstInput(o: number): number {
    const start = this.lastInput[o] + 1;
    return start >= this.inputRange ? 0 : start;
  }

  firstVc(slot: number): number {
    return this.nextVc[slot];
  }

  granted(o: number, input: number, slot: number, vc: number): void {
    this.lastInput[o] = input;
    this.nextVc[slot] = vc + 1 === this.vcs ? 0 : vc + 1;
  }

  get byteLength(): number {
    return this.lastInput.byteLength + this.nextVc.byteLength;
  }
}
