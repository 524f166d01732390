import type { Topology } from "../../topology/index.js";

/**
 * Where everything of the packet network sits in its flat tables, built once from the
 * topology and the NIC count.
 *
 * - Router r has `slotCount(r)` = radix(r) + terminals(r) inputs and as many outputs, numbered
 *   the same way: network ports 0..radix−1, then its terminals (the NICs attached to it).
 *   Input or output i of router r has the global slot `slotBase[r] + i`.
 * - NIC q = endpoint × nics + k enters the network at router `nicRouter[q]` (the endpoint's
 *   attachment k mod attachments) as terminal `nicTerminal[q]`, input/output slot `nicSlot[q]`.
 * - Link l leaves output slot `linkOutput[l]` and arrives at router `linkTarget[l]` on input
 *   `linkInput[l]`; `slotLink[s]` is the link an output slot drives (−1: a terminal or an
 *   unconnected port) and `slotInLink[s]` the link an input slot receives.
 *
 * perf: every per-hop question (which link does this output drive, which input does this
 * link feed, which router owns this output) is one typed-array read, so the hot path never
 * calls the topology and works the same for one radix or many.
 */
export class RouterLayout {
  readonly routerCount: number;
  readonly endpointCount: number;
  readonly linkCount: number;
  readonly nics: number;
  /** Largest slotCount of any router. */
  readonly maxSlots: number;
  readonly slotCount: number;
  readonly slotBase: Int32Array;
  /** Network ports of each router (outputs below this are links). */
  readonly radix: Int32Array;
  /** Owner router of each slot. */
  readonly slotRouter: Int32Array;
  readonly slotLink: Int32Array;
  readonly slotInLink: Int32Array;
  /** NIC of each terminal slot (endpoint × nics + k), −1 for network ports. */
  readonly slotNic: Int32Array;
  readonly linkOutput: Int32Array;
  readonly linkTarget: Int32Array;
  readonly linkInput: Int32Array;
  readonly nicRouter: Int32Array;
  readonly nicSlot: Int32Array;
  /** Input index (radix + terminal) of each NIC at its router. */
  readonly nicInput: Int32Array;

  constructor(topology: Topology, nics: number) {
    const routers = topology.routerCount;
    const endpoints = topology.endpointCount;
    this.routerCount = routers;
    this.endpointCount = endpoints;
    this.linkCount = topology.linkCount;
    this.nics = nics;
    this.radix = new Int32Array(routers);
    const terminals = new Int32Array(routers);
    this.nicRouter = new Int32Array(endpoints * nics);
    this.nicInput = new Int32Array(endpoints * nics);
    for (let r = 0; r < routers; r++) this.radix[r] = topology.radix(r);
    // Terminals are numbered at each router in NIC order (endpoint, then k).
    for (let e = 0; e < endpoints; e++) {
      const attachments = topology.endpointAttachments(e);
      for (let k = 0; k < nics; k++) {
        const r = topology.endpointRouter(e, k % attachments);
        this.nicRouter[e * nics + k] = r;
        this.nicInput[e * nics + k] = this.radix[r] + terminals[r]++;
      }
    }
    this.slotBase = new Int32Array(routers + 1);
    let maxSlots = 0;
    for (let r = 0; r < routers; r++) {
      const n = this.radix[r] + terminals[r];
      this.slotBase[r + 1] = this.slotBase[r] + n;
      if (n > maxSlots) maxSlots = n;
    }
    this.maxSlots = maxSlots;
    const slots = this.slotBase[routers];
    this.slotCount = slots;
    this.slotRouter = new Int32Array(slots);
    this.slotLink = new Int32Array(slots).fill(-1);
    this.slotInLink = new Int32Array(slots).fill(-1);
    this.slotNic = new Int32Array(slots).fill(-1);
    this.linkOutput = new Int32Array(this.linkCount);
    this.linkTarget = new Int32Array(this.linkCount);
    this.linkInput = new Int32Array(this.linkCount);
    for (let r = 0; r < routers; r++) {
      const base = this.slotBase[r];
      for (let s = base; s < this.slotBase[r + 1]; s++) this.slotRouter[s] = r;
      for (let p = 0; p < this.radix[r]; p++) {
        const link = topology.linkId(r, p);
        if (link < 0) continue;
        const target = topology.neighbor(r, p);
        const arrival = topology.arrivalPort(r, p);
        this.slotLink[base + p] = link;
        this.linkOutput[link] = base + p;
        this.linkTarget[link] = target;
        this.linkInput[link] = arrival;
      }
    }
    for (let link = 0; link < this.linkCount; link++) {
      this.slotInLink[this.slotBase[this.linkTarget[link]] + this.linkInput[link]] = link;
    }
    this.nicSlot = new Int32Array(endpoints * nics);
    for (let q = 0; q < endpoints * nics; q++) {
      const s = this.slotBase[this.nicRouter[q]] + this.nicInput[q];
      this.nicSlot[q] = s;
      this.slotNic[s] = q;
    }
  }

  /** Bytes of these tables. */
  get byteLength(): number {
    return [
      this.slotBase, this.radix, this.slotRouter, this.slotLink, this.slotInLink, this.slotNic,
      this.linkOutput, this.linkTarget, this.linkInput, this.nicRouter, this.nicSlot, this.nicInput,
    ].reduce((sum, a) => sum + a.byteLength, 0);
  }
}
