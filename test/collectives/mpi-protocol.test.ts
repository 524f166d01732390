import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLREDUCE_ALGORITHMS, P2pBenchmarkProgram, runAllreduce, runProgram, type HostCosts } from "../../src/collectives/index.js";
import { LINK, idealTransport, placementFor, torus } from "./support.js";

// On a 1D torus of 8 nodes with LINK (no packets, no injection limit): b bytes over h hops take
// 400 + 100h + b/4 ns.
const LINE = torus([8]);
const delay = (hops: number, bytes: number) => (LINK.baseLatencyNs ?? 0) + hops * LINK.hopLatencyNs + bytes / LINK.bandwidthBytesPerNs;

const MPI: HostCosts = {
  sendOverheadNs: 100,
  receiveOverheadNs: 70,
  reduceBandwidthGBps: null,
  eagerLimitBytes: 64,
  eagerCopyGBps: 2,
  rendezvousOverheadNs: 1000,
  completionOverheadNs: 50,
};

/** A two-rank ring allreduce of `bytes` per message (1 step each way, then the allgather's). */
function pingpong(bytes: number, host: Partial<HostCosts>, iterations = 1) {
  const program = new P2pBenchmarkProgram("pingpong", bytes / 8, iterations);
  const r = runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program, options: host });
  return program.reportedUs(r.timeNs) * 1000;
}

describe("MPI point-to-point model", () => {
  it("golden: an eager message costs o_s + S/copy + delay(S) + o_r + S/copy (one way of a ping-pong without acknowledgements)", () => {
    const host = { ...MPI, completionOverheadNs: null };
    expect(pingpong(64, host)).toBeCloseTo(100 + 32 + delay(1, 64) + 70 + 32, 9);
  });

  it("golden: a rendezvous message costs o_s + rendezvous + RTS + get request (two header-only messages) + delay(S) + o_r, with no copies", () => {
    const host = { ...MPI, completionOverheadNs: null };
    expect(pingpong(72, host)).toBeCloseTo(100 + 1000 + 2 * delay(1, 0) + delay(1, 72) + 70, 9);
  });

  it("golden: with acknowledgements a ping-ping exchange costs o_s + delay(S) + o_r + delay(0) (the acknowledgement) + o_c", () => {
    const program = new P2pBenchmarkProgram("pingping", 1, 1);
    const r = runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program, options: { ...MPI, eagerCopyGBps: null } });
    expect(r.timeNs).toBeCloseTo(100 + delay(1, 8) + 70 + delay(1, 0) + 50, 9);
  });

  it("a later step waits for the acknowledgement of the earlier step's sends: ping-ping costs more per exchange with acknowledgements than without, ping-pong (which waits for the reply anyway) less so", () => {
    const run = (kind: "pingpong" | "pingping", host: Partial<HostCosts>) => {
      const program = new P2pBenchmarkProgram(kind, 1, 10);
      return program.reportedUs(runProgram({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), program, options: host }).timeNs) * 1000;
    };
    const noAck = { ...MPI, completionOverheadNs: null };
    expect(run("pingping", MPI) - run("pingping", noAck)).toBeGreaterThan(run("pingpong", MPI) - run("pingpong", noAck));
    expect(run("pingping", MPI)).toBeGreaterThan(run("pingping", noAck) + delay(1, 0));
  });

  it("golden: a collective's call overhead delays every rank's first send: a 2-rank ring takes call + 2·(o_s + delay(S/2) + o_r)", () => {
    const r = runAllreduce({ transport: idealTransport(LINE), placement: Int32Array.of(0, 1), algorithm: "ring", sizeBytes: 16, options: { sendOverheadNs: 5, receiveOverheadNs: 7, callOverheadNs: 3000 } });
    expect(r.timeNs).toBeCloseTo(3000 + 2 * (5 + delay(1, 8) + 7), 9);
  });

  it("the Tofu-specific trix algorithms pay the direct step cost instead of the point-to-point costs: their time does not depend on o_s, o_r, copies or the eager limit", () => {
    const topo = torus([2, 3, 2]);
    const run = (algorithm: "trix3" | "trix6", host: Partial<HostCosts>) =>
      runAllreduce({ transport: idealTransport(topo), placement: placementFor("linear", 12, topo), algorithm, sizeBytes: 4096, options: { ...host, torusDims: [2, 3, 2] } }).timeNs;
    for (const algorithm of ["trix3", "trix6"] as const) {
      const a = run(algorithm, { ...MPI, directStepOverheadNs: 600 });
      const b = run(algorithm, { ...MPI, sendOverheadNs: 900, receiveOverheadNs: 5, eagerLimitBytes: 0, eagerCopyGBps: 0.1, directStepOverheadNs: 600 });
      expect(b).toBe(a);
      expect(run(algorithm, { ...MPI, directStepOverheadNs: 1200 })).toBeGreaterThan(a);
    }
  });

  it("property: with the whole MPI model on (both protocols, copies, acknowledgements, call overhead), every algorithm ends with the exact sum on any rank count, powers of two and not, with or without segments", () => {
    const topo = torus([4, 3, 3]);
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.option(fc.integer({ min: 8, max: 256 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
        (algorithm, p, sizeBytes, segmentBytes, direct) => {
          const r = runAllreduce({
            transport: idealTransport(topo),
            placement: placementFor("random", p, topo),
            algorithm,
            sizeBytes,
            options: { ...MPI, reduceBandwidthGBps: 4, callOverheadNs: 100, directStepOverheadNs: direct, segmentBytes, verify: true, torusDims: p === 36 ? [4, 3, 3] : undefined },
          });
          expect(r.verified).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
