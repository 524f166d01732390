/**
 * Makes the README's figures with the commands a user runs: `tofusim run --format json` on two
 * bundled scenarios, then `tofusim plot`. `npm run figures`; the SVGs land in bench/figures/
 * and are committed. Same code and scenarios ⇒ the same bytes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { timeIt } from "./util.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "dist", "src", "cli", "main.js");
const OUT = join(ROOT, "bench", "figures");

interface Figure {
  readonly scenario: string;
  /** Several seeds give the mean with a 95% interval band. */
  readonly seeds: readonly number[];
  readonly svg: string;
}

const FIGURES: readonly Figure[] = [
  // Uniform and tornado traffic past saturation; random traffic, so three seeds.
  { scenario: "saturation-torus-8x8.yaml", seeds: [1, 2, 3], svg: "saturation-torus-8x8.svg" },
  // Six allreduce algorithms from 8 B to 16 MiB against the lower bound; no randomness, one seed.
  { scenario: "allreduce-torus-4x4x4.yaml", seeds: [1], svg: "allreduce-torus-4x4x4.svg" },
];

function tofusim(args: readonly string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
}

const work = mkdtempSync(join(tmpdir(), "tofusim-figures-"));
mkdirSync(OUT, { recursive: true });
try {
  for (const f of FIGURES) {
    const { seconds } = timeIt(() => {
      const files = f.seeds.map((seed) => {
        const file = join(work, `${f.svg}.seed${seed}.json`);
        writeFileSync(file, tofusim(["run", join(ROOT, "scenarios", f.scenario), "--format", "json", "--no-timing", "--seed", String(seed)]));
        return file;
      });
      tofusim(["plot", ...files, "-o", join(OUT, f.svg)]);
    });
    console.log(`${relative(ROOT, join(OUT, f.svg))}: scenarios/${f.scenario}, ${f.seeds.length} seed${f.seeds.length === 1 ? "" : "s"}, ${seconds.toFixed(1)} s`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
