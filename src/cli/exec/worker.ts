import { parentPort, workerData } from "node:worker_threads";
import { AllreduceVerificationError } from "../../collectives/index.js";
import { setProgressProbe } from "../../engine/index.js";
import { runPoint } from "../../scenario/runner.js";
import type { Scenario } from "../../scenario/scenario.js";
import { loadRequest, type LoadRequest } from "./source.js";
import type { FromWorker, ToWorker } from "./protocol.js";

/**
 * A worker thread that runs scenario points: it loads the same scenarios as the main thread
 * (from the same plain-data requests, so the points are identical) and runs the points it is
 * sent, one at a time, posting each result back.
 */
const requests = (workerData as { requests: LoadRequest[] }).requests;
const scenarios: Scenario[] = requests.map(loadRequest);
const port = parentPort;
if (port === null) throw new Error("worker.ts runs only as a worker thread");

/** Progress reports of the running point, at most this often. */
const PROGRESS_EVERY_MS = 200;

port.on("message", (msg: ToWorker) => {
  const reply = (m: FromWorker): void => port.postMessage(m);
  let lastMs = Date.now();
  // Posted from inside the run: the main thread is free and shows it while this one simulates.
  setProgressProbe((sim) => {
    const nowMs = Date.now();
    if (nowMs - lastMs < PROGRESS_EVERY_MS) return;
    lastMs = nowMs;
    reply({ kind: "progress", scenario: msg.scenario, point: msg.point, progress: { simulatedNs: sim.nowNs, events: sim.events } });
  });
  try {
    const result = runPoint(scenarios[msg.scenario].points[msg.point]);
    reply({ kind: "result", scenario: msg.scenario, point: msg.point, result });
  } catch (e) {
    const kind = e instanceof AllreduceVerificationError ? "verification" : "internal";
    reply({ kind: "error", scenario: msg.scenario, point: msg.point, error: { kind, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? (e.stack ?? "") : "" } });
  }
});
