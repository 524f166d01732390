import { runScenario, scenarioFromData, InputError } from "tofusim";

// A scenario as data, validated exactly as a scenario file is.
const scenario = scenarioFromData(
  {
    name: "allreduce on a 4x4x4 torus",
    topology: "torus-4x4x4",
    workload: { type: "allreduce", algorithm: ["ring", "recursive-doubling"], sizeBytes: "64KiB", ranks: 64 },
  },
  "example",
);

for (const r of runScenario(scenario).results) {
  // `workload` tells the result's type apart: here an allreduce, with its bound beside it.
  if (r.workload === "allreduce") console.log(`${r.algorithm}: ${r.timeUs.toFixed(1)} us, lower bound ${r.lowerBoundUs.toFixed(1)} us`);
}

// Bad input is an InputError with one issue per problem: code, file, path and message.
try {
  scenarioFromData({ name: "typo", topology: "torus-4x4x4", workload: { type: "put", from: 0, to: 1, sizeByte: 8 } }, "typo");
} catch (e) {
  if (e instanceof InputError) for (const issue of e.issues) console.log(`${issue.code} at ${issue.path}`);
}
