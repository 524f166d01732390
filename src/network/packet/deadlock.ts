import type { Topology } from "../../topology/index.js";
import type { RouterLayout } from "./layout.js";

/** One blocked buffer: packets at its head cannot move. */
export interface BlockedBuffer {
  /** Router holding the buffer (the link's downstream end), in the topology's coordinates. */
  readonly node: number[];
  /** The link the packets came in on, as the upstream router's port in the topology's words (`X+`, `up 3`). */
  readonly inLink: string;
  readonly vc: number;
  /** Where its head packet wants to go. */
  readonly wants: string;
}

export interface DeadlockReport {
  readonly atNs: number;
  readonly packetsInFlight: number;
  readonly blockedBuffers: number;
  /** A cycle of buffers each waiting for the next, if one was found. */
  readonly cycle: readonly BlockedBuffer[];
  /** Some blocked buffers (all, up to 20), when no cycle was found. */
  readonly sample: readonly BlockedBuffer[];
  readonly message: string;
}

export interface DeadlockInput {
  readonly topology: Topology;
  readonly layout: RouterLayout;
  readonly nowNs: number;
  readonly vcs: number;
  readonly lanes: number;
  readonly packetsInFlight: number;
  /** Buffers below this id are network buffers; the rest are NIC injection buffers. */
  readonly networkBuffers: number;
  /** Per router: 1 once its columns are ready (a router never used holds no packet). */
  readonly routerReady: Uint8Array;
  readonly bufferHead: Int32Array;
  readonly credits: Int32Array;
  readonly packetOutPort: Int16Array;
  readonly packetVcClass: Uint8Array;
  readonly packetWireBytes: Int32Array;
}

/**
 * Finds the buffers whose head packet waits for room downstream, and a cycle among them
 * (buffer → the full buffers its head waits for). Runs once, when a deadlock is suspected.
 */
export function findDeadlock(input: DeadlockInput): DeadlockReport {
  const { layout, vcs, lanes, bufferHead, credits } = input;
  const waitsFor = new Map<number, number[]>();
  for (let b = 0; b < input.networkBuffers; b++) {
    const router = layout.linkTarget[(b / vcs) | 0];
    if (input.routerReady[router] === 0) continue;
    const p = bufferHead[b];
    if (p < 0) continue;
    const out = input.packetOutPort[p];
    if (out >= layout.radix[router]) continue; // ejection never blocks
    const first = layout.slotLink[layout.slotBase[router] + out] * vcs + input.packetVcClass[p] * lanes;
    const full: number[] = [];
    for (let lane = 0; lane < lanes; lane++) {
      if (credits[first + lane] < input.packetWireBytes[p]) full.push(first + lane);
    }
    if (full.length === lanes) waitsFor.set(b, full);
  }
  const cycle = findCycle(waitsFor);
  const describe = (b: number): BlockedBuffer => describeBuffer(input, b);
  const cycleInfo = cycle.map(describe);
  const sample = cycle.length > 0 ? [] : [...waitsFor.keys()].slice(0, 20).map(describe);
  const where = cycleInfo.length > 0
    ? `cycle of ${cycleInfo.length} buffers: ${cycleInfo.map((c) => `(${c.node.join(",")}) in ${c.inLink} vc${c.vc} -> ${c.wants}`).join(" | ")}`
    : sample.length > 0
      ? `blocked buffers (no cycle found): ${sample.slice(0, 5).map((c) => `(${c.node.join(",")}) in ${c.inLink} vc${c.vc}`).join(", ")}`
      : "no blocked buffer found: packets wait at their NICs";
  return {
    atNs: input.nowNs,
    packetsInFlight: input.packetsInFlight,
    blockedBuffers: waitsFor.size,
    cycle: cycleInfo,
    sample,
    message: `deadlock at ${input.nowNs.toFixed(0)} ns: ${input.packetsInFlight} packets stuck, ${waitsFor.size} buffers blocked; ${where}`,
  };
}

function describeBuffer(input: DeadlockInput, b: number): BlockedBuffer {
  const topo = input.topology;
  const link = (b / input.vcs) | 0;
  const router = input.layout.linkTarget[link];
  const p = input.bufferHead[b];
  const out = input.packetOutPort[p];
  return {
    node: topo.routerCoordinates(router),
    inLink: topo.describePort(topo.linkSource(link), topo.linkPort(link)),
    vc: b % input.vcs,
    wants: out >= input.layout.radix[router] ? "ejection" : topo.describePort(router, out),
  };
}

/** A cycle in the wait-for graph (iterative DFS), or [] if there is none. */
function findCycle(graph: Map<number, number[]>): number[] {
  const state = new Map<number, number>(); // 1 on stack, 2 done
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack: { node: number; i: number }[] = [{ node: start, i: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = graph.get(top.node) ?? [];
      if (top.i >= next.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const v = next[top.i++];
      if (!graph.has(v)) continue;
      const s = state.get(v);
      if (s === 1) {
        const from = stack.findIndex((f) => f.node === v);
        return stack.slice(from).map((f) => f.node);
      }
      if (s === undefined) {
        state.set(v, 1);
        stack.push({ node: v, i: 0 });
      }
    }
  }
  return [];
}
