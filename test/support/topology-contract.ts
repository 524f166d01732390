import { expect } from "vitest";
import { ARRIVED, traceRoute, type Routing } from "../../src/routing/index.js";
import type { Topology } from "../../src/topology/index.js";
import { dependencyGraphHasCycle } from "./cdg.js";

/**
 * The laws every `Topology` (and its routing) must obey, written once and run on every kind
 * (test/topology/contract.test.ts). Each law throws (a failed `expect`) on a violation, so a
 * deliberately broken implementation makes it fail.
 */
export interface TopologySubject {
  readonly topology: Topology;
  readonly routing: Routing;
  /** Routing tags to check (per-message routing state); default [0]. */
  readonly tags?: readonly number[];
  /** Times to trace every route for the dependency graph (random or adaptive choices differ each time); default 1. */
  readonly passes?: number;
}

/** Router-to-router hop counts from `start` to every router, by breadth-first search over the links. */
export function routerBfs(topology: Topology, start: number): Int32Array {
  const dist = new Int32Array(topology.routerCount).fill(-1);
  dist[start] = 0;
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const r = queue[q];
    for (let p = 0; p < topology.radix(r); p++) {
      const m = topology.neighbor(r, p);
      if (m >= 0 && dist[m] < 0) {
        dist[m] = dist[r] + 1;
        queue.push(m);
      }
    }
  }
  return dist;
}

export const TOPOLOGY_LAWS: Readonly<Record<string, (s: TopologySubject) => void>> = {
  "links are symmetric: the neighbour's arrival port leads back, and link ids name each (router, port) once, densely, in order": ({ topology: t }) => {
    let expected = 0;
    for (let r = 0; r < t.routerCount; r++) {
      const radix = t.radix(r);
      expect(radix).toBeGreaterThanOrEqual(0);
      expect(radix).toBeLessThanOrEqual(t.maxRadix);
      for (let p = 0; p < radix; p++) {
        const m = t.neighbor(r, p);
        const link = t.linkId(r, p);
        if (m < 0) {
          expect(link).toBe(-1);
          expect(t.arrivalPort(r, p)).toBe(-1);
          continue;
        }
        const q = t.arrivalPort(r, p);
        expect(m).toBeLessThan(t.routerCount);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThan(t.radix(m));
        expect(t.neighbor(m, q)).toBe(r);
        expect(t.arrivalPort(m, q)).toBe(p);
        expect(link).toBe(expected++);
        expect(t.linkSource(link)).toBe(r);
        expect(t.linkPort(link)).toBe(p);
      }
    }
    expect(t.linkCount).toBe(expected);
  },

  "every endpoint attaches to existing routers and reaches every other; distance equals breadth-first search between the attachments of each NIC index, at its fewest; diameter is the largest distance": ({ topology: t }) => {
    let diameter = 0;
    const attachments = (e: number): number => t.endpointAttachments(e);
    let maxAttachments = 1;
    for (let a = 0; a < t.endpointCount; a++) {
      expect(attachments(a)).toBeGreaterThanOrEqual(1);
      maxAttachments = Math.max(maxAttachments, attachments(a));
      for (let i = 0; i < attachments(a); i++) {
        const r = t.endpointRouter(a, i);
        expect(r >= 0 && r < t.routerCount).toBe(true);
      }
    }
    const bfs = new Map<number, Int32Array>();
    const from = (r: number): Int32Array => {
      let dist = bfs.get(r);
      if (dist === undefined) bfs.set(r, (dist = routerBfs(t, r)));
      return dist;
    };
    for (let a = 0; a < t.endpointCount; a++) {
      for (let b = 0; b < t.endpointCount; b++) {
        let d = Infinity;
        for (let k = 0; k < maxAttachments; k++) {
          const hops = from(t.endpointRouter(a, k % attachments(a)))[t.endpointRouter(b, k % attachments(b))];
          expect(hops).toBeGreaterThanOrEqual(0);
          d = Math.min(d, hops);
        }
        expect(t.distance(a, b)).toBe(d);
        if (d > diameter) diameter = d;
      }
    }
    expect(t.diameter).toBe(diameter);
  },

  "routers and endpoints have distinct coordinates and every port a description": ({ topology: t }) => {
    const routers = new Set<string>();
    for (let r = 0; r < t.routerCount; r++) {
      routers.add(t.routerCoordinates(r).join(","));
      for (let p = 0; p < t.radix(r); p++) expect(t.describePort(r, p).length).toBeGreaterThan(0);
    }
    expect(routers.size).toBe(t.routerCount);
    const endpoints = new Set<string>();
    for (let e = 0; e < t.endpointCount; e++) endpoints.add(t.endpointCoordinates(e).join(","));
    expect(endpoints.size).toBe(t.endpointCount);
    expect(t.describeShape().length).toBeGreaterThan(0);
  },

  "every route ends at the destination's router without repeating a link, minimal where the routing claims it, on the routing's VC classes": ({ topology: t, routing, tags }) => {
    for (const tag of tags ?? [0]) {
      for (let a = 0; a < t.endpointCount; a++) {
        const fromA = routing.minimal ? routerBfs(t, t.endpointRouter(a, 0)) : undefined;
        for (let b = 0; b < t.endpointCount; b++) {
          const hops = traceRoute(routing, a, b, tag);
          const last = hops.length > 0 ? hops[hops.length - 1].to : t.endpointRouter(a, 0);
          expect(last).toBe(t.endpointRouter(b, 0));
          expect(routing.nextHop(last, last, -1, 0, tag)).toBe(ARRIVED);
          const links = hops.map((h) => h.link);
          expect(new Set(links).size).toBe(links.length);
          for (const h of hops) expect(h.vc >= 0 && h.vc < routing.vcCount).toBe(true);
          if (fromA !== undefined) expect(hops.length).toBe(fromA[t.endpointRouter(b, 0)]);
        }
      }
    }
  },

  "the channel dependency graph over all routes is acyclic with the routing's VC classes (deadlock freedom)": ({ routing, tags, passes }) => {
    expect(dependencyGraphHasCycle(routing, tags ?? [0], { passes })).toBe(false);
  },
};
