/**
 * Busy time of every directed link, booked when a packet is granted the link. A grant books
 * the packet's whole serialization at once, so the time after a moment is subtracted using
 * the link's output busy-until time.
 */
export class LinkStats {
  /** Time each link has spent transmitting, booked at grant. */
  readonly busyNs: Float64Array;

  constructor(
    linkCount: number,
    private readonly linkOutput: Int32Array,
    private readonly outBusyUntilNs: Float64Array,
  ) {
    this.busyNs = new Float64Array(linkCount);
  }

  /** Time `link` has spent transmitting up to `atNs` (≤ now + one packet). */
  busyUpToNs(link: number, atNs: number): number {
    return this.busyNs[link] - Math.max(0, this.outBusyUntilNs[this.linkOutput[link]] - atNs);
  }
}
