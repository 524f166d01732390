/** Runs every benchmark and prints its figures. `npm run bench`. */
import { runAllreduceBench } from "./allreduce.js";
import { runEventKinds } from "./event-kinds.js";
import { runFlowScale } from "./flow-scale.js";
import { runNetworkBench } from "./network.js";
import { runPhold } from "./phold.js";
import { runTopologyBuildBench } from "./topology-build.js";

runPhold();
runNetworkBench();
runEventKinds();
runAllreduceBench();
runTopologyBuildBench();
runFlowScale();
