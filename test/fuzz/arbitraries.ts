import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseDataText } from "../../src/input/parse.js";

/**
 * Documents a hostile or careless user might hand tofusim: bundled scenarios mutated, documents
 * shaped like the schema with edge values, and texts that are not scenarios at all.
 */

export const SCENARIOS_DIR = join(import.meta.dirname, "..", "..", "scenarios");

/** The bundled scenarios as data, with the file each came from (relative topology paths resolve from it). */
export const BUNDLED: readonly { file: string; data: unknown }[] = readdirSync(SCENARIOS_DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const file = join(SCENARIOS_DIR, f);
    return { file, data: parseDataText(readFileSync(file, "utf8"), file) };
  });

/** Numbers at the edges: int32 and float64 limits, tiny and huge, signed zero, not finite. */
export const edgeNumber: fc.Arbitrary<number> = fc.constantFrom(
  0, -0, 1, -1, 0.5, 2, 3, 7, 255, 256, 65535, 65536,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53),
  1e-9, 1e-300, 5e-324, 1e12, 1e12 + 1, 1e15, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE,
  Infinity, -Infinity, Number.NaN, 1.5, 0.1, 64, 65, 127, 128, 1e6, 1e-6,
);

/** Strings with units, some right, some misspelt, some absurd. */
export const unitString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("64KiB", "1MiB", "16MiB", "1GiB", "16GiB", "1025GiB", "2us", "100ns", "1.5ms", "1s", "1001s", "20 us", "0ns", "1e400ns", "1e-400s"),
  fc.constantFrom("64KIB", "64kib", "64 KiBs", "2 uss", "2usec", "1.5 mS", "3 parsecs", "-3", "-0.3B", "0x10", "1e3", ".5", "5.", "NaN", "Infinity", "", " ", "µs", "1µs", "1,5ms", "١٢٣"),
  fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom("B", "KB", "MB", "GB", "KiB", "MiB", "GiB", "ns", "us", "ms", "s", "Ns", "xs", "")).map(([n, u]) => `${n}${u}`),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeNumber },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 100 }) },
  { weight: 3, arbitrary: unitString },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Any JSON-like value, scalars most of the time. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, { weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 3 }) }),
})).value;

const KNOWN_KEYS = [
  "name", "seed", "topology", "allocation", "network", "host", "collectives", "routing", "workload", "type", "pattern", "messageBytes", "offeredLoad",
  "warmupNs", "measureNs", "drainNs", "sizeBytes", "from", "to", "neighbors", "algorithm", "ranks", "placement", "segmentBytes", "verify",
  "linkBandwidthGBps", "linkLatencyNs", "routerLatencyNs", "packetPayloadBytes", "packetHeaderBytes", "virtualChannels", "bufferBytesPerVc",
  "injectionPorts", "nicLatencyNs", "deadlockTimeoutNs", "model", "shape", "wrap", "axes", "offset", "mode", "order", "ties", "dateline", "path",
  "sendOverheadNs", "receiveOverheadNs", "reduceBandwidthGBps", "barrierStageLatencyNs", "barrierFallback", "auto", "maxBytes", "hotspot", "hotspotFraction", "axis",
];

/** A key misspelt the ways people misspell: a letter dropped, doubled, swapped, or in the wrong case. */
export const misspelt: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...KNOWN_KEYS), fc.nat(), fc.constantFrom("drop", "double", "swap", "case", "suffix")).map(([k, i, how]) => {
  const at = i % k.length;
  switch (how) {
    case "drop":
      return k.slice(0, at) + k.slice(at + 1);
    case "double":
      return k.slice(0, at) + k[at] + k.slice(at);
    case "swap":
      return at + 1 < k.length ? k.slice(0, at) + k[at + 1] + k[at] + k.slice(at + 2) : k + "x";
    case "case":
      return k.toLowerCase() === k ? k.toUpperCase() : k.toLowerCase();
    default:
      return `${k}s`;
  }
});

type Tree = Record<string, unknown> | unknown[];

/** Every path to a value inside `doc` (object keys and list indexes). */
function paths(doc: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof doc !== "object" || doc === null) return out;
  for (const [k, v] of Array.isArray(doc) ? doc.entries() : Object.entries(doc)) {
    const p = [...prefix, k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

type Mutation =
  | { readonly op: "set"; readonly pick: number; readonly value: unknown }
  | { readonly op: "delete"; readonly pick: number }
  | { readonly op: "rename"; readonly pick: number; readonly to: string }
  | { readonly op: "add"; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly op: "sweep"; readonly pick: number; readonly count: number }
  | { readonly op: "nest"; readonly pick: number; readonly depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("set" as const), pick: fc.nat(), value: anyValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("rename" as const), pick: fc.nat(), to: misspelt }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("add" as const), pick: fc.nat(), key: fc.oneof(misspelt, fc.string({ maxLength: 8 })), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("sweep" as const), pick: fc.nat(), count: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(400, 1000)) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("nest" as const), pick: fc.nat(), depth: fc.constantFrom(3, 50, 2000) }) },
);

/**
 * Whether listing every path of `doc` would cost more than `limit` (the sum of the paths'
 * lengths, stopping early). Mutations compound — a sweep of 1,000 copies of a list nested
 * 2,000 deep has two million paths of length two thousand — and the document would exhaust
 * the test's memory before tofusim ever saw it.
 */
function tooBigToMutate(doc: unknown, limit = 200_000): boolean {
  let work = 0;
  const visit = (v: unknown, depth: number): boolean => {
    if (typeof v !== "object" || v === null) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      work += depth + 1;
      if (work > limit || visit(child, depth + 1)) return true;
    }
    return false;
  };
  return visit(doc, 0);
}

function apply(doc: unknown, m: Mutation): unknown {
  // Big enough already: further mutations would only grow the test's own memory.
  if (tooBigToMutate(doc)) return doc;
  const all = paths(doc);
  if (all.length === 0) return m.op === "set" ? m.value : doc;
  const path = all[m.pick % all.length];
  let parent = doc as Tree;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k] as Tree;
  const key = path[path.length - 1];
  const slot = parent as Record<string | number, unknown>;
  switch (m.op) {
    case "set":
      slot[key] = m.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete slot[key];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        slot[m.to] = slot[key];
        if (m.to !== key) delete slot[key];
      }
      break;
    case "add":
      if (!Array.isArray(parent)) slot[m.key] = m.value;
      break;
    case "sweep": {
      const v = slot[key];
      slot[key] = Array.from({ length: m.count }, (_, i) => (typeof v === "number" ? v + i : v));
      break;
    }
    case "nest": {
      let v: unknown = slot[key];
      for (let i = 0; i < m.depth; i++) v = [v];
      slot[key] = v;
      break;
    }
  }
  return doc;
}

/** A bundled scenario with one to four mutations. */
export const mutatedBundled: fc.Arbitrary<{ file: string; data: unknown }> = fc
  .tuple(fc.constantFrom(...BUNDLED), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([b, ms]) => ({ file: b.file, data: ms.reduce<unknown>((d, m) => apply(d, m), structuredClone(b.data)) }));

// Plausible values most of the time, so that many documents are valid and run; edge values often.
const plausibleOr = <T>(plausible: fc.Arbitrary<T>, weight = 15): fc.Arbitrary<unknown> => fc.oneof({ weight, arbitrary: plausible }, { weight: 1, arbitrary: scalar });
/** Present once in `oneIn` documents (absent otherwise). */
const maybe = <T>(a: fc.Arbitrary<T>, oneIn = 2): fc.Arbitrary<T | undefined> => fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
/** One of the valid names most of the time, else one of the wrong ones. */
const oneOf = (valid: readonly string[], wrong: readonly string[]): fc.Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });
const fraction = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: Math.round(max * 100) }).map((n) => n / 100);
const time = plausibleOr(fc.oneof(fc.integer({ min: 0, max: 500 }), fc.constantFrom("1us", "5us", "20ns", "0.5us")));
const size = plausibleOr(fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom("8", "1KiB", "64KiB", "1MiB")));
const sweepOf = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof({ weight: 8, arbitrary: a }, { weight: 1, arbitrary: fc.array(a, { minLength: 0, maxLength: 3 }) });

const shape = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom([500, 500, 100], [65535, 65535], [65536], [0, 4], [2 ** 31], new Array<number>(128).fill(1), new Array<number>(127).fill(2), [1]) },
);
const topology = fc.oneof(
  { weight: 4, arbitrary: oneOf(["torus-4x4x4", "torus-8x8", "mesh-4x4", "tofu-unit", "tofu-small", "bgq-5d", "torus5d-4x4x4x4x3", "fugaku", "k-computer"], ["no-such-preset", "./missing.yaml", "../topologies/torus-8x8.yaml"]) },
  { weight: 4, arbitrary: fc.record({ shape, wrap: fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.array(fc.boolean(), { maxLength: 5 }) }), axes: maybe(fc.array(fc.constantFrom("X", "Y", "Z", "A", "B", "C", "x", "1"), { maxLength: 5 }), 10) }, { requiredKeys: ["shape", "wrap"] }) },
);
const nodeRef = plausibleOr(fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom("0,0,0", "1,0,0", "0,1", "3,3", "0,0,0,0,0,0", "1,0,0,0,0,0", "9,9,9")));

const workload = fc.oneof(
  fc.record(
    {
      type: fc.constant("traffic"),
      pattern: sweepOf(oneOf(["uniform", "neighbor", "transpose", "bit-complement", "tornado", "hotspot", "random-permutation"], ["spiral", "Uniform"])),
      messageBytes: sweepOf(size),
      offeredLoad: sweepOf(plausibleOr(fraction(1.2))),
      warmupNs: maybe(time),
      measureNs: sweepOf(plausibleOr(fc.constantFrom("1us", "2us", "5us", 800))),
      drainNs: maybe(time),
      axis: maybe(fc.constantFrom("X", "Y", "Q"), 8),
      hotspot: maybe(nodeRef, 6),
      hotspotFraction: maybe(plausibleOr(fraction(1)), 6),
    },
    { requiredKeys: ["type", "pattern", "messageBytes", "offeredLoad", "measureNs"] },
  ),
  fc.record({ type: fc.constant("put"), from: nodeRef, to: nodeRef, sizeBytes: sweepOf(size) }),
  fc.record({ type: fc.constant("injection"), from: nodeRef, neighbors: sweepOf(plausibleOr(fc.integer({ min: 1, max: 8 }))), sizeBytes: sweepOf(size) }),
  fc.record(
    {
      type: fc.constant("allreduce"),
      algorithm: sweepOf(oneOf(["ring", "recursive-doubling", "rabenseifner", "binomial-tree", "torus-ring", "bidirectional-ring", "torus-multiring", "tofu-barrier", "auto"], ["butterfly", "Ring"])),
      sizeBytes: sweepOf(size),
      ranks: maybe(sweepOf(plausibleOr(fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constant("all"))))),
      placement: maybe(oneOf(["linear", "random", "tofu-3d"], ["snake"])),
      segmentBytes: maybe(size, 4),
      verify: maybe(plausibleOr(fc.boolean())),
    },
    { requiredKeys: ["type", "algorithm", "sizeBytes"] },
  ),
);

const network = fc.record(
  {
    model: maybe(sweepOf(oneOf(["packet", "ideal"], ["flow"])), 4),
    linkBandwidthGBps: maybe(plausibleOr(fc.double({ min: 0.1, max: 50, noNaN: true })), 4),
    linkLatencyNs: maybe(time, 4),
    routerLatencyNs: maybe(time, 4),
    packetPayloadBytes: maybe(plausibleOr(fc.constantFrom(64, 256, 1920, "2KiB")), 4),
    packetHeaderBytes: maybe(plausibleOr(fc.constantFrom(0, 8, 72, 144)), 4),
    virtualChannels: maybe(plausibleOr(fc.integer({ min: 1, max: 17 })), 4),
    bufferBytesPerVc: maybe(plausibleOr(fc.constantFrom(2048, "8KiB", "64KiB", "1GiB", "2GiB")), 4),
    injectionPorts: maybe(plausibleOr(fc.integer({ min: 1, max: 7 })), 4),
    nicLatencyNs: maybe(time, 4),
    deadlockTimeoutNs: maybe(plausibleOr(fc.constantFrom("10us", "1ms", 1e-3)), 4),
  },
  { requiredKeys: [] },
);

/** A document shaped like the schema: the right keys, plausible or edge values, occasionally a wrong one. */
export const schemaShaped: fc.Arbitrary<unknown> = fc.record(
  {
    $schema: maybe(fc.constant("https://example.org/tofusim.json")),
    name: plausibleOr(fc.constantFrom("fuzz", "ü", "a".repeat(300)), 30),
    seed: maybe(sweepOf(plausibleOr(fc.nat(1000), 30))),
    topology: sweepOf(topology),
    allocation: maybe(fc.record({ shape: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), offset: maybe(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 6 })), mode: maybe(oneOf(["torus", "mesh"], ["ring"])) }, { requiredKeys: ["shape"] }), 8),
    network: maybe(network),
    host: maybe(fc.record({ sendOverheadNs: maybe(time), receiveOverheadNs: maybe(time), reduceBandwidthGBps: maybe(sweepOf(plausibleOr(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 600 }))))) }, { requiredKeys: [] })),
    collectives: maybe(
      fc.record(
        {
          barrierStageLatencyNs: maybe(time),
          barrierFallback: maybe(oneOf(["ring", "recursive-doubling"], ["tofu-barrier"])),
          auto: maybe(
            fc.oneof(
              fc.tuple(fc.array(fc.record({ maxBytes: size, algorithm: oneOf(["ring", "recursive-doubling", "tofu-barrier"], ["auto"]) }), { maxLength: 2 }), oneOf(["rabenseifner", "ring"], ["auto"])).map(([rules, last]) => [...rules, { algorithm: last }]),
              fc.array(fc.record({ maxBytes: maybe(size), algorithm: fc.constantFrom("ring", "auto") }, { requiredKeys: ["algorithm"] }), { maxLength: 2 }),
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    routing: maybe(
      fc.record(
        {
          algorithm: maybe(oneOf(["dimension-order", "tofu"], ["valiant"])),
          order: maybe(fc.oneof(fc.constant(["X", "Y", "Z"]), fc.array(fc.constantFrom("X", "Y", "Z", "A", "B", "C", "D0"), { maxLength: 6 })), 6),
          ties: maybe(oneOf(["positive", "balanced"], ["random"])),
          dateline: maybe(plausibleOr(fc.boolean())),
          path: maybe(fc.constantFrom("fixed", "spread"), 6),
        },
        { requiredKeys: [] },
      ),
    ),
    workload,
  },
  { requiredKeys: ["name", "topology", "workload"] },
);

/** Texts that are barely or not at all scenarios: YAML tricks, encodings, sizes. */
export const hostileText: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom(
    "",
    "\n\n",
    "---\n---\n",
    "name: a\n---\nname: b\n",
    "[1, 2, 3]",
    "null",
    "~",
    "name: t\ntopology: torus-4x4x4\nworkload: &w { type: put, from: 0, to: 1, sizeBytes: 8, x: *w }\n",
    "name: &n t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: *n }\n",
    "name: t\nname: u\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: 8 }\n",
    "name: !!binary aGVsbG8=\ntopology: !!set { a }\nworkload: !!omap [ a: 1 ]\n",
    "name: t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: .inf }\n",
    "name: t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: .nan }\n",
    "name: t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: 0x7fffffff }\n",
    "\t name: tab\n",
    "{\"name\": \"t\", \"topology\": \"torus-4x4x4\", \"workload\": {\"type\": \"put\", \"from\": 0, \"to\": 1, \"sizeBytes\": 8},}",
    "name: t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: 8 }\n" + "k: v\n".repeat(20),
  ),
  fc.integer({ min: 1, max: 6 }).map((levels) => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${new Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    return `name: bomb\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: 8 }\n${lines.join("\n")}\n`;
  }),
  fc.constantFrom(100, 3000).map((depth) => `name: t\ntopology: torus-4x4x4\nworkload: ${"[".repeat(depth)}${"]".repeat(depth)}\n`),
  fc.constantFrom(1000, 25_000).map((n) => `name: t\ntopology: torus-4x4x4\nworkload: { type: put, from: 0, to: 1, sizeBytes: 8 }\n${Array.from({ length: n }, (_, i) => `unknownKey${i}: ${i}`).join("\n")}\n`),
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom(Uint8Array.from([0xff, 0xfe, 0x6e, 0x00]), Uint8Array.from([0xef, 0xbb, 0xbf, 0x6e, 0x3a, 0x20, 0x31]), Uint8Array.from([0x6e, 0x3a, 0x20, 0xc3, 0x28]), new Uint8Array(1024 * 1024 + 1)),
  fc.string({ unit: "binary", maxLength: 200 }),
);
