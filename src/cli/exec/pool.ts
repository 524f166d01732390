import { Worker } from "node:worker_threads";
import type { PointResult } from "../../scenario/runner.js";
import type { FromWorker, PointJob, PointProgress, WorkerError } from "./protocol.js";
import type { LoadRequest } from "./source.js";

/** A point that failed inside a worker. */
export class PointError extends Error {
  constructor(
    readonly job: PointJob,
    readonly detail: WorkerError,
  ) {
    super(detail.message);
    this.name = "PointError";
  }
}

/**
 * Runs scenario points in `size` worker threads, each point on its own fresh simulator, and
 * hands each result to `onResult` as it arrives (in completion order; the caller restores the
 * scenario's order). The main thread stays free, so signals and progress are handled while
 * points run. `stop()` terminates the workers.
 */
export class PointPool {
  private readonly workers: Worker[] = [];
  private stopped = false;
  private settle: (() => void) | undefined;

  constructor(
    private readonly size: number,
    private readonly requests: readonly LoadRequest[],
  ) {}

  run(jobs: readonly PointJob[], onResult: (job: PointJob, result: PointResult) => void, onProgress?: (job: PointJob, progress: PointProgress) => void): Promise<void> {
    const queue = [...jobs];
    const url = new URL("./worker.js", import.meta.url);
    return new Promise<void>((resolve, reject) => {
      this.settle = resolve;
      let active = 0;
      let failed = false;
      const finishOne = (): void => {
        if (--active === 0 && (queue.length === 0 || this.stopped) && !failed) resolve();
      };
      const feed = (w: Worker): void => {
        const job = queue.shift();
        if (job === undefined || this.stopped || failed) {
          void w.terminate();
          finishOne();
          return;
        }
        w.postMessage(job);
      };
      const count = Math.max(1, Math.min(this.size, queue.length));
      if (queue.length === 0) {
        resolve();
        return;
      }
      for (let i = 0; i < count; i++) {
        const w = new Worker(url, { workerData: { requests: this.requests } });
        this.workers.push(w);
        active++;
        w.on("message", (m: FromWorker) => {
          if (m.kind === "progress") {
            onProgress?.({ scenario: m.scenario, point: m.point }, m.progress);
            return;
          }
          if (m.kind === "error") {
            failed = true;
            reject(new PointError({ scenario: m.scenario, point: m.point }, m.error));
            this.stop();
            return;
          }
          onResult({ scenario: m.scenario, point: m.point }, m.result);
          feed(w);
        });
        w.on("error", (e) => {
          if (failed || this.stopped) return;
          failed = true;
          reject(e);
          this.stop();
        });
        w.on("online", () => feed(w));
      }
    });
  }

  /** Terminates every worker and ends `run`; points in progress are lost, finished ones were already handed on. */
  stop(): void {
    this.stopped = true;
    for (const w of this.workers) void w.terminate();
    this.settle?.();
  }
}
