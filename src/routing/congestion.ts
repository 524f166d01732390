/**
 * What an adaptive routing may read of the network it runs on: the occupancy of a router's
 * output queues, as that router itself knows it (local information only, as UGAL-L and the
 * adaptive up port of a fat tree use it). Read-only; a network model that has queues (the
 * packet tier) provides it, the others do not, and a routing given none falls back to its
 * oblivious choice.
 */
export interface CongestionView {
  /**
   * Bytes queued for output `port` of `router`, as that router knows them: the packets routed
   * to it there and not yet sent (waiting in the router's input buffers), plus those sent
   * through it whose space in the downstream input buffers has not yet been credited back
   * (credit-based flow control shows that occupancy with a lag of the credit's trip back, one
   * link latency). 0 on an idle output.
   */
  outputQueueBytes(router: number, port: number): number;
}

/**
 * The view of a tier without queues (flow, ideal): every output idle. Binding it gives
 * adaptive routings their oblivious choice and restarts random ones from their seed, so that
 * every network built on a routing sees the same choices.
 */
export const NO_CONGESTION: CongestionView = { outputQueueBytes: () => 0 };
