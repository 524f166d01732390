import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALLREDUCE_ALGORITHMS,
  AllreduceVerificationError,
  DEFAULT_NIC,
  allreduceProgram,
  newRecvStep,
  newSendStep,
  runAllreduce,
  runProgram,
  type AllreduceAlgorithm,
  type CollectiveProgram,
  type RecvStep,
} from "../../src/collectives/index.js";
import { idealTransport, placementFor, torus } from "./support.js";

const TOPO = torus([4, 4, 4]);

/** A factorisation of p into 1–3 grid dims, for torus-ring. */
function arbDims(p: number): fc.Arbitrary<number[]> {
  const divisors = Array.from({ length: p }, (_, i) => i + 1).filter((d) => p % d === 0);
  return fc
    .tuple(fc.constantFrom(...divisors), fc.constantFrom(...divisors))
    .map(([a, b]) => {
      const rest = p / a;
      const b2 = rest % b === 0 ? b : 1;
      return [a, b2, rest / b2];
    });
}

const arbCase = fc.integer({ min: 1, max: 64 }).chain((rankCount) =>
  fc.record({
    rankCount: fc.constant(rankCount),
    algorithm: fc.constantFrom(...ALLREDUCE_ALGORITHMS),
    // Sizes below, around and above P elements, and sizes that are not whole elements.
    sizeBytes: fc.oneof(fc.integer({ min: 0, max: 8 * rankCount + 16 }), fc.integer({ min: 0, max: 4000 })),
    placement: fc.constantFrom("linear" as const, "random" as const),
    seed: fc.integer({ min: 0, max: 1000 }),
    segmentBytes: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    torusDims: arbDims(rankCount),
    hostCosts: fc.boolean(),
  }),
);

/** Programs only (no simulation): smaller vectors so that enumerating every step stays quick. */
const arbStructureCase = fc.integer({ min: 1, max: 64 }).chain((rankCount) =>
  fc.record({
    rankCount: fc.constant(rankCount),
    algorithm: fc.constantFrom(...ALLREDUCE_ALGORITHMS),
    elementCount: fc.integer({ min: 0, max: 2 * rankCount + 3 }),
    segmentElements: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    torusDims: arbDims(rankCount),
  }),
);

/** Every send and receive of every rank, enumerated from the lazy program. */
function enumerate(program: CollectiveProgram) {
  const sends = [];
  const recvs = [];
  for (let r = 0; r < program.rankCount; r++) {
    const rs = [];
    for (let k = 0; k < program.sendCount(r); k++) {
      const s = newSendStep();
      program.send(r, k, s);
      rs.push({ ...s });
    }
    sends.push(rs);
    const rr = [];
    for (let k = 0; k < program.recvCount(r); k++) {
      const s = newRecvStep();
      program.recv(r, k, s);
      rr.push({ ...s });
    }
    recvs.push(rr);
  }
  return { sends, recvs };
}

describe("allreduce algorithms", () => {
  it("property: in data mode every rank ends with the exact elementwise sum, for every algorithm, rank count, size and placement", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const result = runAllreduce({
          transport: idealTransport(TOPO),
          placement: placementFor(c.placement, c.rankCount, TOPO, c.seed),
          algorithm: c.algorithm,
          sizeBytes: c.sizeBytes,
          options: {
            verify: true,
            seed: c.seed,
            segmentBytes: c.segmentBytes,
            torusDims: c.torusDims,
            ...(c.hostCosts ? { sendOverheadNs: 7, receiveOverheadNs: 3, reduceBandwidthGBps: 2 } : {}),
          },
        });
        expect(result.verified).toBe(true);
        expect(result.elementCount).toBe(Math.ceil(c.sizeBytes / 8));
      }),
      { numRuns: 300 },
    );
  });

  it("property: every send is taken by exactly one receive at its peer, with the same element range, in the order it was sent", () => {
    fc.assert(
      fc.property(arbStructureCase, (c) => {
        const program = allreduceProgram(c.algorithm, {
          rankCount: c.rankCount,
          elementCount: c.elementCount,
          segmentElements: c.segmentElements,
          torusDims: c.torusDims,
        });
        const { sends, recvs } = enumerate(program);
        const problems: string[] = [];
        const taken = sends.map((rs) => rs.map(() => 0));
        for (let r = 0; r < c.rankCount; r++) {
          const lastFrom = new Map<number, number>();
          recvs[r].forEach((rv, k) => {
            const s = sends[rv.peer]?.[rv.peerSendIndex];
            const where = `rank ${r} receive ${k}`;
            if (rv.peer === r) problems.push(`${where} receives from itself`);
            if (s === undefined) return problems.push(`${where} names a send that does not exist`);
            if (s.peer !== r) problems.push(`${where} takes a send addressed to ${s.peer}`);
            if (s.elemStart !== rv.elemStart || s.elemCount !== rv.elemCount) problems.push(`${where} expects another range`);
            if (rv.elemStart + rv.elemCount > program.elementCount) problems.push(`${where} runs past the vector`);
            taken[rv.peer][rv.peerSendIndex]++;
            // Non-overtaking: receives from one peer take its sends in increasing order.
            if (rv.peerSendIndex <= (lastFrom.get(rv.peer) ?? -1)) problems.push(`${where} takes sends out of order`);
            lastFrom.set(rv.peer, rv.peerSendIndex);
          });
        }
        taken.forEach((rs, r) => rs.forEach((n, k) => n !== 1 && problems.push(`rank ${r} send ${k} is taken ${n} times`)));
        expect(problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("property: dependencies are prefix counts that only grow along each stream and never exceed it", () => {
    fc.assert(
      fc.property(arbStructureCase, (c) => {
        const program = allreduceProgram(c.algorithm, {
          rankCount: c.rankCount,
          elementCount: c.elementCount,
          segmentElements: c.segmentElements,
          torusDims: c.torusDims,
        });
        const { sends, recvs } = enumerate(program);
        const problems: string[] = [];
        for (let r = 0; r < c.rankCount; r++) {
          let prev = 0;
          sends[r].forEach((s, k) => {
            if (s.afterRecvs < prev || s.afterRecvs > recvs[r].length) problems.push(`rank ${r} send ${k}: afterRecvs ${s.afterRecvs}`);
            prev = s.afterRecvs;
          });
          prev = 0;
          recvs[r].forEach((rv, k) => {
            if (rv.afterSends < prev || rv.afterSends > sends[r].length) problems.push(`rank ${r} receive ${k}: afterSends ${rv.afterSends}`);
            prev = rv.afterSends;
          });
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("a deliberately broken algorithm (one reduce turned into a copy) is caught by the verifier, naming rank, element and algorithm", () => {
    for (const algorithm of ALLREDUCE_ALGORITHMS) {
      const good = allreduceProgram(algorithm, { rankCount: 6, elementCount: 13, torusDims: [3, 2] });
      const broken = skipFirstReduce(good);
      expect(() =>
        runProgram({ transport: idealTransport(TOPO), placement: placementFor("linear", 6, TOPO), program: broken, options: { verify: true } }),
      ).toThrow(AllreduceVerificationError);
      try {
        runProgram({ transport: idealTransport(TOPO), placement: placementFor("linear", 6, TOPO), program: broken, options: { verify: true } });
      } catch (e) {
        expect((e as Error).message).toMatch(new RegExp(`allreduce "${algorithm}-broken" over 6 ranks is wrong: rank \\d+ element \\d+ holds -?\\d+, expected the sum -?\\d+`));
      }
      // The same program unbroken passes.
      expect(runProgram({ transport: idealTransport(TOPO), placement: placementFor("linear", 6, TOPO), program: good, options: { verify: true } }).verified).toBe(true);
    }
  });

  it("without verify no data is allocated and the result says so", () => {
    const r = runAllreduce({ transport: idealTransport(TOPO), placement: placementFor("linear", 8, TOPO), algorithm: "ring", sizeBytes: 1 << 20 });
    expect(r.verified).toBe(false);
    expect(r.messages).toBe(2 * 7 * 8);
  });

  it("ring: 2(P−1) sends per rank, 2(P−1)/P·n elements sent per rank when P divides n", () => {
    for (const p of [2, 3, 5, 8]) {
      const n = 6 * p;
      const { sends } = enumerate(allreduceProgram("ring", { rankCount: p, elementCount: n }));
      for (const rs of sends) {
        expect(rs.length).toBe(2 * (p - 1));
        expect(rs.reduce((a, s) => a + s.elemCount, 0)).toBe((2 * (p - 1) * n) / p);
      }
    }
  });

  it("torus-ring: Σ 2(d_i−1) sends per rank, all to grid neighbours, 2(P−1)/P·n elements per rank", () => {
    const dims = [4, 3, 2];
    const p = 24;
    const n = 48;
    const { sends } = enumerate(allreduceProgram("torus-ring", { rankCount: p, elementCount: n, torusDims: dims }));
    sends.forEach((rs, r) => {
      expect(rs.length).toBe(2 * (3 + 2 + 1));
      expect(rs.reduce((a, s) => a + s.elemCount, 0)).toBe((2 * (p - 1) * n) / p);
      const grid = torus(dims);
      for (const s of rs) expect(grid.distance(r, s.peer)).toBe(1);
    });
  });

  it("bidirectional-ring: lane 0 goes to r+1 on NIC 0 and lane 1 to r−1 on NIC 1, each carrying half the data", () => {
    const p = 5;
    const n = 40;
    const { sends } = enumerate(allreduceProgram("bidirectional-ring", { rankCount: p, elementCount: n }));
    sends.forEach((rs, r) => {
      expect(rs.length).toBe(4 * (p - 1));
      for (const s of rs) {
        if (s.nic === 0) expect(s.peer).toBe((r + 1) % p);
        else {
          expect(s.nic).toBe(1);
          expect(s.peer).toBe((r + p - 1) % p);
        }
      }
      const lane0 = rs.filter((s) => s.nic === 0);
      expect(lane0.every((s) => s.elemStart + s.elemCount <= n / 2)).toBe(true);
      expect(rs.filter((s) => s.nic === 1).every((s) => s.elemStart >= n / 2)).toBe(true);
    });
  });

  it("recursive-doubling: lg P exchanges of the whole vector for a power of two; lg P' + 1 for fold ranks otherwise", () => {
    const count = (a: AllreduceAlgorithm, p: number) => enumerate(allreduceProgram(a, { rankCount: p, elementCount: 10 })).sends.map((s) => s.length);
    expect(count("recursive-doubling", 8)).toEqual(Array(8).fill(3));
    // P = 6: P' = 4, rem = 2: ranks 0, 2 fold into 1, 3.
    expect(count("recursive-doubling", 6)).toEqual([1, 3, 1, 3, 2, 2]);
    expect(count("rabenseifner", 8)).toEqual(Array(8).fill(6));
    expect(count("rabenseifner", 6)).toEqual([1, 5, 1, 5, 4, 4]);
    // Binomial: rank 0 of 8 sends to its 3 children, the leaves only to their parent.
    expect(count("binomial-tree", 8)).toEqual([3, 1, 2, 1, 3, 1, 2, 1]);
  });

  it("rabenseifner: a power-of-two P sends 2(P−1)/P·n elements per rank", () => {
    const p = 8;
    const n = 64;
    const { sends } = enumerate(allreduceProgram("rabenseifner", { rankCount: p, elementCount: n }));
    for (const rs of sends) expect(rs.reduce((a, s) => a + s.elemCount, 0)).toBe((2 * (p - 1) * n) / p);
  });

  it("only bidirectional-ring (NICs 0, 1), torus-multiring, trix3 and trix6 (NIC j for part j) name interfaces; the others leave the choice to the transport", () => {
    const named: Partial<Record<string, number[]>> = {
      "bidirectional-ring": [0, 1],
      "torus-multiring": [0, 1, 2, 3, 4, 5],
      trix3: [0, 1, 2],
      trix6: [0, 1, 2, 3, 4, 5],
    };
    for (const algorithm of ALLREDUCE_ALGORITHMS) {
      const { sends } = enumerate(allreduceProgram(algorithm, { rankCount: 12, elementCount: 24, torusDims: [2, 3, 2] }));
      const nics = new Set(sends.flat().map((s) => s.nic));
      const expected = named[algorithm] ?? [DEFAULT_NIC];
      expect([...nics].sort()).toEqual(expected);
    }
  });

  it("torus-ring rejects grid dims whose product is not the rank count", () => {
    expect(() => allreduceProgram("torus-ring", { rankCount: 6, elementCount: 4, torusDims: [2, 2] })).toThrow(/multiply to 4, not the rank count 6/);
  });
});

/** Test-only: the program with its first reduce (lowest rank that has one) turned into a copy. */
function skipFirstReduce(program: CollectiveProgram): CollectiveProgram {
  let victim = -1;
  let victimIndex = -1;
  const step = newRecvStep();
  for (let r = 0; r < program.rankCount && victim < 0; r++) {
    for (let k = 0; k < program.recvCount(r); k++) {
      program.recv(r, k, step);
      if (step.reduce && step.elemCount > 0) {
        victim = r;
        victimIndex = k;
        break;
      }
    }
  }
  return {
    name: `${program.name}-broken`,
    rankCount: program.rankCount,
    elementCount: program.elementCount,
    sendCount: (r) => program.sendCount(r),
    recvCount: (r) => program.recvCount(r),
    send: (r, k, out) => program.send(r, k, out),
    recv: (r: number, k: number, out: RecvStep) => {
      program.recv(r, k, out);
      if (r === victim && k === victimIndex) out.reduce = false;
    },
  };
}
