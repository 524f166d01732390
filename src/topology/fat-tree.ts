import { checkEndpoint, type Topology } from "./topology.js";

/**
 * An extended generalized fat tree XGFT(h; m₁…m_h; w₁…w_h) with parallel links p₁…p_h
 * (Öhring, Ibel, Das & Kumar, "On generalized fat trees", IPPS 1995; parallel links as in
 * SimGrid's FAT_TREE clusters and Zahavi's PGFT).
 */
export interface FatTreeSpec {
  /** m₁…m_h: a level-i switch has mᵢ children (endpoints for i = 1). */
  readonly children: readonly number[];
  /** w₁…w_h: a level-(i−1) element (an endpoint for i = 1) has wᵢ parents. */
  readonly parents: readonly number[];
  /** p₁…p_h: parallel links joining each parent-child pair between levels i−1 and i (default 1). */
  readonly parallel?: readonly number[];
}

/** The class of every link between an endpoint and a leaf (terminal links, outside the radix). */
export const ENDPOINT_LINK_CLASS = 0;

/**
 * An XGFT: endpoints at level 0, switches (routers) at levels 1 (leaves) to h.
 *
 * Numbering follows SimGrid's FatTreeZone (src/kernel/routing/FatTreeZone.cpp,
 * generate_switches / generate_labels / connect_node_to_parents):
 * - Every element has a label of h digits, digit 1 varying fastest. An endpoint's digits are
 *   x₁…x_h (0 ≤ xᵢ < mᵢ) and its id is Σ xᵢ·∏_{j<i} mⱼ. A level-ℓ switch's digits are
 *   y₁…y_ℓ, x_{ℓ+1}…x_h (0 ≤ yᵢ < wᵢ): level ℓ has ∏_{i≤ℓ} wᵢ · ∏_{i>ℓ} mᵢ switches, and its
 *   position in the level is its label read as a mixed-radix number.
 * - A level-(ℓ−1) element and a level-ℓ switch are joined iff their labels differ at most in
 *   digit ℓ (the child's x_ℓ, the parent's y_ℓ), by p_ℓ parallel links.
 * - Router ids run level by level from the leaves: level ℓ's switches are
 *   `levelStart(ℓ) + position`.
 * - Ports of a level-ℓ switch: first its down ports, index x + c·m_ℓ for child digit x and
 *   parallel copy c (leaves have none: endpoints attach through terminals), then its up ports,
 *   index y + c·w_{ℓ+1} for parent digit y and copy c (the top level has none) — SimGrid's
 *   `children` and `parents` arrays.
 * - An endpoint attaches to its w₁ leaves p₁ times each: attachment i is the leaf with
 *   y₁ = i mod w₁, so NIC k of every endpoint enters plane k mod w₁. With w₁ > 1 the planes
 *   share no switch (a level-ℓ switch keeps its y₁): a multi-rail fat tree.
 *
 * Link classes (for per-class bandwidth and latency): 0 `endpoint` (endpoint to leaf), and
 * ℓ = 1…h−1 `level<ℓ>` for the links between levels ℓ and ℓ+1.
 */
export class FatTree implements Topology {
  readonly kind = "fat-tree" as const;
  readonly levels: number;
  readonly children: readonly number[];
  readonly parents: readonly number[];
  readonly parallel: readonly number[];
  readonly endpointCount: number;
  readonly routerCount: number;
  readonly maxRadix: number;
  readonly linkCount: number;
  readonly diameter: number;
  /** Link class names, indexed by `linkClass(link)`; `endpoint` is class 0. */
  readonly linkClassNames: readonly string[];

  /** First router id of each level 1…h (index ℓ), and routerCount at index h+1. */
  private readonly levelFirst: Int32Array;
  /** Per level ℓ (index ℓ): down ports and up ports of its switches. */
  private readonly downPorts: Int32Array;
  private readonly upPorts: Int32Array;
  // perf: every router's label digits as a table (routers × h), so routing reads them
  // without division; a few bytes per switch.
  private readonly digits: Int32Array;
  /** Per level ℓ (row ℓ, h entries): the multiplier of each label digit in a level-ℓ position. */
  private readonly strides: Int32Array;
  private readonly routerLevel: Uint8Array;
  /** First port slot of each router in the flat port tables; ports of r are portBase[r]…portBase[r+1]−1. */
  private readonly portBase: Int32Array;
  private readonly neighborTable: Int32Array;
  private readonly arrivalTable: Int32Array;
  private readonly linkSourceTable: Int32Array;
  private readonly linkPortTable: Int32Array;

  constructor(spec: FatTreeSpec) {
    const h = spec.children.length;
    this.levels = h;
    const parallel = spec.parallel ?? spec.children.map(() => 1);
    validateFatTreeSpec(spec.children, spec.parents, parallel);
    this.children = [...spec.children];
    this.parents = [...spec.parents];
    this.parallel = [...parallel];
    const m = this.children;
    const w = this.parents;
    const p = this.parallel;

    this.endpointCount = m.reduce((a, b) => a * b, 1);
    this.levelFirst = new Int32Array(h + 2);
    this.downPorts = new Int32Array(h + 1);
    this.upPorts = new Int32Array(h + 1);
    let routers = 0;
    let maxRadix = 0;
    let ports = 0;
    for (let level = 1; level <= h; level++) {
      this.levelFirst[level] = routers;
      const count = levelSize(m, w, level);
      routers += count;
      this.downPorts[level] = level >= 2 ? m[level - 1] * p[level - 1] : 0;
      this.upPorts[level] = level < h ? w[level] * p[level] : 0;
      const radix = this.downPorts[level] + this.upPorts[level];
      maxRadix = Math.max(maxRadix, radix);
      ports += count * radix;
    }
    this.levelFirst[h + 1] = routers;
    if (routers > 2 ** 31 - 1 || ports > 2 ** 31 - 1) throw new RangeError(`fat tree too large: ${routers} switches, ${ports} ports`);
    this.routerCount = routers;
    this.maxRadix = maxRadix;

    this.strides = new Int32Array((h + 1) * h);
    for (let level = 0; level <= h; level++) {
      const radices = labelRadices(m, w, level);
      let stride = 1;
      for (let d = 0; d < h; d++) {
        this.strides[level * h + d] = stride;
        stride *= radices[d];
      }
    }
    this.digits = new Int32Array(routers * h);
    this.routerLevel = new Uint8Array(routers);
    this.portBase = new Int32Array(routers + 1);
    for (let level = 1; level <= h; level++) {
      const radices = labelRadices(m, w, level);
      const radix = this.downPorts[level] + this.upPorts[level];
      for (let r = this.levelFirst[level]; r < this.levelFirst[level + 1]; r++) {
        this.routerLevel[r] = level;
        let rest = r - this.levelFirst[level];
        for (let d = 0; d < h; d++) {
          this.digits[r * h + d] = rest % radices[d];
          rest = Math.floor(rest / radices[d]);
        }
        this.portBase[r + 1] = this.portBase[r] + radix;
      }
    }

    this.neighborTable = new Int32Array(ports);
    this.arrivalTable = new Int32Array(ports);
    const label = new Int32Array(h);
    for (let r = 0; r < routers; r++) {
      const level = this.routerLevel[r];
      const base = this.portBase[r];
      const down = this.downPorts[level];
      for (let d = 0; d < h; d++) label[d] = this.digits[r * h + d];
      // Down port x + c·m_ℓ: the child whose digit ℓ is x, arriving on its up port y_ℓ + c·w_ℓ.
      for (let port = 0; port < down; port++) {
        const x = port % m[level - 1];
        const copy = Math.floor(port / m[level - 1]);
        const y = label[level - 1];
        label[level - 1] = x;
        const child = this.routerAt(level - 1, label);
        label[level - 1] = y;
        this.neighborTable[base + port] = child;
        this.arrivalTable[base + port] = this.downPorts[level - 1] + y + copy * w[level - 1];
      }
      // Up port y + c·w_{ℓ+1}: the parent whose digit ℓ+1 is y, arriving on its down port x_{ℓ+1} + c·m_{ℓ+1}.
      for (let u = 0; u < this.upPorts[level]; u++) {
        const y = u % w[level];
        const copy = Math.floor(u / w[level]);
        const x = label[level];
        label[level] = y;
        const parent = this.routerAt(level + 1, label);
        label[level] = x;
        this.neighborTable[base + down + u] = parent;
        this.arrivalTable[base + down + u] = x + copy * m[level];
      }
    }
    // Every port is connected, so link ids are the port slots themselves.
    this.linkCount = ports;
    this.linkSourceTable = new Int32Array(ports);
    this.linkPortTable = new Int32Array(ports);
    for (let r = 0; r < routers; r++) {
      for (let s = this.portBase[r]; s < this.portBase[r + 1]; s++) {
        this.linkSourceTable[s] = r;
        this.linkPortTable[s] = s - this.portBase[r];
      }
    }

    let top = 1;
    for (let level = 2; level <= h; level++) if (m[level - 1] > 1) top = level;
    this.diameter = 2 * (top - 1);
    this.linkClassNames = ["endpoint", ...Array.from({ length: h - 1 }, (_, i) => `level${i + 1}`)];
  }

  /** The router at `level` whose label digits are `label`. */
  private routerAt(level: number, label: Int32Array): number {
    const h = this.levels;
    let position = 0;
    for (let d = 0; d < h; d++) position += label[d] * this.strides[level * h + d];
    return this.levelFirst[level] + position;
  }

  /** Level (1 = leaf … h) of a router. */
  level(router: number): number {
    return this.routerLevel[router];
  }

  /** Digit `i` (1…h) of a router's label: yᵢ for i ≤ its level, xᵢ above. */
  digit(router: number, i: number): number {
    return this.digits[router * this.levels + i - 1];
  }

  /** First router id of `level` (1…h); `levelStart(h + 1)` is the router count. */
  levelStart(level: number): number {
    return this.levelFirst[level];
  }

  /** Down ports (the first ports) of a level-ℓ switch: m_ℓ·p_ℓ, none on leaves. */
  downPortCount(level: number): number {
    return this.downPorts[level];
  }

  /** Up ports of a level-ℓ switch, after its down ports: w_{ℓ+1}·p_{ℓ+1}, none at the top. */
  upPortCount(level: number): number {
    return this.upPorts[level];
  }

  radix(router: number): number {
    return this.portBase[router + 1] - this.portBase[router];
  }

  neighbor(router: number, port: number): number {
    return port >= 0 && port < this.radix(router) ? this.neighborTable[this.portBase[router] + port] : -1;
  }

  arrivalPort(router: number, port: number): number {
    return port >= 0 && port < this.radix(router) ? this.arrivalTable[this.portBase[router] + port] : -1;
  }

  linkId(router: number, port: number): number {
    return port >= 0 && port < this.radix(router) ? this.portBase[router] + port : -1;
  }

  linkSource(link: number): number {
    return this.linkSourceTable[link];
  }

  linkPort(link: number): number {
    return this.linkPortTable[link];
  }

  /** Class of a router-to-router link: ℓ for a link between levels ℓ and ℓ+1 (`linkClassNames[ℓ]`). */
  linkClass(link: number): number {
    const r = this.linkSourceTable[link];
    const level = this.routerLevel[r];
    return this.linkPortTable[link] < this.downPorts[level] ? level - 1 : level;
  }

  endpointAttachments(_endpoint: number): number {
    return this.parents[0] * this.parallel[0];
  }

  endpointRouter(endpoint: number, i: number): number {
    const m1 = this.children[0];
    const w1 = this.parents[0];
    return this.levelFirst[1] + (i % w1) + w1 * Math.floor(endpoint / m1);
  }

  /** Digit `i` (1…h) of an endpoint's label, xᵢ. */
  endpointDigit(endpoint: number, i: number): number {
    let rest = endpoint;
    for (let d = 0; d < i - 1; d++) rest = Math.floor(rest / this.children[d]);
    return rest % this.children[i - 1];
  }

  /**
   * 2(L−1) for the highest digit L ≥ 2 where the endpoints differ: up to their nearest common
   * ancestors and down. The same in every plane, so the same for every NIC index.
   */
  distance(a: number, b: number): number {
    checkEndpoint(this, a);
    checkEndpoint(this, b);
    let top = 1;
    let x = a;
    let y = b;
    for (let i = 1; i <= this.levels; i++) {
      const m = this.children[i - 1];
      if (i >= 2 && x % m !== y % m) top = i;
      x = Math.floor(x / m);
      y = Math.floor(y / m);
    }
    return 2 * (top - 1);
  }

  describePort(router: number, port: number): string {
    const down = this.downPorts[this.routerLevel[router]];
    return port < down ? `down ${port}` : `up ${port - down}`;
  }

  /** [level, digit 1, …, digit h]. */
  routerCoordinates(router: number): number[] {
    const h = this.levels;
    return [this.routerLevel[router], ...this.digits.subarray(router * h, router * h + h)];
  }

  /** The XGFT tuple [x₁, …, x_h], x₁ the position under its leaf. */
  endpointCoordinates(endpoint: number): number[] {
    return this.children.map((_, i) => this.endpointDigit(endpoint, i + 1));
  }

  /** `XGFT(2; 8,8; 1,8)`, or `PGFT(h; m; w; p)` when some pᵢ > 1. */
  describeShape(): string {
    const h = this.levels;
    const base = `${h}; ${this.children.join(",")}; ${this.parents.join(",")}`;
    return this.parallel.some((x) => x !== 1) ? `PGFT(${base}; ${this.parallel.join(",")})` : `XGFT(${base})`;
  }

  /** Bytes of this topology's tables. */
  get byteLength(): number {
    return [
      this.levelFirst, this.downPorts, this.upPorts, this.digits, this.strides, this.routerLevel, this.portBase,
      this.neighborTable, this.arrivalTable, this.linkSourceTable, this.linkPortTable,
    ].reduce((sum, a) => sum + a.byteLength, 0);
  }

  bytesPerEndpoint(): number {
    return this.byteLength / this.endpointCount;
  }
}

/** Switches at level ℓ: ∏_{i≤ℓ} wᵢ · ∏_{i>ℓ} mᵢ. */
function levelSize(m: readonly number[], w: readonly number[], level: number): number {
  let n = 1;
  for (let i = 1; i <= m.length; i++) n *= i <= level ? w[i - 1] : m[i - 1];
  return n;
}

/** Radix of each label digit at `level` (digit i: wᵢ if i ≤ level, else mᵢ; level 0 = endpoints). */
function labelRadices(m: readonly number[], w: readonly number[], level: number): number[] {
  return m.map((mi, i) => (i + 1 <= level ? w[i] : mi));
}

/** Throws a RangeError naming the first field that is not a list of h positive integers. */
function validateFatTreeSpec(children: readonly number[], parents: readonly number[], parallel: readonly number[]): void {
  const h = children.length;
  if (h < 1) throw new RangeError("a fat tree needs at least one level: children must list m₁…m_h");
  const fields: [string, readonly number[]][] = [["children", children], ["parents", parents], ["parallel", parallel]];
  for (const [name, values] of fields) {
    if (values.length !== h) throw new RangeError(`${name} must have one entry per level (${h}, as children), got ${values.length}`);
    values.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name}[${i}] must be a positive integer, got ${v}`);
    });
  }
  let elements = 1;
  for (let level = 0; level <= h; level++) {
    elements = levelSize(children, parents, level);
    if (elements > 2 ** 31 - 1) throw new RangeError(`fat tree too large: level ${level} would have ${elements} elements`);
  }
}
