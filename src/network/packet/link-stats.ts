/** Told of every grant of a link to a packet (tests check with it that grants never overlap). */
export interface LinkObserver {
  onLinkGranted(link: number, startNs: number, endNs: number): void;
}

/**
 * Busy time of every directed link, booked when a packet is granted the link. A grant books
 * the packet's whole serialization at once, so the time after a moment is subtracted using
 * the link's output busy-until time.
 */
export class LinkStats {
  /** Time each link has spent transmitting, booked at grant. */
  readonly busyNs: Float64Array;
  private observer: LinkObserver | undefined;

  constructor(
    linkCount: number,
    private readonly linkOutput: Int32Array,
    private readonly outBusyUntilNs: Float64Array,
  ) {
    this.busyNs = new Float64Array(linkCount);
  }

  /** Reports every later grant to `observer` (or nobody when undefined). */
  setObserver(observer: LinkObserver | undefined): void {
    this.observer = observer;
  }

  /** `link` sends a packet from `startNs` for `serNs`. */
  book(link: number, startNs: number, serNs: number): void {
    this.busyNs[link] += serNs;
    if (this.observer !== undefined) this.observer.onLinkGranted(link, startNs, startNs + serNs);
  }

  /** Time `link` has spent transmitting up to `atNs` (≤ now + one packet). */
  busyUpToNs(link: number, atNs: number): number {
    return this.busyNs[link] - Math.max(0, this.outBusyUntilNs[this.linkOutput[link]] - atNs);
  }

  get byteLength(): number {
    return this.busyNs.byteLength;
  }
}
