#!/usr/bin/env node
// `npm run build`: Eleventy with shelfmark compiled to JavaScript once, kept in .cache/ until a source changes,
// instead of tsx compiling it on every run. Through tsx's loader every module of the build goes, Eleventy's own
// included, on the main thread and again on each worker thread; plain JavaScript starts sooner
// (docs/performance.md). The dev server (`npm start`) and the tests keep tsx, which follows edits as they
// happen. Arguments are Eleventy's; `--config` names the TypeScript configuration (default eleventy.config.ts).
// Plain JavaScript itself: it runs before anything can compile TypeScript.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

const require = createRequire(import.meta.url);

/** The TypeScript files of the project: the configuration and everything under src/, whichever the build loads. */
export function sources(root, config) {
  const files = [config];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(file);
    }
  };
  walk(path.join(root, "src"));
  return files;
}

/** A key that changes when any of `files` does (its path, size or time), or the compiler, or Node. */
export function cacheKey(root, files, compilerVersion) {
  const hash = createHash("sha256").update(`${process.version}\0${compilerVersion}\0${root}`);
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`\0${path.relative(root, file)}\0${size}\0${mtimeMs}`);
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The configuration compiled to JavaScript, file by file in the same folders (relative imports of `.ts` files
 * become `.js`), compiled by the esbuild that tsx itself uses, so that both read the TypeScript the same way.
 * Each version goes to a folder of its own, renamed into place once complete: builds running at the same time
 * (the test suite's) each find a whole one.
 */
export async function compiledConfig(config) {
  const root = path.dirname(config);
  const esbuild = createRequire(require.resolve("tsx/package.json"))("esbuild");
  const files = sources(root, config);
  const cache = path.join(root, ".cache/shelfmark-js");
  // tsconfig.json: esbuild reads some of its settings (class fields, for one).
  const tsconfig = path.join(root, "tsconfig.json");
  const dir = path.join(cache, cacheKey(root, existsSync(tsconfig) ? [...files, tsconfig] : files, esbuild.version));
  const entry = path.join(dir, path.relative(root, config).replace(/\.ts$/, ".js"));
  if (existsSync(entry)) return entry;
  const staging = `${dir}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: files,
    outdir: staging,
    outbase: root,
    bundle: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    packages: "external",
    logLevel: "error",
    plugins: [
      {
        name: "relative-imports-stay-imports",
        setup(build) {
          // Bundling is only how esbuild lets a plugin rewrite imports: each file stays a module of its own.
          build.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === "entry-point" ? undefined : { path: args.path.replace(/\.ts$/, ".js"), external: true }));
        },
      },
    ],
  });
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another build put the same version in place first.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  // Older versions are of no further use.
  for (const name of readdirSync(cache)) if (name !== path.basename(dir) && !name.endsWith(".tmp")) rmSync(path.join(cache, name), { recursive: true, force: true });
  return entry;
}

/** Whether Eleventy's arguments ask it to watch (`--watch`, `--serve`): it then re-imports what changes. */
export function watching(args) {
  return args.some((a) => /^--(watch|serve)(=|$)/.test(a));
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // V8 lets a busy heap grow to several times what it holds before collecting; the build allocates fast for a
  // long time, so its memory was mostly garbage at the peak. A heap that grows by half at most collects sooner:
  // a lower peak for a long list, at no cost in time that the benchmark could tell (docs/performance.md).
  v8.setFlagsFromString("--heap-growing-percent=50");
  const args = process.argv.slice(2);
  // A build runs each function for seconds, not hours: V8's optimising compiler, started early for every warm
  // function, spent as much CPU on V8's helper threads as Pagefind on a short list, for code run a few more times
  // at most. A budget 15 times V8's (67,584) leaves that to the code that stays hot (docs/performance.md). A
  // process that watches runs the same code build after build: there V8's own budget pays off.
  if (!watching(args)) v8.setFlagsFromString("--interrupt-budget=1000000");
  const given = args.find((a) => a.startsWith("--config="));
  const config = path.resolve(given ? given.slice("--config=".length) : "eleventy.config.ts");
  const compiled = await compiledConfig(config);
  // Eleventy re-imports a module edited while it watches through a resolver of its own; on Node 20 that resolver
  // runs on a thread of module hooks every later import waits on. A build that does not watch imports nothing
  // twice (the person's own setting, if any, stays).
  if (!watching(args)) process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
  // Eleventy's command line, as `npm start` runs it (its package exports do not include it).
  const eleventy = path.join(path.dirname(config), "node_modules/@11ty/eleventy/cmd.cjs");
  process.argv = [process.argv[0], eleventy, ...args.filter((a) => a !== given), `--config=${compiled}`];
  require(eleventy);
}
