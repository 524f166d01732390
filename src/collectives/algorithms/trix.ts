import { chunkLength, chunkStart } from "../chunks.js";
import type { RingLaneSpec } from "./ring-lane.js";

/**
 * Fujitsu MPI's Trinaryx3 and Trinaryx6 (`trinaryx3`, `trinaryx6`; Adachi et al., "The design
 * of ultra scalable MPI collective communication on the K computer", Comput. Sci. Res. Dev.
 * 28(2-3), 2013; Matsumoto et al., SACSIS 2012), as far as public descriptions go.
 *
 * Stated (abstracts): a torus-optimised allreduce for the K computer's 3-D virtual torus that
 * drives several RDMA engines (TNIs) at once, built from neighbour communication only, so
 * that messages never collide; "x3"/"x6" drive 3 and 6 TNIs. Fujitsu MPI pipelines it in
 * segments (`segsize`), which its decision tree sets by size (≤ 384 KiB → 4 KiB, ≤ 6 MiB →
 * 16 KiB, larger → 64 KiB).
 *
 * Inferred here (the papers' step-by-step description is not public): the vector is cut into
 * 3 (6) parts, one per TNI. Part j runs the multi-dimensional torus ring on the job's logical
 * grid — reduce-scatter along each axis in turn, allgather back in reverse — with its axis
 * order rotated by j mod D, so that at every step the parts use different axes; trix3's three
 * parts all go the + way round, trix6's parts 3-5 repeat the three orders the − way. On a 3-D
 * grid no two parts ever share a link direction (collision-free), and every message goes to a
 * grid neighbour. Each segment is a step of its own: a step's sends wait for the previous
 * step's sends to complete (under the MPI model), which is what makes small segments slow.
 * This reading reproduces the measured small-message cost (18 neighbour steps on 4x4x4) and
 * the segment-size trend; it is an inference, not Fujitsu's code.
 *
 * On a grid of D ≠ 3 axes the rotation is mod D: on 2-D, trix3's parts 0 and 2 share their
 * order (and links).
 */
export function trixLanes(elementCount: number, dims: readonly number[], parts: 3 | 6): RingLaneSpec[] {
  const axes = dims.flatMap((d, i) => (d > 1 ? [i] : []));
  const d = Math.max(1, axes.length);
  const lanes: RingLaneSpec[] = [];
  for (let j = 0; j < parts; j++) {
    const shift = axes.length === 0 ? 0 : j % d;
    lanes.push({
      start: chunkStart(0, elementCount, parts, j),
      length: chunkLength(elementCount, parts, j),
      order: [...axes.slice(shift), ...axes.slice(0, shift)],
      direction: j < 3 ? 1 : -1,
      nic: j,
    });
  }
  return lanes;
}
