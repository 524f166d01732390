/** Runs every benchmark and prints its figures. `npm run bench`. */
import { runPhold } from "./phold.js";

runPhold();
