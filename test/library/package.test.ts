import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const example = readFileSync(join(import.meta.dirname, "example.ts"), "utf8");

/**
 * The package as a user gets it: packed (`npm pack`, from the built dist/), installed into a
 * fresh project, imported by name. Needs the build (`npm test` builds first) and the npm cache
 * that `npm ci` filled for the dependencies.
 */
describe("tofusim as an installed package", () => {
  const project = mkdtempSync(join(tmpdir(), "tofusim-lib-"));

  it("packs, installs, type-checks the README's example against the declarations and runs it", () => {
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project], { cwd: root, stdio: "pipe" });
    const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module", dependencies: { tofusim: `file:./${tarball}` } }));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, stdio: "pipe" });

    // JavaScript: import by name, read the presets.
    writeFileSync(join(project, "plain.mjs"), 'import { machineNames, WORKLOADS } from "tofusim";\nconsole.log(machineNames().includes("fugaku"), Object.keys(WORKLOADS).join(","));\n');
    expect(execFileSync("node", ["plain.mjs"], { cwd: project, encoding: "utf8" }).trim()).toBe("true traffic,put,injection,allreduce");

    // TypeScript: the example type-checks against the shipped declarations (strict), then runs.
    cpSync(join(import.meta.dirname, "example.ts"), join(project, "example.ts"));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, outDir: "out", types: [] }, files: ["example.ts"] }),
    );
    execFileSync("node", [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: project, stdio: "pipe" });
    const out = execFileSync("node", [join("out", "example.js")], { cwd: project, encoding: "utf8" }).trim().split("\n");
    expect(out[0]).toMatch(/^ring: \d+\.\d us, lower bound \d+\.\d us$/);
    expect(out[1]).toMatch(/^recursive-doubling: \d+\.\d us, lower bound \d+\.\d us$/);
    // The typo `sizeByte`: the size is missing and the key is unknown.
    expect(out.slice(2).sort()).toEqual(["invalid at workload.sizeBytes", "unknown-key at workload.sizeByte"]);
  }, 180_000);

  it("keeps the README's library example identical to the example the test runs", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(example.trim());
  });

  it("exports no internals: every name the entry point exports is listed in src/index.ts", () => {
    const index = readFileSync(join(root, "src", "index.ts"), "utf8");
    expect(index).not.toMatch(/export \*/);
  });
});
