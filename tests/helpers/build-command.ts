import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Node's arguments for a production build by the shelfmark checked out in `dir`, as its `npm run build` runs it:
 * the launcher that compiles the configuration once (src/cli/build.js) where that version has one, else
 * Eleventy through tsx. The benchmark and compare-output build older commits with the same function.
 */
export function buildCommand(dir: string): string[] {
  const config = `--config=${path.join(dir, "eleventy.config.ts")}`;
  const launcher = path.join(dir, "src/cli/build.js");
  if (existsSync(launcher)) return [launcher, config];
  return ["--import", path.join(dir, "node_modules/tsx/dist/esm/index.mjs"), path.join(dir, "node_modules/@11ty/eleventy/cmd.cjs"), config];
}
