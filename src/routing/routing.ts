import type { Topology } from "../topology/index.js";

/**
 * A routing function: where a packet at `node`, bound for `dest`, goes next.
 *
 * perf: called once per packet per hop, so it answers with one small integer rather than
 * an object: `encodeHop(port, vc)`, or `ARRIVED` when `node === dest`. `inPort` is the port
 * the packet came in through at `node`'s upstream neighbour's view — that is, the output port
 * of the previous hop (−1 at injection) — and `inVc` the virtual channel it used there.
 * `tag` is per-packet routing state chosen at injection (0 for routings that need none).
 */
export interface Routing {
  readonly name: string;
  readonly topology: Topology;
  /** Virtual channels this routing needs for deadlock freedom (VC ids are 0 .. vcCount-1). */
  readonly vcCount: number;
  nextHop(node: number, dest: number, inPort: number, inVc: number, tag: number): number;
  /** Per-message routing state chosen when a message from `src` is sent (default 0). */
  messageTag?(src: number, dst: number): number;
}

export const ARRIVED = -1;
const VC_BITS = 4;
export const MAX_ROUTING_VCS = 1 << VC_BITS;

export function encodeHop(port: number, vc: number): number {
  return (port << VC_BITS) | vc;
}

export function hopPort(code: number): number {
  return code >> VC_BITS;
}

export function hopVc(code: number): number {
  return code & (MAX_ROUTING_VCS - 1);
}

/** One hop of a traced route. */
export interface Hop {
  readonly from: number;
  readonly to: number;
  readonly port: number;
  readonly channel: number;
  readonly axis: number;
  readonly direction: 1 | -1;
  readonly vc: number;
}

/**
 * Follows `routing` from `src` to `dst` and returns every hop. Not for the hot path: the
 * network calls `nextHop` directly. Throws if the route does not reach `dst` within
 * `nodeCount` hops (a routing bug, never expected).
 */
export function traceRoute(routing: Routing, src: number, dst: number, tag = 0): Hop[] {
  const topo = routing.topology;
  topo.checkNode(src);
  topo.checkNode(dst);
  const hops: Hop[] = [];
  let node = src;
  let inPort = -1;
  let inVc = 0;
  const limit = topo.nodeCount + topo.diameter + 1;
  while (node !== dst) {
    const code = routing.nextHop(node, dst, inPort, inVc, tag);
    if (code === ARRIVED) throw new Error(`routing ${routing.name} stopped at node ${node} before ${dst}`);
    const port = hopPort(code);
    const vc = hopVc(code);
    const next = topo.neighbor(node, port);
    if (next < 0) throw new Error(`routing ${routing.name} chose unconnected port ${port} at node ${node}`);
    const axis = topo.portAxis[port];
    const dirOfPort = topo.portDirection[port];
    const direction: 1 | -1 = dirOfPort !== 0 ? (dirOfPort as 1 | -1) : topo.coord(node, axis) === 0 ? 1 : -1;
    hops.push({ from: node, to: next, port, channel: topo.channelId(node, port), axis, direction, vc });
    if (hops.length > limit) throw new Error(`routing ${routing.name} loops between ${src} and ${dst}`);
    node = next;
    inPort = port;
    inVc = vc;
  }
  return hops;
}
