import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALLREDUCE_ALGORITHMS,
  DEFAULT_NIC,
  runAllreduce,
  runProgram,
  type CollectiveProgram,
  type RecvStep,
  type SendStep,
} from "../../src/collectives/index.js";
import { LINK, idealTransport, placementFor, torus } from "./support.js";

type Send = Omit<SendStep, "nic" | "afterSendsComplete"> & { nic?: number; afterSendsComplete?: number };

/** Test-only: a program written out step by step. */
function scripted(elementCount: number, sends: Send[][], recvs: RecvStep[][]): CollectiveProgram {
  return {
    name: "scripted",
    rankCount: sends.length,
    elementCount,
    sendCount: (r) => sends[r].length,
    recvCount: (r) => recvs[r].length,
    send: (r, k, out) => Object.assign(out, { nic: DEFAULT_NIC, afterSendsComplete: 0 }, sends[r][k]),
    recv: (r, k, out) => Object.assign(out, recvs[r][k]),
  };
}

const send = (peer: number, elemStart: number, elemCount: number, afterRecvs = 0): Send => ({ peer, elemStart, elemCount, afterRecvs });
const recv = (peer: number, peerSendIndex: number, elemStart: number, elemCount: number, afterSends = 0): RecvStep => ({
  peer,
  peerSendIndex,
  elemStart,
  elemCount,
  reduce: false,
  afterSends,
});

// On a 1D torus of 8 nodes with LINK: a message of b bytes over h hops takes 400 + 100h + b/4 ns.
const LINE = torus([8]);
const delay = (hops: number, bytes: number) => (LINK.baseLatencyNs ?? 0) + hops * LINK.hopLatencyNs + bytes / LINK.bandwidthBytesPerNs;

describe("CollectiveExecutor", () => {
  it("a message that arrives before its receive waits in the unexpected queue and is taken when the receive comes up", () => {
    // Rank 1 first receives from far rank 2 (4 hops away on nodes 0, 1, 5), then from rank 0.
    const program = scripted(
      4,
      [[send(1, 0, 4)], [], [send(1, 0, 4)]],
      [[], [recv(2, 0, 0, 4), recv(0, 0, 0, 4)], []],
    );
    const r = runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1, 5), program });
    expect(r.timeNs).toBe(delay(4, 32));
    expect(r.messages).toBe(2);
  });

  it("receives from one peer take its messages in the order sent, even when a small one overtakes a large one", () => {
    const program = scripted(
      101,
      [[send(1, 0, 100), send(1, 100, 1)], []],
      [[], [recv(0, 0, 0, 100), recv(0, 1, 100, 1)]],
    );
    const r = runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program });
    expect(r.timeNs).toBe(delay(1, 800));
  });

  it("a rank's sends are serialized by the send overhead: the k-th leaves after k·o_s", () => {
    const program = scripted(
      1,
      [[send(1, 0, 1), send(2, 0, 1), send(3, 0, 1)], [], [], []],
      [[], [recv(0, 0, 0, 1)], [recv(0, 1, 0, 1)], [recv(0, 2, 0, 1)]],
    );
    const r = runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1, 2, 3), program, options: { sendOverheadNs: 1000 } });
    // The last send leaves at 3000 ns and goes 3 hops.
    expect(r.timeNs).toBe(3000 + delay(3, 8));
  });

  it("receives and reductions share one CPU with send overheads: a reduction waits for the sends in progress", () => {
    // Rank 0 spends 0–2000 ns on two send overheads; rank 1's 800 B arrives at 1000 + 700 ns, so
    // its receive overhead and reduction (3·800 B / 2 B/ns = 1200 ns) start only at 2000 ns.
    const program = scripted(
      100,
      [[send(1, 0, 0), send(1, 0, 0)], [send(0, 0, 100)]],
      [[{ ...recv(1, 0, 0, 100), reduce: true }], [recv(0, 0, 0, 0), recv(0, 1, 0, 0)]],
    );
    const r = runProgram({
      transport: idealTransport(LINE),
      placement: Int32Array.of(0, 1),
      program,
      options: { reduceBandwidthGBps: 2, receiveOverheadNs: 10, sendOverheadNs: 1000 },
    });
    expect(1000 + delay(1, 800)).toBe(1700);
    expect(r.timeNs).toBe(2000 + 10 + 1200);
  });

  it("a reduction costs 3·bytes / reduceBandwidth on top of the receive overhead, and a dependent send follows it", () => {
    const program = scripted(
      100,
      [[send(1, 0, 100)], [send(2, 0, 1, 1)], []],
      [[], [{ ...recv(0, 0, 0, 100), reduce: true }], [recv(1, 0, 0, 1)]],
    );
    const r = runProgram({
      transport: idealTransport(LINE),
      placement: Int32Array.of(0, 1, 2),
      program,
      options: { reduceBandwidthGBps: 2, receiveOverheadNs: 10, sendOverheadNs: 5 },
    });
    expect(r.timeNs).toBe(5 + delay(1, 800) + 10 + 1200 + 5 + delay(1, 8) + 10);
  });

  it("a program that waits for a message nobody sends is reported as a deadlock, naming the rank", () => {
    const program = scripted(1, [[], []], [[recv(1, 0, 0, 1)], []]);
    expect(() => runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program })).toThrow(
      /scripted: rank 0 stopped after 0 of 0 sends and 0 of 1 receives/,
    );
  });

  it("a receive whose range differs from the matched message's is a program error", () => {
    const program = scripted(4, [[send(1, 0, 4)], []], [[], [recv(0, 0, 0, 3)]]);
    expect(() => runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program })).toThrow(
      /rank 1 receive 0 expects elements \[0, \+3\) from rank 0, but the message carries \[0, \+4\)/,
    );
  });

  it("rejects a placement whose length is not the rank count or whose nodes are outside the network", () => {
    const program = scripted(1, [[], []], [[], []]);
    expect(() => runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0), program })).toThrow(/placement has 1 ranks, the program 2/);
    expect(() => runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 8), program })).toThrow(/rank 1 is placed on node 8/);
  });

  it("time is measured from the simulator's clock when the collective starts", () => {
    const transport = idealTransport(LINE);
    transport.sim.run({ untilNs: 5000 });
    const r = runAllreduce({ transport, placement: Int32Array.of(0, 1), algorithm: "ring", sizeBytes: 16 });
    expect(r.startNs).toBe(5000);
    expect(r.timeNs).toBe(2 * delay(1, 8));
  });

  it("property: determinism — the same inputs give the same time, message count and bytes", () => {
    const topo = torus([4, 4, 4]);
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.option(fc.integer({ min: 8, max: 512 }), { nil: undefined }),
        (algorithm, p, sizeBytes, seed, segmentBytes) => {
          const run = () =>
            runAllreduce({
              transport: idealTransport(topo),
              placement: placementFor("random", p, topo, seed),
              algorithm,
              sizeBytes,
              options: { segmentBytes, sendOverheadNs: 3, reduceBandwidthGBps: 5 },
            });
          const a = run();
          const b = run();
          expect([b.timeNs, b.messages, b.bytes]).toEqual([a.timeNs, a.messages, a.bytes]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
