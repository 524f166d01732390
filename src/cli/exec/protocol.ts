import type { PointResult } from "../../scenario/runner.js";

/** One point of one scenario of a run (indices into the run's scenarios and their points). */
export interface PointJob {
  readonly scenario: number;
  readonly point: number;
}

export type ToWorker = PointJob;

export interface WorkerError {
  /** `verification`: a collective computed a wrong sum (exit 4); `internal`: a bug (exit 1). */
  readonly kind: "verification" | "internal";
  readonly message: string;
  readonly stack: string;
}

/** How far the point a worker is running has got: its simulated time and events so far. */
export interface PointProgress {
  readonly simulatedNs: number;
  readonly events: number;
}

export type FromWorker =
  | ({ readonly kind: "progress"; readonly progress: PointProgress } & PointJob)
  | ({ readonly kind: "result"; readonly result: PointResult } & PointJob)
  | ({ readonly kind: "error"; readonly error: WorkerError } & PointJob);
