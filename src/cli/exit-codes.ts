/** Exit code of a check that failed: a collective's data-mode sum, or a routing property (`check-routing`). */
export const EXIT_CHECK_FAILED = 4;
