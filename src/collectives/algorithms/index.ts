import type { CollectiveProgram } from "../program.js";
import { BinomialTreeProgram } from "./binomial-tree.js";
import { RabenseifnerProgram } from "./rabenseifner.js";
import { RecursiveDoublingProgram } from "./recursive-doubling.js";
import { multiRingLanes } from "./multiring.js";
import { RingProgram, ringLanes } from "./ring.js";
import { trixLanes } from "./trix.js";

export const ALLREDUCE_ALGORITHMS = [
  "ring",
  "recursive-doubling",
  "rabenseifner",
  "binomial-tree",
  "torus-ring",
  "bidirectional-ring",
  "torus-multiring",
  "trix3",
  "trix6",
] as const;

export type AllreduceAlgorithm = (typeof ALLREDUCE_ALGORITHMS)[number];

/** Algorithms that run one ring per axis of a logical grid (`grid.ts`): flat rings on a 1-D grid. */
export const GRID_ALGORITHMS: readonly AllreduceAlgorithm[] = ["torus-ring", "torus-multiring", "trix3", "trix6"];

export function isGridAlgorithm(algorithm: string): boolean {
  return (GRID_ALGORITHMS as readonly string[]).includes(algorithm);
}

export function isAllreduceAlgorithm(name: string): name is AllreduceAlgorithm {
  return (ALLREDUCE_ALGORITHMS as readonly string[]).includes(name);
}

export interface ProgramParams {
  readonly rankCount: number;
  readonly elementCount: number;
  /** Elements per pipelined segment (0 or undefined: none). */
  readonly segmentElements?: number;
  /** Logical rank grid of the grid algorithms (product = rankCount); default [rankCount]. */
  readonly torusDims?: readonly number[];
}

/** The per-rank program of an allreduce algorithm. */
export function allreduceProgram(algorithm: AllreduceAlgorithm, params: ProgramParams): CollectiveProgram {
  const { rankCount, elementCount, segmentElements } = params;
  if (!Number.isInteger(rankCount) || rankCount < 1) {
    throw new RangeError(`rank count must be a positive integer, got ${rankCount}`);
  }
  const ring = (dims: readonly number[], lanes: 1 | 2) =>
    new RingProgram({ name: algorithm, rankCount, elementCount, dims, lanes: ringLanes(elementCount, dims, lanes), segmentElements });
  switch (algorithm) {
    case "ring":
      return ring([rankCount], 1);
    case "torus-ring":
      return ring(params.torusDims ?? [rankCount], 1);
    case "bidirectional-ring":
      return ring([rankCount], 2);
    case "torus-multiring": {
      const dims = params.torusDims ?? [rankCount];
      return new RingProgram({ name: algorithm, rankCount, elementCount, dims, lanes: multiRingLanes(elementCount, dims), segmentElements });
    }
    case "trix3":
    case "trix6": {
      const dims = params.torusDims ?? [rankCount];
      const lanes = trixLanes(elementCount, dims, algorithm === "trix3" ? 3 : 6);
      return new RingProgram({ name: algorithm, rankCount, elementCount, dims, lanes, segmentElements });
    }
    case "recursive-doubling":
      return new RecursiveDoublingProgram(rankCount, elementCount);
    case "rabenseifner":
      return new RabenseifnerProgram(rankCount, elementCount);
    case "binomial-tree":
      return new BinomialTreeProgram(rankCount, elementCount);
  }
}
