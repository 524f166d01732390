import { Heap } from "heap-js";

/**
 * Receives the events of the kinds it registered for. `kind` is local to the handler
 * (0 .. kindCount-1); `a` and `b` are the integer payload given to `schedule`.
 */
export interface EventHandler {
  handleEvent(kind: number, a: number, b: number, nowNs: number): void;
}

export interface RunOptions {
  /** Stop before the first event later than this time; the clock is left at this time. */
  readonly untilNs?: number;
  /** Stop after this many events (counted over the whole life of the simulator). */
  readonly maxEvents?: number;
}

export type RunStop = "empty" | "time-limit" | "event-limit" | "stopped";

export interface RunResult {
  readonly stop: RunStop;
  readonly nowNs: number;
  readonly events: number;
}

const INITIAL_CAPACITY = 1024;
/** Events per calendar bucket the window aims at: the heap then holds tens of events. */
const CALENDAR_PER_BUCKET = 8;
/** At most this many buckets in a window (its tables stay small). */
const CALENDAR_MAX_BUCKETS = 1 << 20;

/**
 * The discrete-event kernel. Time is a float64 count of **nanoseconds**.
 *
 * Events are integer triples (kind, a, b): no closure or object is allocated per event.
 * Their fields live in typed arrays indexed by an event id taken from a free list; the
 * heap-js queue holds only the ids. Events are totally ordered by (time, insertion
 * sequence), so equal-time events run in the order they were scheduled and every run
 * with the same inputs is identical.
 *
 * perf: heap-js orders only the events of the near future. Later ones wait, unsorted, in a
 * calendar of time buckets (Brown 1988; the ladder queue of Tang, Goh and Thng 2005 is the same
 * idea with more rungs): each bucket's events enter the heap together when the heap has run
 * dry, so heap-js sifts through tens of events instead of all that are pending — PHOLD's 16,384,
 * or the hundreds of thousands of a whole-Fugaku collective. The buckets partition time by a
 * monotone index, so every event in the heap is strictly earlier than every event outside it
 * and the order of events is exactly the one a single heap gives (a property test checks it).
 *
 * A model may also `reserve` an event's place in that order without queueing it, when the
 * event will most likely do nothing: it schedules it later in the place it reserved
 * (`scheduleReserved`) if it turns out to be needed, and otherwise lets the clock pass it
 * (`hasPassed` says when) — the run is then the same as if the event had been queued.
 */
/**
 * Watches long runs from outside the model — a progress display — without scheduling events
 * of its own (which would change the run): called with the simulator every PROBE_EVERY events.
 */
export type ProgressProbe = (sim: Simulator) => void;

/** Events between calls of the progress probe (a power of two). */
export const PROBE_EVERY = 1 << 16;
let progressProbe: ProgressProbe | undefined;

/** Installs (or, with undefined, removes) the probe every simulator in this thread calls. */
export function setProgressProbe(probe: ProgressProbe | undefined): void {
  progressProbe = probe;
}

export class Simulator {
  // perf: the heap's comparisons read times, densely packed so that as many as possible stay
  // in cache; the sequence breaks ties only. An event's (kind, a, b) sit together in one
  // quadruple of ints, so dispatching it touches one cache line. The sequence is a double so
  // that it cannot overflow (2^53 events is beyond any run).
  private timeNs: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private seq: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private fields: Int32Array = new Int32Array(4 * INITIAL_CAPACITY);
  private freeIds: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private capacity = 0;
  private nextSeq = 0;

  private readonly heap: Heap<number>;

  // The calendar (see the class). An event at t ≤ calEndNs has index
  // min(⌊(t − calBaseNs)·calPerNs⌋, calBuckets − 1), a later one index calBuckets: monotone in t.
  // The heap holds the events of index ≤ calCurrent (those earlier than the window too),
  // buckets calCurrent+1 .. calBuckets−1 hold theirs as linked lists of ids, and the overflow
  // list the rest until the window is used up. There is no window at first (calEndNs = −∞):
  // every event waits in the overflow until the run builds one.
  private calBaseNs = 0;
  private calPerNs = 0;
  private calEndNs = -Infinity;
  private calCurrent = -1;
  private calBuckets = 0;
  private calHead: Int32Array = new Int32Array(64);
  private calTail: Int32Array = new Int32Array(64);
  private calOverflowHead = -1;
  private calOverflowTail = -1;
  /** Events in buckets or overflow (not yet in the heap). */
  private calPending = 0;
  /** Next event in the same bucket or overflow list, per event id. */
  private calNext: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private readonly handlers: EventHandler[] = [];
  // kind → index of its handler and local kind; filled by `register`.
  private readonly kindHandler: EventHandler[] = [];
  private readonly kindLocal: number[] = [];

  // perf: while an event is dispatched it stays at the top of the heap. The first event it
  // schedules then takes its place with one heap-js `replace` (a single sift-down) instead
  // of a pop and a push. Most handlers schedule at least one event, so this halves the
  // heap work of a typical step.
  private topIsCurrent = false;
  private stopRequested = false;

  // FIFO lanes: ring buffers of event ids, each sorted by (time, sequence).
  private laneBuf: Int32Array[] = [];
  private readonly laneHead: number[] = [];
  private readonly laneTail: number[] = [];
  private laneCount = 0;
  private laneSize = 0;

  private clockNs = 0;
  private processed = 0;
  /** The event being dispatched, −1 between events. */
  private currentId = -1;
  /** Between events: events at the clock's time with a sequence number up to this one have been processed. */
  private passedSeq = -1;
  /** Place of the latest reserved event (it may never be queued): time and sequence. */
  private reservedHorizonNs = 0;
  private reservedHorizonSeq = -1;

  constructor() {
    // perf: the comparator is the only function heap-js calls per comparison; it reads the
    // typed arrays through `this` so that growing them needs no new comparator.
    this.heap = new Heap<number>((x, y) => this.timeNs[x] - this.timeNs[y] || this.seq[x] - this.seq[y]);
  }

  /** Current simulated time in ns. */
  get nowNs(): number {
    return this.clockNs;
  }

  /** Events processed since construction. */
  get events(): number {
    return this.processed;
  }

  /**
   * Whether an event is being dispatched now — or was when its handler threw out of `run`
   * (the run was then cut short in the middle of an event, not ended by its queue or limits).
   */
  get inEvent(): boolean {
    return this.currentId >= 0;
  }

  /** Events scheduled and not yet processed (a reserved event still ahead counts as one). */
  get pendingEvents(): number {
    const reservedAhead = this.hasPassed(this.reservedHorizonNs, this.reservedHorizonSeq) ? 0 : 1;
    return this.heap.length - (this.topIsCurrent ? 1 : 0) + this.calPending + this.laneSize + reservedAhead;
  }

  /** Opens a FIFO lane for events scheduled at a fixed delay (see the class) and returns its id. */
  openLane(): number {
    this.laneBuf.push(new Int32Array(INITIAL_CAPACITY));
    this.laneHead.push(0);
    this.laneTail.push(0);
    return this.laneCount++;
  }

  /**
   * Schedules an event at `atNs` (≥ now, finite) as `schedule` does, through `lane` when it
   * comes no earlier than the lane's last event (which keeps the lane sorted), else the heap.
   */
  scheduleInLane(lane: number, atNs: number, kind: number, a = 0, b = 0): void {
    if (!(atNs >= this.clockNs) || atNs === Infinity) {
      throw new RangeError(`cannot schedule at ${atNs} ns: time must be finite and not before now (${this.clockNs} ns)`);
    }
    if (!(kind >= 0 && kind < this.kindHandler.length) || !Number.isInteger(kind)) {
      throw new RangeError(`unknown event kind ${kind}: register a handler first`);
    }
    const head = this.laneHead[lane];
    const tail = this.laneTail[lane];
    let buf = this.laneBuf[lane];
    // (The sequence is the newest, so no earlier than the last event's time is enough.)
    if (tail !== head && atNs < this.timeNs[buf[(tail - 1) & (buf.length - 1)]]) {
      this.enqueue(atNs, this.nextSeq++, kind, a, b);
      return;
    }
    const id = this.allocate();
    this.timeNs[id] = atNs;
    this.seq[id] = this.nextSeq++;
    this.fields[4 * id] = kind;
    this.fields[4 * id + 1] = a;
    this.fields[4 * id + 2] = b;
    if (tail - head === buf.length) buf = this.growLane(lane);
    buf[this.laneTail[lane] & (buf.length - 1)] = id;
    this.laneTail[lane]++;
    this.laneSize++;
  }

  private growLane(lane: number): Int32Array {
    const old = this.laneBuf[lane];
    const n = old.length;
    const buf = new Int32Array(2 * n);
    const head = this.laneHead[lane];
    for (let i = 0; i < n; i++) buf[i] = old[(head + i) & (n - 1)];
    this.laneBuf[lane] = buf;
    this.laneHead[lane] = 0;
    this.laneTail[lane] = n;
    return buf;
  }

  /**
   * Registers a handler for `kindCount` event kinds and returns the first global kind.
   * The handler then receives kinds `base .. base+kindCount-1` as local kinds `0 ..`.
   */
  register(handler: EventHandler, kindCount: number): number {
    if (!Number.isInteger(kindCount) || kindCount < 1) {
      throw new RangeError(`kindCount must be a positive integer, got ${kindCount}`);
    }
    const base = this.kindHandler.length;
    this.handlers.push(handler);
    for (let k = 0; k < kindCount; k++) {
      this.kindHandler.push(handler);
      this.kindLocal.push(k);
    }
    return base;
  }

  /** Schedules an event at absolute time `atNs` (≥ now, finite). Returns its event id. */
  schedule(atNs: number, kind: number, a = 0, b = 0): number {
    if (!(atNs >= this.clockNs) || atNs === Infinity) {
      throw new RangeError(
        `cannot schedule at ${atNs} ns: time must be finite and not before now (${this.clockNs} ns)`,
      );
    }
    if (!(kind >= 0 && kind < this.kindHandler.length) || !Number.isInteger(kind)) {
      throw new RangeError(`unknown event kind ${kind}: register a handler first`);
    }
    return this.enqueue(atNs, this.nextSeq++, kind, a, b);
  }

  private enqueue(atNs: number, seq: number, kind: number, a: number, b: number): number {
    const id = this.allocate();
    this.timeNs[id] = atNs;
    this.seq[id] = seq;
    this.fields[4 * id] = kind;
    this.fields[4 * id + 1] = a;
    this.fields[4 * id + 2] = b;
    let index: number;
    if (atNs > this.calEndNs) {
      this.calPending++;
      this.toOverflow(id);
    } else if ((index = Math.min(Math.floor((atNs - this.calBaseNs) * this.calPerNs), this.calBuckets - 1)) > this.calCurrent) {
      this.calPending++;
      this.toBucket(id, index);
    } else if (this.topIsCurrent) {
      this.topIsCurrent = false;
      this.heap.replace(id);
    } else {
      this.heap.add(id);
    }
    return id;
  }

  /**
   * The heap has run dry: moves the next non-empty bucket's events into it, building a new
   * window from the overflow when the buckets are used up. Called only with `calPending` > 0.
   */
  private refill(): void {
    const heap = this.heap;
    for (;;) {
      while (++this.calCurrent < this.calBuckets) {
        let id = this.calHead[this.calCurrent];
        if (id < 0) continue;
        this.calHead[this.calCurrent] = -1;
        this.calTail[this.calCurrent] = -1;
        while (id >= 0) {
          heap.add(id);
          this.calPending--;
          id = this.calNext[id];
        }
        return;
      }
      this.newWindow();
    }
  }

  private toBucket(id: number, index: number): void {
    this.calNext[id] = -1;
    const tail = this.calTail[index];
    if (tail < 0) this.calHead[index] = id;
    else this.calNext[tail] = id;
    this.calTail[index] = id;
  }

  private toOverflow(id: number): void {
    this.calNext[id] = -1;
    if (this.calOverflowTail < 0) this.calOverflowHead = id;
    else this.calNext[this.calOverflowTail] = id;
    this.calOverflowTail = id;
  }

  /**
   * Builds a new window over the overflow's near part: from its earliest event to twice its
   * mean distance from there (so that one far event — a watchdog, a timeout — cannot stretch
   * the buckets over everything), about CALENDAR_PER_BUCKET events a bucket; the rest stays in
   * the overflow. By Markov's inequality at least half of the overflow enters each window, so
   * rescanning what stays costs O(1) per event, amortised.
   */
  private newWindow(): void {
    // Unreachable while the invariant holds; fail fast rather than spin.
    if (this.calOverflowHead < 0) throw new Error(`internal error: ${this.calPending} events in the calendar, none in its overflow or buckets ahead`);
    // The mean as an offset from the first event's time, which keeps its precision when the
    // times are large and close together.
    const firstNs = this.timeNs[this.calOverflowHead];
    let minNs = Infinity;
    let offsetSumNs = 0;
    let count = 0;
    for (let id = this.calOverflowHead; id >= 0; id = this.calNext[id]) {
      const t = this.timeNs[id];
      if (t < minNs) minNs = t;
      offsetSumNs += t - firstNs;
      count++;
    }
    const limitNs = minNs + 2 * Math.max(0, firstNs - minNs + offsetSumNs / count);
    let inside = 0;
    let endNs = minNs;
    for (let id = this.calOverflowHead; id >= 0; id = this.calNext[id]) {
      const t = this.timeNs[id];
      if (t <= limitNs) {
        inside++;
        if (t > endNs) endNs = t;
      }
    }
    const buckets = Math.min(CALENDAR_MAX_BUCKETS, Math.max(1, Math.ceil(inside / CALENDAR_PER_BUCKET)));
    if (this.calHead.length < buckets) {
      this.calHead = new Int32Array(Math.max(buckets, 2 * this.calHead.length));
      this.calTail = new Int32Array(this.calHead.length);
    }
    this.calHead.fill(-1, 0, buckets);
    this.calTail.fill(-1, 0, buckets);
    this.calBaseNs = minNs;
    this.calEndNs = endNs;
    // One bucket for all (index 0 at any time) when the events are too close to tell apart
    // (every event at one time, or a span so small that buckets per ns overflows to ∞).
    const perNs = buckets / (endNs - minNs);
    this.calPerNs = Number.isFinite(perNs) ? perNs : 0;
    this.calBuckets = buckets;
    this.calCurrent = -1;
    let id = this.calOverflowHead;
    this.calOverflowHead = -1;
    this.calOverflowTail = -1;
    while (id >= 0) {
      const next = this.calNext[id];
      const t = this.timeNs[id];
      if (t > endNs) this.toOverflow(id);
      else this.toBucket(id, Math.min(Math.floor((t - minNs) * this.calPerNs), buckets - 1));
      id = next;
    }
  }

  /**
   * Reserves the place in the order of events of an event at `atNs` (≥ now, finite) as if it
   * were scheduled now, and returns its sequence number. The caller either schedules it later
   * with `scheduleReserved` or never; an event never scheduled counts as having done nothing
   * when the clock passes its place (and a run that empties the queue still ends at its time).
   */
  reserve(atNs: number): number {
    if (!(atNs >= this.clockNs) || atNs === Infinity) {
      throw new RangeError(`cannot reserve at ${atNs} ns: time must be finite and not before now (${this.clockNs} ns)`);
    }
    const seq = this.nextSeq++;
    if (atNs >= this.reservedHorizonNs) {
      this.reservedHorizonNs = atNs;
      this.reservedHorizonSeq = seq;
    }
    return seq;
  }

  /** Schedules an event in the place `seq` reserved for it at `atNs`; that place must not have passed. */
  scheduleReserved(atNs: number, seq: number, kind: number, a = 0, b = 0): number {
    if (this.hasPassed(atNs, seq) || !(seq < this.nextSeq)) {
      throw new RangeError(`cannot schedule the event reserved at ${atNs} ns (sequence ${seq}): its place has passed or was never reserved`);
    }
    if (!(kind >= 0 && kind < this.kindHandler.length) || !Number.isInteger(kind)) {
      throw new RangeError(`unknown event kind ${kind}: register a handler first`);
    }
    return this.enqueue(atNs, seq, kind, a, b);
  }

  /** Whether the run has passed the place of an event at `atNs` with sequence number `seq`. */
  hasPassed(atNs: number, seq: number): boolean {
    if (atNs !== this.clockNs) return atNs < this.clockNs;
    const current = this.currentId;
    return seq <= (current >= 0 ? this.seq[current] : this.passedSeq);
  }

  /** Schedules an event `delayNs` (≥ 0, finite) after now. */
  scheduleIn(delayNs: number, kind: number, a = 0, b = 0): number {
    if (!(delayNs >= 0) || delayNs === Infinity) {
      throw new RangeError(`delay must be a finite non-negative number of ns, got ${delayNs}`);
    }
    return this.schedule(this.clockNs + delayNs, kind, a, b);
  }

  /** Asks `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Processes events in order until the queue is empty or a limit is reached. */
  run(options: RunOptions = {}): RunResult {
    const untilNs = options.untilNs ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (Number.isNaN(untilNs) || untilNs < this.clockNs) {
      throw new RangeError(`untilNs must not be before now (${this.clockNs} ns), got ${untilNs}`);
    }
    this.stopRequested = false;
    const heap = this.heap;
    const kindHandler = this.kindHandler;
    const kindLocal = this.kindLocal;
    let stop: RunStop = "empty";
    let lastSeq = this.passedSeq;
    const heapArray = heap.heapArray;
    const laneHead = this.laneHead;
    const laneTail = this.laneTail;
    const lanes = this.laneCount;
    for (;;) {
      // The next event: the heap's top, unless a lane's head comes before it.
      if (heapArray.length === 0 && this.calPending > 0) this.refill();
      let id = heapArray.length > 0 ? heapArray[0] : -1;
      let fromLane = -1;
      if (this.laneSize > 0) {
        const timeNs = this.timeNs;
        for (let l = 0; l < lanes; l++) {
          const head = laneHead[l];
          if (head === laneTail[l]) continue;
          const buf = this.laneBuf[l];
          const c = buf[head & (buf.length - 1)];
          if (id < 0 || timeNs[c] < timeNs[id] || (timeNs[c] === timeNs[id] && this.seq[c] < this.seq[id])) {
            id = c;
            fromLane = l;
          }
        }
      }
      if (id < 0) break;
      if (this.processed >= maxEvents) {
        stop = "event-limit";
        break;
      }
      const t = this.timeNs[id];
      if (t > untilNs) {
        this.passAll(untilNs);
        stop = "time-limit";
        break;
      }
      this.clockNs = t;
      this.currentId = id;
      const fields = this.fields;
      const kind = fields[4 * id];
      if (fromLane >= 0) {
        laneHead[fromLane]++;
        this.laneSize--;
      } else this.topIsCurrent = true;
      kindHandler[kind].handleEvent(kindLocal[kind], fields[4 * id + 1], fields[4 * id + 2], t);
      if (this.topIsCurrent) {
        this.topIsCurrent = false;
        heap.pop();
      }
      this.currentId = -1;
      lastSeq = this.seq[id];
      this.freeIds[this.freeCount++] = id;
      this.processed++;
      // perf: one mask test per event; the probe (a progress display) runs every 65,536.
      if ((this.processed & (PROBE_EVERY - 1)) === 0 && progressProbe !== undefined) progressProbe(this);
      if (this.stopRequested) {
        stop = "stopped";
        break;
      }
    }
    // Stopped between events at the clock's time: those up to the last one have run.
    this.passedSeq = lastSeq;
    if (stop === "empty") {
      // Reserved events never queued come last; the run ends at the latest of them, as it
      // would had they been queued.
      if (this.reservedHorizonNs > untilNs) {
        this.passAll(untilNs);
        stop = "time-limit";
      } else this.passAll(Math.max(this.clockNs, this.reservedHorizonNs, untilNs === Infinity ? 0 : untilNs));
    }
    return { stop, nowNs: this.clockNs, events: this.processed };
  }

  /** Moves the clock to `atNs` with every event at or before it processed. */
  private passAll(atNs: number): void {
    this.clockNs = atNs;
    this.passedSeq = this.nextSeq - 1;
  }

  private allocate(): number {
    if (this.freeCount > 0) return this.freeIds[--this.freeCount];
    if (this.capacity === this.freeIds.length) this.grow();
    return this.capacity++;
  }

  private grow(): void {
    const n = this.freeIds.length * 2;
    this.timeNs = growFloat(this.timeNs, n);
    this.seq = growFloat(this.seq, n);
    this.fields = growInt(this.fields, 4 * n);
    this.freeIds = growInt(this.freeIds, n);
    this.calNext = growInt(this.calNext, n);
  }
}

function growFloat(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function growInt(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
