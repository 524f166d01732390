/**
 * Where the packet level's events go: uniform traffic at 50% offered load (as bench/network.ts)
 * on a 4-ary 4-cube and a 16×16×16 torus, its events counted by kind, per packet-hop, with the
 * share that granted a packet (a hop or an ejection) and, for wake-ups, the share that found
 * their output's link still busy. The figures behind the README's "where the packet level's
 * time goes".
 *
 *   node dist/bench/event-kinds.js                   both tori
 *   node dist/bench/event-kinds.js --measure <ns>    16×16×16 only, that long measured, printing
 *                                                    packet-hops (for cachegrind: run two lengths,
 *                                                    divide the difference in instructions by the
 *                                                    difference in packet-hops)
 */
import { PacketNetwork } from "../src/network/index.js";
import { ARRIVE, CREDIT, DELIVER, EVENT_KINDS, NIC_PUSH, SELF, WAKE, WATCHDOG } from "../src/network/packet/state.js";
import { uniformTraffic } from "./network.js";
import { printTable } from "./util.js";

const KIND_NAMES: Record<number, string> = {
  [ARRIVE]: "arrival (ARRIVE)",
  [WAKE]: "wake-up (WAKE)",
  [CREDIT]: "credit return (CREDIT)",
  [DELIVER]: "delivery (DELIVER)",
  [SELF]: "message to self (SELF)",
  [WATCHDOG]: "deadlock watchdog",
  [NIC_PUSH]: "NIC push (NIC_PUSH)",
};

/** Counts its own events by kind, those that granted a packet, and wake-ups of a busy link. */
class CountingPacketNetwork extends PacketNetwork {
  readonly events = new Float64Array(EVENT_KINDS);
  readonly granting = new Float64Array(EVENT_KINDS);
  wakesOnBusyLink = 0;
  private readonly linkBusyUntilNs: Float64Array;

  constructor(...args: ConstructorParameters<typeof PacketNetwork>) {
    super(...args);
    const busy = new Float64Array(this.layout.linkCount);
    this.linkBusyUntilNs = busy;
    this.links.setObserver({ onLinkGranted: (link, _startNs, endNs) => void (busy[link] = endNs) });
  }

  override handleEvent(kind: number, a: number, b: number, nowNs: number): void {
    this.events[kind]++;
    if (kind === WAKE) {
      const link = this.layout.slotLink[a];
      if (link >= 0 && this.linkBusyUntilNs[link] > nowNs) this.wakesOnBusyLink++;
    }
    const moved = this.packetHops + this.packetsDelivered;
    super.handleEvent(kind, a, b, nowNs);
    if (this.packetHops + this.packetsDelivered > moved) this.granting[kind]++;
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(0)}%`;
}

export function runEventKinds(): void {
  for (const [name, shape, measureNs] of [["4-ary 4-cube", [4, 4, 4, 4], 400_000], ["16x16x16 torus", [16, 16, 16], 40_000]] as const) {
    const { net, workload } = uniformTraffic([...shape], measureNs, CountingPacketNetwork);
    const result = workload.run();
    const hops = net.packetHops;
    let networkEvents = 0;
    const rows: string[][] = [["event kind", "events", "per packet-hop", "granted a packet"]];
    for (let k = 0; k < EVENT_KINDS; k++) {
      networkEvents += net.events[k];
      if (net.events[k] === 0) continue;
      rows.push([KIND_NAMES[k], net.events[k].toLocaleString("en-US"), (net.events[k] / hops).toFixed(2), percent(net.granting[k], net.events[k])]);
    }
    const workloadEvents = result.events - networkEvents;
    rows.push(["traffic workload (injections, windows)", workloadEvents.toLocaleString("en-US"), (workloadEvents / hops).toFixed(2), "-"]);
    rows.push(["all", result.events.toLocaleString("en-US"), (result.events / hops).toFixed(2), percent(hops + net.packetsDelivered, result.events)]);
    printTable(`Events by kind: uniform traffic, 50% offered load, ${name}, ${hops.toLocaleString("en-US")} packet-hops`, rows);
    console.log(`wake-ups that found their output's link still busy: ${net.wakesOnBusyLink.toLocaleString("en-US")} (${percent(net.wakesOnBusyLink, net.events[WAKE])} of wake-ups)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--measure");
  if (at >= 0) {
    const measureNs = Number(process.argv[at + 1]);
    if (!(measureNs > 0)) {
      console.error("event-kinds: --measure needs a positive number of ns");
      process.exit(2);
    }
    // Warm the JIT up first (as bench/network.ts does), so that two lengths differ by hops only.
    uniformTraffic([4, 4, 4, 4], 20_000, PacketNetwork).workload.run();
    const { net, workload } = uniformTraffic([16, 16, 16], measureNs, PacketNetwork);
    const result = workload.run();
    console.log(`16x16x16 torus, ${measureNs} ns measured: ${net.packetHops} packet-hops, ${result.events} events`);
  } else runEventKinds();
}
