import { Rng } from "../engine/index.js";
import type { Dragonfly } from "../topology/index.js";
import type { CongestionView } from "./congestion.js";
import { ARRIVED, encodeHop, type Routing } from "./routing.js";

export const DRAGONFLY_ALGORITHMS = ["minimal", "valiant", "ugal"] as const;
export type DragonflyAlgorithm = (typeof DRAGONFLY_ALGORITHMS)[number];

export interface DragonflyRoutingOptions {
  /** Default `minimal`. */
  readonly algorithm?: DragonflyAlgorithm;
  /** The stream Valiant's intermediate groups are drawn from (default: seed 0, stream "dragonfly"). */
  readonly rng?: Rng;
  /** UGAL: bytes·hops by which the Valiant route must beat the minimal one to be taken (default 0). */
  readonly ugalBiasBytes?: number;
}


// VC classes of `valiant` and `ugal`; `minimal` uses only the last two, as 0 and 1.
const TO_INTERMEDIATE = 0;
const TO_DEST = 1;
const IN_DEST = 2;

/**
 * Routing on a dragonfly (Kim, Dally, Scott & Abts, ISCA 2008):
 * - `minimal`: at most one global link — a local hop to a router of the group holding a link
 *   to the destination's group, that link, a local hop to the destination. Among the links
 *   between the two groups it takes the fewest hops (a link of its own router, else one
 *   landing on the destination router), the rest chosen by the destination router's id. It
 *   is minimal among routes with one global link, not always overall: two global links
 *   through a third group can be shorter (`Dragonfly.routerDistance`), so `minimal` is false.
 * - `valiant`: minimally to an intermediate group chosen at random per message (the message
 *   tag; any group but the source's and the destination's), then minimally to the
 *   destination: at most local, global, local, global, local.
 * - `ugal` (UGAL-L, Kim et al. §4.2 after Singh's UGAL): per packet, at its source router
 *   when it is injected, the minimal route unless q_min·H_min > q_val·H_val + bias, where q
 *   is the output queue of the route's first hop at that router
 *   (`CongestionView.outputQueueBytes`: bytes routed there and not yet sent, or sent and not
 *   yet credited back by the next router), H the route's hop count and bias `ugalBiasBytes`
 *   (BookSim's `adaptive_threshold`; default 0). The Valiant route goes through the message's
 *   intermediate group. Without a congestion view (ideal and flow tiers) it is minimal, as
 *   on an idle network.
 *
 * VC classes (deadlock freedom): a hop toward the intermediate group uses class 0, a hop
 * toward the destination's group (from the source group or the intermediate one) class 1, a
 * local hop in the destination's group class 2. Every route climbs these classes: local 0 →
 * global 0 → (local 1) → global 1 → local 2, and a class-k local hop (one per group and
 * route) never follows a class-k global one, so with channels ranked l0 < g0 < l1 < g1 < l2
 * every dependency goes up in rank and the channel dependency graph is acyclic. `minimal`
 * needs only "toward the destination's group" and "in it" (2 classes). The packet carries
 * its UGAL choice in its class: after a local hop in its source group, class 0 means Valiant
 * and class 1 minimal.
 */
export class DragonflyRouting implements Routing {
  readonly name: DragonflyAlgorithm;
  readonly requires = "dragonfly" as const;
  readonly minimal = false;
  readonly vcCount: number;
  readonly algorithm: DragonflyAlgorithm;
  readonly ugalBiasBytes: number;
  private readonly seedPath: string;
  private rng: Rng;
  private view: CongestionView | undefined;

  constructor(
    readonly topology: Dragonfly,
    options: DragonflyRoutingOptions = {},
  ) {
    this.algorithm = options.algorithm ?? "minimal";
    if (!DRAGONFLY_ALGORITHMS.includes(this.algorithm)) throw new RangeError(`algorithm must be one of ${DRAGONFLY_ALGORITHMS.join(", ")}, got ${String(this.algorithm)}`);
    this.name = this.algorithm;
    this.vcCount = this.algorithm === "minimal" ? 2 : 3;
    this.ugalBiasBytes = options.ugalBiasBytes ?? 0;
    if (!(this.ugalBiasBytes >= 0)) throw new RangeError(`ugalBiasBytes must be ≥ 0, got ${this.ugalBiasBytes}`);
    this.rng = options.rng ?? Rng.fromSeed(0).stream("dragonfly");
    this.seedPath = this.rng.seedPath;
  }

  /** Valiant and UGAL: the intermediate group, uniform among the groups other than the source's and the destination's. */
  messageTag(src: number, dst: number): number {
    const topo = this.topology;
    const from = topo.group(topo.endpointRouter(src, 0));
    if (this.algorithm === "minimal") return 0;
    const to = topo.group(topo.endpointRouter(dst, 0));
    const candidates = topo.groups - (from === to ? 1 : 2);
    if (from === to || candidates <= 0) return from;
    let group = this.rng.int(candidates);
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    if (group >= low) group++;
    if (group >= high) group++;
    return group;
  }

  /** Valiant and UGAL: every intermediate group a message may draw; minimal: [0]. */
  tagChoices(src: number, dst: number): readonly number[] {
    const topo = this.topology;
    if (this.algorithm === "minimal") return [0];
    const from = topo.group(topo.endpointRouter(src, 0));
    const to = topo.group(topo.endpointRouter(dst, 0));
    const groups = Array.from({ length: topo.groups }, (_, g) => g).filter((g) => g !== from && g !== to);
    return groups.length > 0 ? groups : [from];
  }

  bindCongestion(view: CongestionView): void {
    this.view = view;
    this.rng = Rng.fromSeed(this.seedPath);
  }

  nextHop(router: number, dest: number, inPort: number, inVc: number, tag: number): number {
    if (router === dest) return ARRIVED;
    const topo = this.topology;
    const group = topo.group(router);
    const destGroup = topo.group(dest);
    const minimal = this.algorithm === "minimal";
    if (group === destGroup) return encodeHop(topo.localPortTo(router, dest), minimal ? 1 : IN_DEST);
    if (minimal) return encodeHop(this.port(router, this.toward(router, destGroup, dest)), 0);
    // In the intermediate group, or a tag naming no third group: on to the destination.
    if (tag === group || tag === destGroup || tag < 0 || tag >= topo.groups) {
      return encodeHop(this.port(router, this.toward(router, destGroup, dest)), TO_DEST);
    }
    // In the source group: decided at injection, remembered in the class after a local hop.
    const valiant = inPort < 0 ? this.algorithm === "valiant" || this.ugalPrefersValiant(router, destGroup, dest, tag) : inVc === TO_INTERMEDIATE;
    return valiant
      ? encodeHop(this.port(router, this.toward(router, tag, -1)), TO_INTERMEDIATE)
      : encodeHop(this.port(router, this.toward(router, destGroup, dest)), TO_DEST);
  }

  /**
   * The global link (an entry of the topology's group-pair table) a minimal way from `router`
   * to group `to` takes, fewest hops first: a link of `router` landing on `target`, a link of
   * `router`, a link of another router of the group landing on `target`, any link. Ties are
   * broken by `target` (or by `router` when there is no target router).
   */
  private toward(router: number, to: number, target: number): number {
    const topo = this.topology;
    const from = topo.group(router);
    const start = topo.pairStart(from, to);
    const end = topo.pairEnd(from, to);
    let own = 0;
    let landing = 0;
    for (let e = start; e < end; e++) {
      const mine = topo.pairRouter(e) === router;
      const lands = topo.pairLanding(e) === target;
      if (mine && lands) return e;
      if (mine) own++;
      else if (lands) landing++;
    }
    // perf: a second pass finds the chosen entry, so no candidate list is built per hop.
    const hash = target >= 0 ? target : router;
    if (own === 0 && landing === 0) return start + (hash % (end - start));
    let k = own > 0 ? hash % own : hash % landing;
    for (let e = start; e < end; e++) {
      const wanted = own > 0 ? topo.pairRouter(e) === router : topo.pairLanding(e) === target;
      if (wanted && k-- === 0) return e;
    }
    return start;
  }

  /** The port of `router` toward global-link entry `e`: the link itself, or the local port to its router. */
  private port(router: number, e: number): number {
    const topo = this.topology;
    const holder = topo.pairRouter(e);
    return holder === router ? topo.pairPort(e) : topo.localPortTo(router, holder);
  }

  /** Hops from `router` to `target` in group `to` over global-link entry `e`. */
  private hops(router: number, e: number, target: number): number {
    const topo = this.topology;
    return (topo.pairRouter(e) === router ? 1 : 2) + (topo.pairLanding(e) === target ? 0 : 1);
  }

  /** UGAL-L at the source router: Valiant when its first hop's queue × hops is the smaller. */
  private ugalPrefersValiant(router: number, destGroup: number, dest: number, intermediate: number): boolean {
    const view = this.view;
    if (view === undefined) return false;
    const topo = this.topology;
    const min = this.toward(router, destGroup, dest);
    const val = this.toward(router, intermediate, -1);
    const landing = topo.pairLanding(val);
    const onward = this.hops(landing, this.toward(landing, destGroup, dest), dest);
    const hopsMin = this.hops(router, min, dest);
    const hopsVal = (topo.pairRouter(val) === router ? 1 : 2) + onward;
    return view.outputQueueBytes(router, this.port(router, min)) * hopsMin > view.outputQueueBytes(router, this.port(router, val)) * hopsVal + this.ugalBiasBytes;
  }
}
