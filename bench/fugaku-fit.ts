/**
 * Fits the fugaku preset's MPI software parameters to published measurements: the IMB
 * PingPong/PingPing figures and 20 of the 64-node allreduce rows up to 4 MiB (bench/fugaku-data.ts;
 * the subset is in fugaku-fit-rows.ts), on the flow tier (FIT_TIER: link contention kept,
 * minutes, not hours). The 256-node rows are never seen here: they are the validation
 * (bench/fugaku-validation.ts).
 *
 * Two stages: the five point-to-point parameters on the IMB rows alone (cheap), then all nine
 * on IMB and allreduce rows together, from there.
 *
 * Loss: the mean |ln(simulated / measured)| over the rows (robust to the few rows no
 * parameter set explains). Search: coordinate descent in log space (each parameter × f and
 * ÷ f, f from 1.6 down to 1.02). Eager limit fixed at 8 KiB (the PingPong step, not fitted).
 *
 *   npm run fit:fugaku   (or: node dist/bench/fugaku-fit.js [start.json] [--tier ideal|flow|packet])
 *
 * prints progress, then the fit as JSON (about 6 minutes on a busy core). `--tier ideal` is
 * faster and contention-free.
 */
import { readFileSync } from "node:fs";
import { IMB_ROWS } from "./fugaku-data.js";
import { FIT_LOOP_ROWS, FIT_TIER } from "./fugaku-fit-rows.js";
import { NETWORK_MODELS, type NetworkModelKind } from "../src/network/index.js";
import { allreduceAnswer, imbUs, type MpiParams } from "./fugaku-model.js";

const tierAt = process.argv.indexOf("--tier");
const TIER = (tierAt >= 0 ? process.argv[tierAt + 1] : FIT_TIER) as NetworkModelKind;
if (!NETWORK_MODELS.includes(TIER)) throw new Error(`--tier: expected one of ${NETWORK_MODELS.join(", ")}, found ${TIER}`);

export const START: MpiParams = {
  sendOverheadNs: 250,
  receiveOverheadNs: 300,
  completionOverheadNs: 600,
  eagerCopyGBps: 12.7,
  rendezvousOverheadNs: 4000,
  eagerLimitBytes: 8192,
  reduceBandwidthGBps: 45,
  callOverheadNs: 3000,
  directStepOverheadNs: 1900,
  barrierStageLatencyNs: 100,
};

const FITTED: readonly (keyof MpiParams)[] = [
  "sendOverheadNs",
  "receiveOverheadNs",
  "completionOverheadNs",
  "eagerCopyGBps",
  "rendezvousOverheadNs",
  "reduceBandwidthGBps",
  "callOverheadNs",
  "directStepOverheadNs",
  "barrierStageLatencyNs",
];

const P2P: readonly (keyof MpiParams)[] = ["sendOverheadNs", "receiveOverheadNs", "completionOverheadNs", "eagerCopyGBps", "rendezvousOverheadNs"];

function imbLoss(params: MpiParams): number {
  let sum = 0;
  for (const row of IMB_ROWS) sum += Math.abs(Math.log(imbUs(row, params, TIER) / row.measuredUs));
  return sum / IMB_ROWS.length;
}

function loss(params: MpiParams): number {
  let sum = 0;
  let n = 0;
  for (const row of IMB_ROWS) {
    sum += Math.abs(Math.log(imbUs(row, params, TIER) / row.measuredUs));
    n++;
  }
  for (const row of FIT_LOOP_ROWS) {
    sum += Math.abs(Math.log(allreduceAnswer(row, params, TIER).timeUs / row.measuredUs));
    n++;
  }
  return sum / n;
}

function descend(start: MpiParams, keys: readonly (keyof MpiParams)[], objective: (p: MpiParams) => number, fStart: number, fEnd: number): MpiParams {
  let best = start;
  let bestLoss = objective(best);
  console.error(`start: loss ${bestLoss.toFixed(4)}`);
  for (let f = fStart; f > fEnd; f = Math.sqrt(f)) {
    let improved = true;
    while (improved) {
      improved = false;
      for (const key of keys) {
        for (const factor of [f, 1 / f]) {
          const trial = { ...best, [key]: best[key] * factor };
          const l = objective(trial);
          if (l < bestLoss - 1e-5) {
            best = trial;
            bestLoss = l;
            improved = true;
            console.error(`f ${f.toFixed(3)} ${key} → ${trial[key].toFixed(1)}: loss ${l.toFixed(4)}`);
            break;
          }
        }
      }
    }
  }
  return best;
}

function fit(start: MpiParams): MpiParams {
  const p2p = descend(start, P2P, imbLoss, 2, 1.03);
  console.error(`point-to-point stage: ${JSON.stringify(p2p)}`);
  return descend(p2p, FITTED, loss, 1.3, 1.05);
}

const startFile = process.argv[2] !== undefined && process.argv[2] !== "--tier" ? process.argv[2] : undefined;
const start = startFile !== undefined ? { ...START, ...(JSON.parse(readFileSync(startFile, "utf8")) as Partial<MpiParams>) } : START;
console.log(JSON.stringify(fit(start), null, 2));
