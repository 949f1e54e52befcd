// The I/O floor: what reading every paper file and writing one page per paper costs on this machine,
// with no parsing or templating. The build is reported as a multiple of this, measured in the same run.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [srcDir, outDir] = process.argv.slice(2) as [string, string];
const names = (await readdir(srcDir)).filter((n) => n.endsWith(".md"));
const BATCH = 64;
for (let i = 0; i < names.length; i += BATCH) {
  await Promise.all(
    names.slice(i, i + BATCH).map(async (name) => {
      const text = await readFile(path.join(srcDir, name), "utf8");
      const dir = path.join(outDir, "papers", name.slice(0, -3));
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "index.html"), `<!doctype html><title>x</title><pre>${text}</pre>`);
    }),
  );
}
console.log(names.length);
