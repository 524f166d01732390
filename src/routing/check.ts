import fc from "fast-check";
import type { Topology } from "../topology/index.js";
import type { CongestionView } from "./congestion.js";
import { traceRoute, type Hop, type Routing } from "./routing.js";

/**
 * A user's property test of a routing: for every pair of endpoints (or a seeded fast-check
 * sample of pairs on a large machine), every NIC index and every tag the routing may choose,
 * the route is delivered, uses no channel twice, is minimal where the routing claims it, and
 * the channel dependency graph of all routes checked — nodes (link, VC class), an edge from
 * each hop to the next of a route (Dally & Seitz 1987; Duato 1993) — has no cycle, so the
 * routing cannot deadlock with its VC classes.
 */
export interface RoutingCheckOptions {
  /** Check every ordered pair even when there are more routes than `maxAllRoutes`. */
  readonly all?: boolean;
  /** Routes above which pairs are sampled (default 300,000). */
  readonly maxAllRoutes?: number;
  /** Pairs to sample (default 20,000). */
  readonly samples?: number;
  /** Seed of the sample and of the random loads adaptive routings are traced under. */
  readonly seed?: number;
}

/** A route as the report shows it. */
export interface CheckedRoute {
  readonly src: number;
  readonly dst: number;
  readonly nic: number;
  readonly tag: number;
  readonly hops: readonly Hop[];
}

export type RoutingCheckFailure =
  | { readonly check: "delivered"; readonly route: CheckedRoute; readonly message: string }
  | { readonly check: "no-repeated-channel"; readonly route: CheckedRoute; readonly link: number }
  | { readonly check: "minimal"; readonly route: CheckedRoute; readonly minimalHops: number }
  | { readonly check: "acyclic"; readonly cycle: readonly { readonly link: number; readonly vc: number }[] };

export interface RoutingCheckReport {
  readonly mode: "all" | "sample";
  /** The sample's seed (also that of the random loads adaptive routings were traced under). */
  readonly seed: number;
  readonly pairs: number;
  readonly routes: number;
  /** Channels (link, VC class) the routes used, and dependencies between them. */
  readonly channels: number;
  readonly dependencies: number;
  readonly vcClasses: number;
  readonly minimalClaimed: boolean;
  readonly passed: boolean;
  /** The first failure found, if any (the checks stop there). */
  readonly failure?: RoutingCheckFailure;
}

/** Seeded pseudo-random queue loads (xorshift32), so that an adaptive routing traced over many pairs takes every choice it can make. */
export class RandomLoads implements CongestionView {
  private state: number;
  constructor(seed: number) {
    this.state = (seed | 0) ^ 0x9e3779b9 || 1;
  }
  outputQueueBytes(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) % 4096;
  }
}

/** Checks `routing` on its topology (see the module comment). */
export function checkRouting(routing: Routing, options: RoutingCheckOptions = {}): RoutingCheckReport {
  const topo = routing.topology;
  const n = topo.endpointCount;
  const seed = options.seed ?? 1;
  let nics = 1;
  for (let e = 0; e < n; e++) nics = Math.max(nics, topo.endpointAttachments(e));
  // Adaptive choices under random loads; random choices traced again on a second pass.
  routing.bindCongestion?.(new RandomLoads(seed));
  const passes = routing.bindCongestion !== undefined ? 2 : 1;
  const tagsOf = (s: number, d: number): readonly number[] => routing.tagChoices?.(s, d) ?? [routing.messageTag?.(s, d) ?? 0];
  const sampleTags = tagsOf(0, n - 1).length;
  const allRoutes = n * (n - 1) * nics * sampleTags * passes;
  const mode = options.all || allRoutes <= (options.maxAllRoutes ?? 300_000) ? "all" : "sample";

  const vcs = routing.vcCount;
  const edges = new Map<number, Set<number>>();
  let routes = 0;
  let pairs = 0;
  const distances = new Map<number, Int32Array>();
  const minimalHops = (s: number, d: number, nic: number): number => {
    if (topo.kind === "fat-tree" || (topo.endpointAttachments(s) === 1 && topo.endpointAttachments(d) === 1)) return topo.distance(s, d);
    const from = topo.endpointRouter(s, nic % topo.endpointAttachments(s));
    let dist = distances.get(from);
    if (dist === undefined) distances.set(from, (dist = routerDistances(topo, from)));
    return dist[topo.endpointRouter(d, nic % topo.endpointAttachments(d))];
  };

  const checkRoute = (s: number, d: number, nic: number, tag: number): RoutingCheckFailure | undefined => {
    let hops: Hop[];
    try {
      hops = traceRoute(routing, s, d, tag, nic);
    } catch (e) {
      return { check: "delivered", route: { src: s, dst: d, nic, tag, hops: [] }, message: e instanceof Error ? e.message : String(e) };
    }
    routes++;
    const route = { src: s, dst: d, nic, tag, hops };
    const seen = new Set<number>();
    for (const h of hops) {
      if (seen.has(h.link)) return { check: "no-repeated-channel", route, link: h.link };
      seen.add(h.link);
    }
    if (routing.minimal) {
      const best = minimalHops(s, d, nic);
      if (hops.length !== best) return { check: "minimal", route, minimalHops: best };
    }
    for (let i = 1; i < hops.length; i++) {
      const from = hops[i - 1].link * vcs + hops[i - 1].vc;
      let set = edges.get(from);
      if (set === undefined) edges.set(from, (set = new Set()));
      set.add(hops[i].link * vcs + hops[i].vc);
    }
    return undefined;
  };

  const pairList: [number, number, number, number][] = [];
  if (mode === "sample") {
    const arb = fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(nics - 1), fc.nat()).filter(([s, d]) => s !== d);
    for (const p of fc.sample(arb, { seed, numRuns: options.samples ?? 20_000 })) pairList.push(p);
  }
  let failure: RoutingCheckFailure | undefined;
  outer: for (let pass = 0; pass < passes; pass++) {
    if (mode === "all") {
      for (let s = 0; s < n; s++) {
        for (let d = 0; d < n; d++) {
          if (s === d) continue;
          if (pass === 0) pairs++;
          for (let nic = 0; nic < nics; nic++) {
            for (const tag of tagsOf(s, d)) {
              failure = checkRoute(s, d, nic, tag);
              if (failure !== undefined) break outer;
            }
          }
        }
      }
    } else {
      for (const [s, d, nic, pick] of pairList) {
        if (pass === 0) pairs++;
        const tags = tagsOf(s, d);
        failure = checkRoute(s, d, nic, tags[pick % tags.length]);
        if (failure !== undefined) break outer;
      }
    }
  }
  let dependencies = 0;
  const channels = new Set<number>();
  for (const [from, to] of edges) {
    channels.add(from);
    for (const t of to) channels.add(t);
    dependencies += to.size;
  }
  if (failure === undefined) {
    const cycle = findCycle(edges);
    if (cycle !== undefined) failure = { check: "acyclic", cycle: cycle.map((c) => ({ link: Math.floor(c / vcs), vc: c % vcs })) };
  }
  return { mode, seed, pairs, routes, channels: channels.size, dependencies, vcClasses: vcs, minimalClaimed: routing.minimal, passed: failure === undefined, ...(failure !== undefined ? { failure } : {}) };
}

/** Hops from router `start` to every router (breadth-first over the links). */
function routerDistances(topo: Topology, start: number): Int32Array {
  const dist = new Int32Array(topo.routerCount).fill(-1);
  dist[start] = 0;
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const r = queue[q];
    for (let p = 0; p < topo.radix(r); p++) {
      const m = topo.neighbor(r, p);
      if (m >= 0 && dist[m] < 0) {
        dist[m] = dist[r] + 1;
        queue.push(m);
      }
    }
  }
  return dist;
}

/** A cycle of the graph (its nodes in order, the last leading back to the first), or undefined. Iterative three-colour DFS. */
export function findCycle(edges: ReadonlyMap<number, ReadonlySet<number>>): number[] | undefined {
  const colour = new Map<number, number>();
  for (const start of edges.keys()) {
    if (colour.get(start)) continue;
    const path: number[] = [start];
    const stack: Iterator<number>[] = [(edges.get(start) ?? new Set<number>()).values()];
    colour.set(start, 1);
    while (stack.length > 0) {
      const next = stack[stack.length - 1].next();
      if (next.done) {
        colour.set(path[path.length - 1], 2);
        stack.pop();
        path.pop();
        continue;
      }
      const c = colour.get(next.value) ?? 0;
      if (c === 1) return path.slice(path.indexOf(next.value));
      if (c === 0) {
        colour.set(next.value, 1);
        path.push(next.value);
        stack.push((edges.get(next.value) ?? new Set<number>()).values());
      }
    }
  }
  return undefined;
}
