import { packetCount, type NetworkConfig } from "../config.js";
import type { DeliveryObserver } from "../model.js";
import type { DeliveryListener } from "../transport.js";
import type { CreditReturns } from "./credits.js";
import type { MessagePool, PacketPool } from "./pools.js";
import { DELIVER, SELF, type PacketState } from "./state.js";
import type { EjectionPort, SwitchAllocator } from "./switch.js";
import type { Wakeups } from "./wakeups.js";
import type { Watchdog } from "./watchdog.js";

/**
 * The network interfaces: each message goes whole through one NIC of its source (round-robin
 * per source unless the sender names one), as a Tofu put goes through one TNI. A NIC cuts its
 * head message into packets of at most `packetPayloadBytes` (each with `packetHeaderBytes`
 * more on the wire; a 0-byte message is one header-only packet) and streams them back to back
 * at link bandwidth into its router's terminal input, which has VC buffers like a network
 * input (so a packet waiting for a busy output does not hold back the next one bound
 * elsewhere). Packets eject at the destination through its NIC of the same index, which
 * always accepts (it drains into memory); a message is delivered when its last packet is whole.
 */
export class Nics implements EjectionPort {
  private listener: DeliveryListener | undefined;
  private observer: DeliveryObserver | undefined;
  /** Per endpoint: the NIC its next message goes through when the sender names none. */
  private readonly nicNext: Uint8Array;
  private readonly config: NetworkConfig;
  private readonly nics: number;
  private readonly vcs: number;
  private readonly packets: PacketPool;
  private readonly messages: MessagePool;
  private readonly deliverKind: number;
  private readonly selfKind: number;
  /** Owner id of NIC 0 among credit owners (see `CreditReturns`). */
  private readonly slots: number;
  // perf: columns held directly (see SwitchAllocator).
  private readonly credits: Int32Array;
  private readonly nicHeadMsg: Int32Array;
  private readonly nicTailMsg: Int32Array;
  private readonly nicBusyUntilNs: Float64Array;
  private readonly nicRouter: Int32Array;
  private readonly nicInput: Int32Array;

  constructor(
    private readonly state: PacketState,
    private readonly switches: SwitchAllocator,
    private readonly wakeups: Wakeups,
    private readonly creditReturns: CreditReturns,
    private readonly watchdog: Watchdog,
  ) {
    this.config = state.config;
    this.nics = state.nics;
    this.vcs = state.vcs;
    this.packets = state.packets;
    this.messages = state.messages;
    this.deliverKind = state.eventBase + DELIVER;
    this.selfKind = state.eventBase + SELF;
    this.slots = state.layout.slotCount;
    this.credits = state.credits;
    this.nicHeadMsg = state.nicHeadMsg;
    this.nicTailMsg = state.nicTailMsg;
    this.nicBusyUntilNs = state.nicBusyUntilNs;
    this.nicRouter = state.layout.nicRouter;
    this.nicInput = state.layout.nicInput;
    this.nicNext = new Uint8Array(state.layout.endpointCount);
  }

  setListener(listener: DeliveryListener): void {
    this.listener = listener;
  }

  setObserver(observer: DeliveryObserver | undefined): void {
    this.observer = observer;
  }

  /** Queues a message at a NIC of `src` (see `Transport.send`); a message to oneself skips the network. */
  send(src: number, dst: number, sizeBytes: number, token: number, nic: number): void {
    const state = this.state;
    const now = state.sim.nowNs;
    const msgs = this.messages;
    const m = msgs.allocate();
    msgs.dst[m] = dst;
    msgs.token[m] = token;
    msgs.postedNs[m] = now;
    if (src === dst) {
      msgs.undeliveredPackets[m] = 0;
      this.state.sim.scheduleIn(0, this.selfKind, m);
      return;
    }
    let i = nic;
    if (i < 0) {
      i = this.nicNext[src];
      this.nicNext[src] = i + 1 === this.nics ? 0 : i + 1;
    } else i %= this.nics;
    msgs.nic[m] = i;
    const routing = this.state.routing;
    msgs.tag[m] = routing.messageTag !== undefined ? routing.messageTag(src, dst) : 0;
    // The destination router: where the destination's NIC of the same index attaches.
    msgs.dstRouter[m] = this.nicRouter[dst * this.nics + i];
    msgs.unsentBytes[m] = sizeBytes;
    msgs.undeliveredPackets[m] = packetCount(this.config, sizeBytes);
    msgs.readyNs[m] = now + this.config.nicLatencyNs;
    msgs.next[m] = -1;
    const q = src * this.nics + i;
    const router = this.nicRouter[q];
    if (state.routerReady[router] === 0) state.ensureRouter(router);
    if (this.nicTailMsg[q] < 0) this.nicHeadMsg[q] = m;
    else msgs.next[this.nicTailMsg[q]] = m;
    this.nicTailMsg[q] = m;
    if (this.nicHeadMsg[q] === m) this.push(q);
  }

  /**
   * NIC `q` (= endpoint × NICs + k) cuts the next packet of its head message and streams it
   * into an injection buffer of its router, when its link is free and a buffer can take the
   * whole packet; otherwise it waits for that (a wake-up, or the buffer's credit).
   */
  push(q: number): void {
    if (this.nicHeadMsg[q] < 0) return;
    this.pushPacket(q);
    // The NIC's queue, busy time or wake-up changed: credit returns may matter now.
    this.creditReturns.settle(this.slots + q);
  }

  /** A CREDIT event of NIC `q`: an injection buffer has room again. */
  creditReturned(q: number): void {
    this.creditReturns.drain(this.slots + q);
    this.push(q);
  }

  private pushPacket(q: number): void {
    const m = this.nicHeadMsg[q];
    const state = this.state;
    const now = state.sim.nowNs;
    const msgs = this.messages;
    const config = this.config;
    const startNs = Math.max(this.nicBusyUntilNs[q], msgs.readyNs[m]);
    if (startNs > now) {
      this.wakeups.nic(q, startNs);
      return;
    }
    const payload = Math.min(config.packetPayloadBytes, msgs.unsentBytes[m]);
    const wire = payload + config.packetHeaderBytes;
    // The emptiest injection VC that can take the whole packet.
    this.creditReturns.drain(this.slots + q);
    const first = state.firstInjectionBuffer + q * this.vcs;
    let buffer = -1;
    let best = wire - 1;
    for (let vc = 0; vc < this.vcs; vc++) {
      if (this.credits[first + vc] > best) {
        best = this.credits[first + vc];
        buffer = first + vc;
      }
    }
    if (buffer < 0) return; // a credit returning to this NIC pushes again
    msgs.unsentBytes[m] -= payload;
    if (msgs.unsentBytes[m] <= 0) {
      // Last packet of this message: the NIC moves on to the next message.
      const next = msgs.next[m];
      this.nicHeadMsg[q] = next;
      if (next < 0) this.nicTailMsg[q] = -1;
    }
    const router = this.nicRouter[q];
    const pk = this.packets;
    const p = pk.allocate();
    pk.msg[p] = m;
    pk.dst[p] = msgs.dstRouter[m];
    pk.node[p] = router;
    pk.payloadBytes[p] = payload;
    pk.wireBytes[p] = wire;
    pk.nic[p] = msgs.nic[m];
    pk.vcClass[p] = 0;
    pk.inPort[p] = -1;
    pk.hops[p] = 0;
    pk.createdNs[p] = msgs.postedNs[m];
    pk.readyNs[p] = now + config.routerLatencyNs + state.endpointLatencyNs;
    this.credits[buffer] -= wire;
    state.packetsInjected++;
    const serNs = wire * state.nicNsPerByte;
    state.lastProgressNs = Math.max(state.lastProgressNs, now + serNs + config.routerLatencyNs + state.endpointLatencyNs);
    this.watchdog.arm(now);
    this.nicBusyUntilNs[q] = now + serNs;
    this.switches.enqueue(p, buffer, router, this.nicInput[q]);
    if (this.nicHeadMsg[q] >= 0) this.wakeups.nic(q, now + serNs);
  }

  /**
   * Packet `p` starts ejecting now and is whole at the NIC at `doneNs`. perf: its statistics
   * are recorded and its slot freed now; only a message's last packet schedules an event.
   * A message's packets eject one after another through the same NIC, so the last to start
   * is the last to finish.
   */
  eject(p: number, doneNs: number): void {
    const state = this.state;
    const pk = this.packets;
    const msgs = this.messages;
    const m = pk.msg[p];
    state.packetsDelivered++;
    state.payloadBytesDelivered += pk.payloadBytes[p];
    if (this.observer !== undefined) this.observer.onUnitDelivered(msgs.token[m], doneNs - pk.createdNs[p], pk.hops[p]);
    pk.release(p);
    if (--msgs.undeliveredPackets[m] === 0) state.sim.scheduleInLane(state.wakeLane, doneNs, this.deliverKind, m);
  }

  /** Message `m` has fully arrived (its DELIVER or SELF event). */
  delivered(m: number, nowNs: number): void {
    const state = this.state;
    if (nowNs > state.lastProgressNs) state.lastProgressNs = nowNs;
    state.messagesDelivered++;
    const token = this.messages.token[m];
    this.messages.release(m);
    if (this.listener !== undefined) this.listener.onDelivered(token, nowNs);
  }

  get byteLength(): number {
    return this.nicNext.byteLength;
  }
}
