import { parentPort, workerData } from "node:worker_threads";
import { AllreduceVerificationError } from "../../collectives/index.js";
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

port.on("message", (msg: ToWorker) => {
  const reply = (m: FromWorker): void => port.postMessage(m);
  try {
    const result = runPoint(scenarios[msg.scenario].points[msg.point]);
    reply({ kind: "result", scenario: msg.scenario, point: msg.point, result });
  } catch (e) {
    const kind = e instanceof AllreduceVerificationError ? "verification" : "internal";
    reply({ kind: "error", scenario: msg.scenario, point: msg.point, error: { kind, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? (e.stack ?? "") : "" } });
  }
});
