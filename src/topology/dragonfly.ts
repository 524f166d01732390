import { checkEndpoint, type Topology } from "./topology.js";

export const DRAGONFLY_ARRANGEMENTS = ["absolute", "relative", "circulant"] as const;
/** How the global links join the groups (see `Dragonfly`). */
export type DragonflyArrangement = (typeof DRAGONFLY_ARRANGEMENTS)[number];

/** A dragonfly (Kim, Dally, Scott & Abts, "Technology-driven, highly-scalable dragonfly topology", ISCA 2008). */
export interface DragonflySpec {
  /** g: groups. */
  readonly groups: number;
  /** a: routers per group, fully connected by local links. */
  readonly routersPerGroup: number;
  /** p: endpoint ports per router. */
  readonly endpointsPerRouter: number;
  /** h: global ports per router. */
  readonly globalLinksPerRouter: number;
  /** Default `absolute`. */
  readonly arrangement?: DragonflyArrangement;
  /**
   * Routers each endpoint attaches to (default 1): consecutive blocks of this many routers of a
   * group share their endpoints, each endpoint taking one port on every router of its block
   * (HPE Cray EX: a node's 4 NICs on the 4 switches of its chassis). Must divide a; a group
   * then has a·p / attachments endpoints.
   */
  readonly attachmentsPerEndpoint?: number;
}

/** Link classes of a dragonfly, indexed by `linkClass(link)`. */
export const DRAGONFLY_LINK_CLASSES = ["endpoint", "local", "global"] as const;
const LOCAL_CLASS = 1;
const GLOBAL_CLASS = 2;

/**
 * A dragonfly: g groups of a routers; the routers of a group are fully connected by local
 * links; each router has p endpoint ports and h global ports.
 *
 * - Router ids are group × a + index. Ports of router i of a group: local ports 0…a−2 (port q
 *   leads to router q of the group if q < i, else q+1), then global ports a−1…a−2+h.
 * - Global ports are numbered in their group j = i·h + k (router i, its k-th global port),
 *   0 ≤ j < a·h, and joined in rounds of g−1 ports, one per other group: port j is in round
 *   ⌊j/(g−1)⌋ at offset o = j mod (g−1), and joins the port of the same round and offset o′
 *   in group T, where for group G:
 *   - `absolute`: T = o, or o+1 if o ≥ G (ports in order of the other groups' ids); o′ = G, or
 *     G−1 if G > T. Kim et al.'s arrangement; SST Merlin's `absolute` global routes.
 *   - `relative`: T = G+o+1 mod g; o′ = g−2−o. SST Merlin's `relative` global routes.
 *   - `circulant`: offsets come in pairs, o = 2s to T = G+(s+1) and o = 2s+1 to T = G−(s+1)
 *     mod g, each joined to the other of its pair (o′ = o xor 1); when g−1 is odd the last
 *     offset reaches G+g/2 and joins itself (o′ = o). The group graph of each round is the
 *     circulant graph with jumps 1…⌊g/2⌋.
 *   (The three arrangements compared by Hastings et al., "Comparing global link arrangements
 *   for Dragonfly networks", IEEE Cluster 2015; the round numbering follows SST Merlin's
 *   pymerlin-topo-dragonfly.py, `link_num = raw // (g−1)`.) A maximal dragonfly has
 *   g = a·h+1 groups and one round; with fewer groups each pair of groups is joined by
 *   ⌊a·h/(g−1)⌋ links and the ports of an incomplete last round stay unconnected.
 * - Endpoints are numbered group by group, block by block; endpoint coordinates are
 *   [group, block, index in block] (block = router index when each endpoint has one router).
 *
 * Link classes: 0 `endpoint`, 1 `local`, 2 `global`.
 */
export class Dragonfly implements Topology {
  readonly kind = "dragonfly" as const;
  readonly groups: number;
  readonly routersPerGroup: number;
  readonly endpointsPerRouter: number;
  readonly globalLinksPerRouter: number;
  readonly arrangement: DragonflyArrangement;
  readonly attachmentsPerEndpoint: number;
  /** Global links between each pair of distinct groups (0 with a single group). */
  readonly linksPerGroupPair: number;
  readonly endpointsPerGroup: number;
  readonly endpointCount: number;
  readonly routerCount: number;
  readonly maxRadix: number;
  readonly linkCount: number;
  readonly diameter: number;
  readonly linkClassNames: readonly string[] = DRAGONFLY_LINK_CLASSES;
  /** Local ports per router (a−1); global ports follow them. */
  readonly localPorts: number;

  // perf: neighbour, arrival port and link id of every (router, port) are tables, so routing
  // and the packet network's layout read them without arithmetic on the arrangement.
  private readonly neighborTable: Int32Array;
  private readonly arrivalTable: Int32Array;
  private readonly linkTable: Int32Array;
  private readonly linkSlot: Int32Array;
  /** Global links from group G to group T: entries pairFirst[G·g+T] … pairFirst[G·g+T+1]−1. */
  private readonly pairFirst: Int32Array;
  /** Per entry: the router in G holding the link, its port, and the router of T it lands on. */
  private readonly pairRouterTable: Int32Array;
  private readonly pairPortTable: Int32Array;
  private readonly pairLandingTable: Int32Array;

  constructor(spec: DragonflySpec) {
    validateDragonflySpec(spec);
    const g = spec.groups;
    const a = spec.routersPerGroup;
    const h = spec.globalLinksPerRouter;
    this.groups = g;
    this.routersPerGroup = a;
    this.endpointsPerRouter = spec.endpointsPerRouter;
    this.globalLinksPerRouter = h;
    this.arrangement = spec.arrangement ?? "absolute";
    this.attachmentsPerEndpoint = spec.attachmentsPerEndpoint ?? 1;
    this.endpointsPerGroup = (a / this.attachmentsPerEndpoint) * spec.endpointsPerRouter;
    this.endpointCount = g * this.endpointsPerGroup;
    this.routerCount = g * a;
    this.localPorts = a - 1;
    const radix = a - 1 + h;
    this.maxRadix = radix;
    const others = g - 1;
    this.linksPerGroupPair = others > 0 ? Math.floor((a * h) / others) : 0;
    const connected = this.linksPerGroupPair * others;

    const slots = this.routerCount * radix;
    this.neighborTable = new Int32Array(slots).fill(-1);
    this.arrivalTable = new Int32Array(slots).fill(-1);
    for (let r = 0; r < this.routerCount; r++) {
      const group = Math.floor(r / a);
      const i = r - group * a;
      for (let q = 0; q < a - 1; q++) {
        const j = q < i ? q : q + 1;
        this.neighborTable[r * radix + q] = group * a + j;
        this.arrivalTable[r * radix + q] = i < j ? i : i - 1;
      }
      for (let k = 0; k < h; k++) {
        const port = i * h + k;
        if (port >= connected) continue;
        const [target, targetPort] = globalPeer(this.arrangement, g, group, port);
        this.neighborTable[r * radix + a - 1 + k] = target * a + Math.floor(targetPort / h);
        this.arrivalTable[r * radix + a - 1 + k] = a - 1 + (targetPort % h);
      }
    }
    this.linkTable = new Int32Array(slots).fill(-1);
    let links = 0;
    for (let s = 0; s < slots; s++) if (this.neighborTable[s] >= 0) this.linkTable[s] = links++;
    this.linkCount = links;
    this.linkSlot = new Int32Array(links);
    for (let s = 0; s < slots; s++) if (this.linkTable[s] >= 0) this.linkSlot[this.linkTable[s]] = s;

    // Global links grouped by (source group, target group), in port order.
    this.pairFirst = new Int32Array(g * g + 1);
    for (let r = 0; r < this.routerCount; r++) {
      for (let port = a - 1; port < radix; port++) {
        const n = this.neighborTable[r * radix + port];
        if (n >= 0) this.pairFirst[Math.floor(r / a) * g + Math.floor(n / a) + 1]++;
      }
    }
    for (let i = 0; i < g * g; i++) this.pairFirst[i + 1] += this.pairFirst[i];
    const total = this.pairFirst[g * g];
    this.pairRouterTable = new Int32Array(total);
    this.pairPortTable = new Int32Array(total);
    this.pairLandingTable = new Int32Array(total);
    const fill = this.pairFirst.slice(0, g * g);
    for (let r = 0; r < this.routerCount; r++) {
      for (let port = a - 1; port < radix; port++) {
        const n = this.neighborTable[r * radix + port];
        if (n < 0) continue;
        const e = fill[Math.floor(r / a) * g + Math.floor(n / a)]++;
        this.pairRouterTable[e] = r;
        this.pairPortTable[e] = port;
        this.pairLandingTable[e] = n;
      }
    }
    this.diameter = this.computeDiameter();
  }

  /** Group of a router. */
  group(router: number): number {
    return Math.floor(router / this.routersPerGroup);
  }

  /** Whether `port` is a global port (ports below `localPorts` are local). */
  isGlobalPort(port: number): boolean {
    return port >= this.localPorts;
  }

  /** The local port of `router` leading to `target` in the same group. */
  localPortTo(router: number, target: number): number {
    const a = this.routersPerGroup;
    const i = router % a;
    const j = target % a;
    return j < i ? j : j - 1;
  }

  /** First and past-the-end entries of the global links from group `from` to group `to`. */
  pairStart(from: number, to: number): number {
    return this.pairFirst[from * this.groups + to];
  }

  pairEnd(from: number, to: number): number {
    return this.pairFirst[from * this.groups + to + 1];
  }

  /** The router holding global-link entry `e`, its port there, and the router it lands on. */
  pairRouter(e: number): number {
    return this.pairRouterTable[e];
  }

  pairPort(e: number): number {
    return this.pairPortTable[e];
  }

  pairLanding(e: number): number {
    return this.pairLandingTable[e];
  }

  radix(_router: number): number {
    return this.maxRadix;
  }

  neighbor(router: number, port: number): number {
    return port >= 0 && port < this.maxRadix ? this.neighborTable[router * this.maxRadix + port] : -1;
  }

  arrivalPort(router: number, port: number): number {
    return port >= 0 && port < this.maxRadix ? this.arrivalTable[router * this.maxRadix + port] : -1;
  }

  linkId(router: number, port: number): number {
    return port >= 0 && port < this.maxRadix ? this.linkTable[router * this.maxRadix + port] : -1;
  }

  linkSource(link: number): number {
    return Math.floor(this.linkSlot[link] / this.maxRadix);
  }

  linkPort(link: number): number {
    return this.linkSlot[link] % this.maxRadix;
  }

  /** Class of a router-to-router link: 1 `local` or 2 `global` (`linkClassNames`). */
  linkClass(link: number): number {
    return this.linkPort(link) < this.localPorts ? LOCAL_CLASS : GLOBAL_CLASS;
  }

  endpointAttachments(_endpoint: number): number {
    return this.attachmentsPerEndpoint;
  }

  endpointRouter(endpoint: number, i: number): number {
    const group = Math.floor(endpoint / this.endpointsPerGroup);
    const block = Math.floor((endpoint - group * this.endpointsPerGroup) / this.endpointsPerRouter);
    return group * this.routersPerGroup + block * this.attachmentsPerEndpoint + (i % this.attachmentsPerEndpoint);
  }

  /** The fewest hops between the k-th routers of the two endpoints' blocks, over k. */
  distance(a: number, b: number): number {
    checkEndpoint(this, a);
    checkEndpoint(this, b);
    let best = Infinity;
    for (let k = 0; k < this.attachmentsPerEndpoint; k++) best = Math.min(best, this.routerDistance(this.endpointRouter(a, k), this.endpointRouter(b, k)));
    return best;
  }

  /**
   * Fewest router-to-router hops from `from` to `to`: 1 within a group or over a direct global
   * link; 2 over a global link then a local one, a local one then a global one, or two global
   * links through a third group; otherwise 3 (local, global, local).
   */
  routerDistance(from: number, to: number): number {
    if (from === to) return 0;
    const a = this.routersPerGroup;
    const G = this.group(from);
    const D = this.group(to);
    if (G === D) return 1;
    const radix = this.maxRadix;
    let two = false;
    for (let port = a - 1; port < radix; port++) {
      const x = this.neighborTable[from * radix + port];
      if (x === to) return 1;
      if (x < 0) continue;
      if (this.group(x) === D) two = true;
      else if (!two) {
        for (let q = a - 1; q < radix; q++) if (this.neighborTable[x * radix + q] === to) two = true;
      }
    }
    if (two) return 2;
    for (let e = this.pairStart(G, D); e < this.pairEnd(G, D); e++) if (this.pairLandingTable[e] === to) return 2;
    return 3;
  }

  describePort(_router: number, port: number): string {
    return port < this.localPorts ? `local ${port}` : `global ${port - this.localPorts}`;
  }

  /** [group, router index in the group]. */
  routerCoordinates(router: number): number[] {
    const group = this.group(router);
    return [group, router - group * this.routersPerGroup];
  }

  /** [group, block, index in block]. */
  endpointCoordinates(endpoint: number): number[] {
    const group = Math.floor(endpoint / this.endpointsPerGroup);
    const rest = endpoint - group * this.endpointsPerGroup;
    return [group, Math.floor(rest / this.endpointsPerRouter), rest % this.endpointsPerRouter];
  }

  /** `dragonfly(g=9, a=4, p=2, h=2, absolute)`. */
  describeShape(): string {
    const k = this.attachmentsPerEndpoint;
    const spread = k > 1 ? `, ${k} routers per endpoint` : "";
    return `dragonfly(g=${this.groups}, a=${this.routersPerGroup}, p=${this.endpointsPerRouter}, h=${this.globalLinksPerRouter}, ${this.arrangement}${spread})`;
  }

  get byteLength(): number {
    return [
      this.neighborTable, this.arrivalTable, this.linkTable, this.linkSlot,
      this.pairFirst, this.pairRouterTable, this.pairPortTable, this.pairLandingTable,
    ].reduce((sum, t) => sum + t.byteLength, 0);
  }

  bytesPerEndpoint(): number {
    return this.byteLength / this.endpointCount;
  }

  /**
   * The largest distance between endpoints: for each block, marks what each of its routers
   * reaches within one and two hops; the k-th router of another block is then 0, 1, 2 or else 3
   * hops from the block's k-th router (local, global, local always exists, as every pair of
   * groups is joined), and the distance between their endpoints is the least over k.
   * O(blocks · attachments · (radix² + blocks)).
   */
  private computeDiameter(): number {
    const n = this.routerCount;
    const radix = this.maxRadix;
    const k = this.attachmentsPerEndpoint;
    const blocks = n / k;
    const one = new Int32Array(n).fill(-1);
    const two = new Int32Array(n).fill(-1);
    const least = new Uint8Array(blocks);
    let diameter = 0;
    for (let block = 0; block < blocks; block++) {
      least.fill(3);
      for (let j = 0; j < k; j++) {
        const r = block * k + j;
        for (let s = r * radix; s < (r + 1) * radix; s++) {
          const x = this.neighborTable[s];
          if (x < 0) continue;
          one[x] = r;
          for (let t = x * radix; t < (x + 1) * radix; t++) if (this.neighborTable[t] >= 0) two[this.neighborTable[t]] = r;
        }
        for (let other = 0; other < blocks; other++) {
          const y = other * k + j;
          const d = y === r ? 0 : one[y] === r ? 1 : two[y] === r ? 2 : 3;
          if (d < least[other]) least[other] = d;
        }
      }
      for (let other = 0; other < blocks; other++) if (least[other] > diameter) diameter = least[other];
      if (diameter === 3) return 3;
    }
    return diameter;
  }
}

/**
 * The group and group port joined to port `port` (= router index · h + global port) of group
 * `group` by `arrangement` (see `Dragonfly`); `port` must lie in a complete round.
 */
export function globalPeer(arrangement: DragonflyArrangement, groups: number, group: number, port: number): [number, number] {
  const n = groups - 1;
  const round = Math.floor(port / n);
  const o = port - round * n;
  let target: number;
  let peer: number;
  switch (arrangement) {
    case "absolute":
      target = o >= group ? o + 1 : o;
      peer = group > target ? group - 1 : group;
      break;
    case "relative":
      target = (group + o + 1) % groups;
      peer = n - 1 - o;
      break;
    case "circulant": {
      if (n % 2 === 1 && o === n - 1) {
        target = (group + (n + 1) / 2) % groups;
        peer = o;
      } else if (o % 2 === 0) {
        target = (group + o / 2 + 1) % groups;
        peer = o + 1;
      } else {
        target = (((group - (o + 1) / 2) % groups) + groups) % groups;
        peer = o - 1;
      }
      break;
    }
  }
  return [target, round * n + peer];
}

function validateDragonflySpec(spec: DragonflySpec): void {
  const positive: [keyof DragonflySpec, number | undefined][] = [
    ["groups", spec.groups],
    ["routersPerGroup", spec.routersPerGroup],
    ["endpointsPerRouter", spec.endpointsPerRouter],
    ["attachmentsPerEndpoint", spec.attachmentsPerEndpoint ?? 1],
  ];
  for (const [field, v] of positive) {
    if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`${field} must be a positive integer, got ${v}`);
  }
  const h = spec.globalLinksPerRouter;
  if (!Number.isInteger(h) || h < 0) throw new RangeError(`globalLinksPerRouter must be a non-negative integer, got ${h}`);
  const { groups: g, routersPerGroup: a } = spec;
  if (g > 1 && a * h < g - 1) {
    throw new RangeError(
      `a dragonfly joins every pair of groups: routersPerGroup × globalLinksPerRouter (${a} × ${h} = ${a * h}) must be at least groups − 1 (${g - 1})`,
    );
  }
  const k = spec.attachmentsPerEndpoint ?? 1;
  if (a % k !== 0) throw new RangeError(`attachmentsPerEndpoint (${k}) must divide routersPerGroup (${a})`);
  if (spec.arrangement !== undefined && !DRAGONFLY_ARRANGEMENTS.includes(spec.arrangement)) {
    throw new RangeError(`arrangement must be one of ${DRAGONFLY_ARRANGEMENTS.join(", ")}, got ${String(spec.arrangement)}`);
  }
  const routers = g * a;
  if (routers * (a - 1 + h) > 2 ** 31 - 1) throw new RangeError(`dragonfly too large: ${routers} routers × ${a - 1 + h} ports`);
}
