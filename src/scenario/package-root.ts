import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The directory of tofusim's package.json, whether running from src/ or dist/src/. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: unknown };
      if (pkg.name === "tofusim") return (cached = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find tofusim's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function presetsDir(): string {
  return join(packageRoot(), "topologies");
}
