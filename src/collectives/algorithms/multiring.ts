import { chunkLength, chunkStart } from "../chunks.js";
import type { RingLaneSpec } from "./ring-lane.js";

/**
 * `torus-multiring`: several torus-ring allreduces at once on parts of the vector, in the
 * spirit of Fujitsu's Trinaryx3/Trinaryx6 (Adachi et al., "The design of ultra scalable MPI
 * collective communication on the K computer", 2013: concurrent rings, collision-free
 * neighbour communication, several network interfaces driven at once).
 *
 * With D grid axes of size > 1 (the others have nothing to do), the vector is cut into 2D parts.
 * Part j runs the torus-ring schedule (reduce-scatter along each axis, allgather in reverse)
 * with the axis order rotated by j mod D, towards +1 for j < D and −1 otherwise, on network
 * interface j (a transport with fewer interfaces takes j modulo its count). At pass p part j
 * works along axis (p + j) mod D, so on a cubic grid the 2D parts use 2D different
 * (axis, direction) pairs at every step: each rank sends to 2D distinct neighbours and every
 * directed link carries one stream — 6 links and 6 NICs busy on a 3D grid, Tofu-D's 6 TNIs.
 * Per rank: Σ 2(d_i−1) steps of up to 2D messages; 2(P−1)/P·S bytes sent in all, 1/(2D) of them
 * per interface.
 *
 * On a grid whose axes differ in size the parts leave their passes at different steps, so for
 * a while two parts can share an axis and direction (correct, but they then share links).
 */
export function multiRingLanes(elementCount: number, dims: readonly number[]): RingLaneSpec[] {
  const axes = dims.flatMap((d, i) => (d > 1 ? [i] : []));
  const d = axes.length;
  const parts = 2 * Math.max(1, d);
  const lanes: RingLaneSpec[] = [];
  for (let j = 0; j < parts; j++) {
    const shift = d === 0 ? 0 : j % d;
    lanes.push({
      start: chunkStart(0, elementCount, parts, j),
      length: chunkLength(elementCount, parts, j),
      order: [...axes.slice(shift), ...axes.slice(0, shift)],
      direction: j < parts / 2 ? 1 : -1,
      nic: j,
    });
  }
  return lanes;
}

/** Parts (lanes, interfaces driven) of `torus-multiring` on grid `dims`: 2 × axes of size > 1, at least 2. */
export function multiRingParts(dims: readonly number[]): number {
  return 2 * Math.max(1, dims.filter((d) => d > 1).length);
}
