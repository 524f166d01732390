/**
 * What an adaptive routing may read of the network it runs on: the occupancy of a router's
 * output queues, as that router itself knows it (local information only, as UGAL-L and the
 * adaptive up port of a fat tree use it). Read-only; a network model that has queues (the
 * packet tier) provides it, the others do not, and a routing given none falls back to its
 * oblivious choice.
 */
export interface CongestionView {
  /**
   * Bytes sent through output `port` of `router` whose space in the downstream input buffers
   * has not yet been credited back, summed over the link's virtual channels: the occupancy
   * of that output's queue as credit-based flow control shows it to the sending router (it
   * lags the downstream buffers by the credit's trip back, one link latency). 0 on an idle
   * link, at most VCs × buffer bytes. Packets still waiting at `router` for that output are
   * not counted.
   */
  outputQueueBytes(router: number, port: number): number;
}
