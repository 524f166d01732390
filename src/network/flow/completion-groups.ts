import { F_GROUP, FI, grow, NONE, type FlowTable } from "./flow-table.js";

/**
 * Flows grouped by the instant they complete, so that one engine event delivers them all.
 *
 * perf: a bulk-synchronous collective starts thousands of identical flows at once, and they
 * end at the same instant; one heap entry per group instead of one per flow removes most of
 * the event queue's work. A flow joins the most recently opened group when that group ends at
 * exactly its time (which is what identical flows solved one after the other do), else a new
 * group; so flows that end together may still fall into several groups, which only costs
 * events, never changes a result. Groups are doubly linked lists through per-flow links, so a
 * flow whose rate changes leaves its group in O(1); a group emptied that way fires with
 * nothing to do.
 */
export class CompletionGroups {
  private timeNs = new Float64Array(64);
  private head = new Int32Array(64);
  private tail = new Int32Array(64);
  private nextFree = new Int32Array(64);
  private freeGroup = NONE;
  private groupCapacity = 0;
  /** The group new flows may join (open, not yet fired), or NONE. */
  private last = NONE;

  /** Per flow: previous and next flow in its group (the group itself is the flow's F_GROUP). */
  private links: Int32Array = new Int32Array(0);

  constructor(private readonly table: FlowTable) {
    this.growGroups(64);
    table.onFlowGrowth((n) => {
      this.links = grow(this.links, 2 * n);
    });
  }

  /** Bytes these groups keep per flow id. */
  static readonly BYTES_PER_FLOW_ID = 8;

  /**
   * Moves flow `f` (out of its group, if any) into a group that completes at `atNs`. Returns
   * the group when it is new — the caller schedules its event at `atNs` — else NONE.
   */
  place(f: number, atNs: number): number {
    this.remove(f);
    let g = this.last;
    let opened = NONE;
    if (g === NONE || this.timeNs[g] !== atNs) {
      g = this.openGroup(atNs);
      this.last = g;
      opened = g;
    }
    const tail = this.tail[g];
    this.links[2 * f] = tail;
    this.links[2 * f + 1] = NONE;
    if (tail === NONE) this.head[g] = f;
    else this.links[2 * tail + 1] = f;
    this.tail[g] = f;
    this.table.fi[f * FI + F_GROUP] = g;
    return opened;
  }

  /** Takes flow `f` out of its group, if it is in one. */
  remove(f: number): void {
    const fi = this.table.fi;
    const g = fi[f * FI + F_GROUP];
    if (g === NONE) return;
    const prev = this.links[2 * f];
    const next = this.links[2 * f + 1];
    if (prev === NONE) this.head[g] = next;
    else this.links[2 * prev + 1] = next;
    if (next === NONE) this.tail[g] = prev;
    else this.links[2 * next] = prev;
    fi[f * FI + F_GROUP] = NONE;
  }

  /** The group's event fired: no flow joins it any more. */
  close(g: number): void {
    if (this.last === g) this.last = NONE;
  }

  /** When group `g` fires. */
  timeOf(g: number): number {
    return this.timeNs[g];
  }

  /** The first flow still in group `g`, or NONE. */
  first(g: number): number {
    return this.head[g];
  }

  /** Returns an emptied, closed group to the free list. */
  release(g: number): void {
    this.nextFree[g] = this.freeGroup;
    this.freeGroup = g;
  }

  private openGroup(atNs: number): number {
    if (this.freeGroup === NONE) this.growGroups(2 * this.groupCapacity);
    const g = this.freeGroup;
    this.freeGroup = this.nextFree[g];
    this.timeNs[g] = atNs;
    this.head[g] = NONE;
    this.tail[g] = NONE;
    return g;
  }

  private growGroups(n: number): void {
    const old = this.groupCapacity;
    this.timeNs = grow(this.timeNs, n);
    this.head = grow(this.head, n);
    this.tail = grow(this.tail, n);
    this.nextFree = grow(this.nextFree, n);
    for (let g = n - 1; g >= old; g--) {
      this.nextFree[g] = this.freeGroup;
      this.freeGroup = g;
    }
    this.groupCapacity = n;
  }
}
