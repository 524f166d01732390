import { traceRoute, type Routing } from "../../src/routing/index.js";

export interface DependencyGraphOptions {
  /** Put every hop in one VC class: the graph the routing would have without its classes. */
  readonly collapseClasses?: boolean;
  /** Trace all routes this many times (routings with random or adaptive choices take others each time). */
  readonly passes?: number;
}

/**
 * True if the channel dependency graph of all routes between all pairs (for every tag in
 * `tags`) has a cycle: nodes are (link, VC class), edges join consecutive hops of a route.
 */
export function dependencyGraphHasCycle(routing: Routing, tags: readonly number[] = [0], options: DependencyGraphOptions = {}): boolean {
  const topo = routing.topology;
  const vcs = options.collapseClasses ? 1 : routing.vcCount;
  const id = (link: number, vc: number): number => link * vcs + (options.collapseClasses ? 0 : vc);
  const edges = new Map<number, Set<number>>();
  const passes = options.passes ?? 1;
  for (let pass = 0; pass < passes; pass++) {
    for (const tag of tags) {
      for (let s = 0; s < topo.endpointCount; s++) {
        for (let d = 0; d < topo.endpointCount; d++) {
          const hops = traceRoute(routing, s, d, tag);
          for (let i = 1; i < hops.length; i++) {
            const from = id(hops[i - 1].link, hops[i - 1].vc);
            let set = edges.get(from);
            if (!set) edges.set(from, (set = new Set()));
            set.add(id(hops[i].link, hops[i].vc));
          }
        }
      }
    }
  }
  // Iterative three-colour DFS.
  const colour = new Map<number, number>();
  for (const start of edges.keys()) {
    if (colour.get(start)) continue;
    const stack: [number, Iterator<number>][] = [[start, (edges.get(start) ?? new Set<number>()).values()]];
    colour.set(start, 1);
    while (stack.length > 0) {
      const [node, it] = stack[stack.length - 1];
      const next = it.next();
      if (next.done) {
        colour.set(node, 2);
        stack.pop();
        continue;
      }
      const c = colour.get(next.value) ?? 0;
      if (c === 1) return true;
      if (c === 0) {
        colour.set(next.value, 1);
        stack.push([next.value, (edges.get(next.value) ?? new Set<number>()).values()]);
      }
    }
  }
  return false;
}
