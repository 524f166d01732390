import { describe, expect, it } from "vitest";
import { readResults } from "../../src/report/plot/read.js";
import { InputError } from "../../src/input/errors.js";
import { SIZES, allreduceResult, report, trafficResult } from "./plot-fixtures.js";

const traffic = [0.1, 0.5].map((offeredLoad) => trafficResult({ offeredLoad }));
const allreduce = SIZES.map((sizeBytes) => allreduceResult({ algorithm: "ring", sizeBytes }));

function refusal(text: string, file = "r.json"): InputError {
  try {
    readResults(text, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("reading results for a plot", () => {
  it("every shape run and compare print gives the same results: one report, several, compare's, JSON Lines of results or of reports", () => {
    const values = (text: string): unknown[] => readResults(text, "r").map((r) => r.value);
    const expected = [...traffic, ...allreduce];
    const shapes = [
      JSON.stringify([JSON.parse(report("a", traffic)), JSON.parse(report("b", allreduce))], null, 2),
      [...traffic, ...allreduce].map((r) => JSON.stringify(r)).join("\n") + "\n",
      [report("a", traffic), report("b", allreduce)].map((t) => JSON.stringify(JSON.parse(t))).join("\n"),
      [JSON.stringify({ scenario: "a" }), ...traffic.map((r) => JSON.stringify(r)), JSON.stringify({ scenario: "b" }), ...allreduce.map((r) => JSON.stringify(r))].join("\n"),
    ];
    for (const text of shapes) expect(values(text)).toEqual(expected);
    expect(values(report("a", traffic))).toEqual(traffic);
    const compare = JSON.stringify({ scenario: "c", seed: 1, topologies: ["torus-4x4x4"], results: allreduce }, null, 2);
    expect(values(compare)).toEqual(allreduce);
  });

  it("keeps each result's scenario name, from its report or from the JSON Lines header before it", () => {
    const text = [JSON.stringify({ scenario: "first" }), JSON.stringify(traffic[0]), JSON.stringify({ scenario: "second" }), JSON.stringify(traffic[1])].join("\n");
    expect(readResults(text, "r").map((r) => r.scenario)).toEqual(["first", "second"]);
    expect(readResults(report("named", traffic), "r").map((r) => r.scenario)).toEqual(["named", "named"]);
  });

  it("refuses what is not results with one line naming the file and what was expected", () => {
    const cases = ["", "name: uniform\nworkload: { type: traffic }\n", report("a", traffic).slice(0, 200), '{"a": 1}', '{"results": 3}', "[1, 2]", "42"];
    for (const text of cases) {
      const e = refusal(text, "r.json");
      expect(e.issues).toHaveLength(1);
      expect(e.message.split("\n")).toHaveLength(1);
      expect(e.message).toMatch(/^r\.json/);
      expect(e.message).toMatch(/expected|no results|empty/);
    }
  });

  it("names the line of a JSON Lines file that is not JSON", () => {
    const text = [JSON.stringify(traffic[0]), "{ not json", JSON.stringify(traffic[1])].join("\n");
    expect(refusal(text, "r.jsonl").message).toMatch(/^r\.jsonl: line 2: not JSON/);
  });
});
