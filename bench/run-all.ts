/** Runs every benchmark and prints its figures. `npm run bench`. */
import { runNetworkBench } from "./network.js";
import { runPhold } from "./phold.js";

runPhold();
runNetworkBench();
