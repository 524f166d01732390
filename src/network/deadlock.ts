import type { Topology } from "../topology/index.js";

/** One blocked buffer: packets at its head cannot move. */
export interface BlockedBuffer {
  /** Router holding the buffer (the channel's downstream end). */
  readonly node: number[];
  /** The link the packets came in on: axis and direction, from the upstream node. */
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
  readonly nowNs: number;
  readonly vcs: number;
  readonly lanes: number;
  readonly packetsInFlight: number;
  /** Buffers below this id are network buffers; the rest are NIC injection buffers. */
  readonly networkBuffers: number;
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
  const { topology: topo, vcs, lanes, bufferHead, credits } = input;
  const ports = topo.portCount;
  const waitsFor = new Map<number, number[]>();
  for (let b = 0; b < input.networkBuffers; b++) {
    const p = bufferHead[b];
    if (p < 0) continue;
    const out = input.packetOutPort[p];
    if (out >= ports) continue; // ejection never blocks
    const channel = (b / vcs) | 0;
    const node = topo.neighbor((channel / ports) | 0, channel % ports);
    const first = (node * ports + out) * vcs + input.packetVcClass[p] * lanes;
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
  const ports = topo.portCount;
  const channel = (b / input.vcs) | 0;
  const upstream = (channel / ports) | 0;
  const inPort = channel % ports;
  const node = topo.neighbor(upstream, inPort);
  const p = input.bufferHead[b];
  const out = input.packetOutPort[p];
  return {
    node: topo.coordsOf(node),
    inLink: linkName(topo, upstream, inPort),
    vc: b % input.vcs,
    wants: out >= ports ? "ejection" : linkName(topo, node, out),
  };
}

function linkName(topo: Topology, node: number, port: number): string {
  const axis = topo.portAxis[port];
  const dir = topo.portDirection[port];
  const sign = dir > 0 ? "+" : dir < 0 ? "-" : topo.coord(node, axis) === 0 ? "+" : "-";
  return `${topo.axes[axis]}${sign}`;
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
