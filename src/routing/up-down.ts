import { Rng } from "../engine/index.js";
import type { FatTree } from "../topology/index.js";
import type { CongestionView } from "./congestion.js";
import { ARRIVED, encodeHop, type Routing } from "./routing.js";

export const UP_PORT_POLICIES = ["d-mod-k", "s-mod-k", "random", "adaptive"] as const;
/** How an up*\/down* route picks its way up (and its parallel link down). */
export type UpPortPolicy = (typeof UP_PORT_POLICIES)[number];

export interface UpDownOptions {
  /** Default `d-mod-k`. */
  readonly upPort?: UpPortPolicy;
  /** The stream `random` draws from (default: seed 0, stream "up-down"). */
  readonly rng?: Rng;
}

/**
 * Up*\/down* routing on an XGFT: up from the source's leaf until the first switch whose
 * subtree holds the destination's leaf (a nearest common ancestor), then down the only way
 * there is (up to the choice among parallel links). Every route is minimal, and no route
 * turns from down to up, so the channel dependency graph is acyclic with one VC class: an
 * up channel only waits on up channels one level higher or on down channels, a down channel
 * only on down channels one level lower.
 *
 * The message tag is an endpoint id: the destination (`d-mod-k`, `random`, `adaptive`) or the
 * source (`s-mod-k`). At a level-ℓ switch the up port (0 ≤ u < w_{ℓ+1}·p_{ℓ+1}; parent
 * u mod w_{ℓ+1}, parallel copy ⌊u / w_{ℓ+1}⌋) is
 * - `d-mod-k` / `s-mod-k`: u_ℓ = ⌊tag / ∏_{2≤i≤ℓ} wᵢ⌋ mod (w_{ℓ+1}·p_{ℓ+1}), SimGrid's
 *   d-mod-k (FatTreeZone::get_local_route; Zahavi et al., "Optimized InfiniBand fat-tree
 *   routing for shift all-to-all communication patterns", 2010) except that the level-1
 *   parent — the plane — is the NIC's (the endpoint's attachment), so w₁ does not divide;
 * - `random`: uniform, drawn per packet at every switch it climbs;
 * - `adaptive`: per packet, when its head reaches the switch and is routed there, the up port
 *   whose output queue (`CongestionView.outputQueueBytes`: bytes routed to it at this switch
 *   and not yet sent, plus those sent and not yet credited back by the next switch) is
 *   smallest, ties going to the d-mod-k port and then to the ports after it. Without a
 *   congestion view (ideal and flow tiers) it is d-mod-k.
 * Going down from level ℓ with p_ℓ > 1, the parallel copy is the one the tag's choice u_{ℓ−1}
 * named going up (⌊u_{ℓ−1} / w_ℓ⌋: with d-mod-k the routes to a destination retrace its own
 * way up, a tree); `random` draws it, `adaptive` takes the least occupied copy.
 */
export class UpDownRouting implements Routing {
  readonly name = "up-down";
  readonly requires = "fat-tree" as const;
  readonly vcCount = 1;
  readonly minimal = true;
  readonly upPort: UpPortPolicy;
  private readonly levels: number;
  /** Per level ℓ: ∏_{2≤i≤ℓ} wᵢ, the tag's divisor there. */
  private readonly divisor: Float64Array;
  /** Per level ℓ: w_{ℓ+1}·p_{ℓ+1}, the up ports. */
  private readonly upCount: Int32Array;
  /** Per level ℓ: m_ℓ, p_ℓ, w_ℓ (for the way down). */
  private readonly childCount: Int32Array;
  private readonly copies: Int32Array;
  private readonly parentCount: Int32Array;
  private readonly downCount: Int32Array;
  private readonly seedPath: string;
  private rng: Rng;
  private view: CongestionView | undefined;

  constructor(
    readonly topology: FatTree,
    options: UpDownOptions = {},
  ) {
    this.upPort = options.upPort ?? "d-mod-k";
    if (!UP_PORT_POLICIES.includes(this.upPort)) throw new RangeError(`upPort must be one of ${UP_PORT_POLICIES.join(", ")}, got ${String(this.upPort)}`);
    this.rng = options.rng ?? Rng.fromSeed(0).stream("up-down");
    this.seedPath = this.rng.seedPath;
    const h = topology.levels;
    this.levels = h;
    this.divisor = new Float64Array(h + 1);
    this.upCount = new Int32Array(h + 1);
    this.childCount = new Int32Array(h + 1);
    this.copies = new Int32Array(h + 1);
    this.parentCount = new Int32Array(h + 1);
    this.downCount = new Int32Array(h + 1);
    let divisor = 1;
    for (let level = 1; level <= h; level++) {
      if (level >= 2) divisor *= topology.parents[level - 1];
      this.divisor[level] = divisor;
      this.upCount[level] = topology.upPortCount(level);
      this.downCount[level] = topology.downPortCount(level);
      this.childCount[level] = topology.children[level - 1];
      this.copies[level] = topology.parallel[level - 1];
      this.parentCount[level] = topology.parents[level - 1];
    }
  }

  messageTag(src: number, dst: number): number {
    return this.upPort === "s-mod-k" ? src : dst;
  }

  bindCongestion(view: CongestionView): void {
    this.view = view;
    this.rng = Rng.fromSeed(this.seedPath);
  }

  nextHop(router: number, dest: number, _inPort: number, _inVc: number, tag: number): number {
    if (router === dest) return ARRIVED;
    const topo = this.topology;
    const level = topo.level(router);
    if (this.holds(router, level, dest)) {
      // Down towards the destination's digit at this level.
      const x = topo.digit(dest, level);
      const m = this.childCount[level];
      return encodeHop(x + this.downCopy(router, level, x, tag) * m, 0);
    }
    return encodeHop(this.downCount[level] + this.up(router, level, tag), 0);
  }

  /** Whether leaf `dest` lies under `router` (level `level`): same plane (digit 1), same digits above the level. */
  private holds(router: number, level: number, dest: number): boolean {
    const topo = this.topology;
    if (topo.digit(router, 1) !== topo.digit(dest, 1)) return false;
    for (let i = level + 1; i <= this.levels; i++) if (topo.digit(router, i) !== topo.digit(dest, i)) return false;
    return true;
  }

  /** The tag's choice among the up ports of a level-ℓ switch (d-mod-k / s-mod-k). */
  private modK(level: number, tag: number): number {
    return Math.floor(tag / this.divisor[level]) % this.upCount[level];
  }

  private up(router: number, level: number, tag: number): number {
    const k = this.upCount[level];
    switch (this.upPort) {
      case "d-mod-k":
      case "s-mod-k":
        return this.modK(level, tag);
      case "random":
        return this.rng.int(k);
      case "adaptive":
        return this.leastLoaded(router, this.downCount[level], this.modK(level, tag), k, 1);
    }
  }

  /** The parallel copy to take down from a level-ℓ switch to its child of digit x. */
  private downCopy(router: number, level: number, x: number, tag: number): number {
    const p = this.copies[level];
    if (p === 1) return 0;
    switch (this.upPort) {
      case "random":
        return this.rng.int(p);
      case "adaptive": {
        const m = this.childCount[level];
        return this.leastLoaded(router, x, this.tagCopy(level, tag) * m, p * m, m) / m;
      }
      default:
        return this.tagCopy(level, tag);
    }
  }

  /** The copy the tag took climbing from level ℓ−1 to ℓ. */
  private tagCopy(level: number, tag: number): number {
    return Math.floor(this.modK(level - 1, tag) / this.parentCount[level]);
  }

  /**
   * Among the ports first + start, first + start + step, … (wrapping within first … first+span−1,
   * `span / step` of them), the one with the fewest bytes queued; the scan starts at `start`,
   * so ties go to it and then to the ports after it. Returns the offset from `first`. Without
   * a congestion view, `start`.
   */
  private leastLoaded(router: number, first: number, start: number, span: number, step: number): number {
    const view = this.view;
    if (view === undefined) return start;
    let best = start;
    let bestBytes = view.outputQueueBytes(router, first + start);
    for (let j = step; j < span; j += step) {
      let offset = start + j;
      if (offset >= span) offset -= span;
      const bytes = view.outputQueueBytes(router, first + offset);
      if (bytes < bestBytes) {
        bestBytes = bytes;
        best = offset;
      }
    }
    return best;
  }
}
