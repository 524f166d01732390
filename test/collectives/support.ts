import type { EventHandler } from "../../src/engine/index.js";
import { Rng, Simulator as Sim } from "../../src/engine/index.js";
import { IdealNetwork, TransportWrapper, type IdealNetworkOptions} from "../../src/network/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { makePlacement, type PlacementKind } from "../../src/collectives/index.js";

/** A torus (every axis wrapped) with generic axis names. */
export function torus(shape: readonly number[]): TorusTopology {
  return new TorusTopology({ shape, wrap: shape.map(() => true), axes: shape.map((_, i) => `D${i}`) });
}

/** The lg P-dimensional hypercube (2×2×…×2): nodes r and r XOR 2^k are one hop apart. */
export function hypercube(rankCount: number): TorusTopology {
  const dims = Math.log2(rankCount);
  if (!Number.isInteger(dims)) throw new RangeError(`hypercube needs a power of two, got ${rankCount}`);
  return torus(dims === 0 ? [1] : Array.from({ length: dims }, () => 2));
}

export const LINK: IdealNetworkOptions = { hopLatencyNs: 100, baseLatencyNs: 400, bandwidthBytesPerNs: 4 };

export function idealTransport(topology: TorusTopology, options: IdealNetworkOptions = LINK): IdealNetwork {
  return new IdealNetwork(new Sim(), topology, options);
}

export function placementFor(kind: PlacementKind, rankCount: number, topology: TorusTopology, seed = 7): Int32Array {
  return makePlacement({ kind, rankCount, nodeCount: topology.nodeCount, rng: Rng.fromSeed(seed) });
}

/**
 * Test-only: IdealNetwork behind one injection queue per (node, interface). A message enters
 * the network only when its interface has pushed out the previous message's bytes at the link
 * bandwidth, so a node injects at most interfaces × bandwidth bytes per ns (IdealNetwork alone
 * gives every concurrent message the full bandwidth). Default interface: 0.
 */
export class InjectionLimitedTransport extends TransportWrapper<IdealNetwork> implements EventHandler {
  private readonly busyUntilNs: Float64Array;
  private readonly pending: { src: number; dst: number; sizeBytes: number; token: number }[] = [];
  private readonly kind: number;

  constructor(
    topology: TorusTopology,
    readonly nicCount: number,
    readonly options: IdealNetworkOptions = LINK,
  ) {
    super(new IdealNetwork(new Sim(), topology, options));
    this.busyUntilNs = new Float64Array(topology.nodeCount * nicCount);
    this.kind = this.inner.sim.register(this, 1);
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = 0): void {
    if (src === dst) return this.inner.send(src, dst, sizeBytes, token);
    const slot = src * this.nicCount + (nic % this.nicCount);
    const now = this.sim.nowNs;
    const startNs = Math.max(now, this.busyUntilNs[slot]);
    this.busyUntilNs[slot] = startNs + sizeBytes / this.options.bandwidthBytesPerNs;
    if (startNs <= now) return this.inner.send(src, dst, sizeBytes, token);
    this.pending.push({ src, dst, sizeBytes, token });
    this.sim.schedule(startNs, this.kind, this.pending.length - 1);
  }

  handleEvent(_kind: number, index: number): void {
    const m = this.pending[index];
    this.inner.send(m.src, m.dst, m.sizeBytes, m.token);
  }
}
