export type { DeliveryListener, Transport } from "./transport.js";
export { IdealTransport } from "./ideal-transport.js";
export type { IdealTransportOptions } from "./ideal-transport.js";
