import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { startStaticServer } from "./serve.ts";
import { resolveLocation } from "./settings.ts";

/**
 * `npm run preview`: serves the production build in `_site` under the same path prefix it was built
 * for, the way GitHub Pages will (the dev server, `npm start`, always serves at the root).
 *
 *   SITE_URL=https://user.github.io PATH_PREFIX=/reading-list/ npm run build
 *   PATH_PREFIX=/reading-list/ npm run preview      # → http://localhost:8080/reading-list/
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: "string", default: "_site" },
      port: { type: "string", default: process.env.PORT ?? "8080" },
      prefix: { type: "string" },
    },
  });
  if (!existsSync(`${values.dir}/index.html`)) {
    console.error(`[shelfmark:preview] ${values.dir}/index.html does not exist. Fix: build the site first with npm run build.`);
    process.exit(1);
  }
  const { pathPrefix } = resolveLocation(process.env, values.prefix);
  const server = await startStaticServer({ root: values.dir!, pathPrefix, port: Number(values.port), host: "127.0.0.1" });
  console.log(`[shelfmark:preview] serving ${values.dir} at ${server.url.replace("127.0.0.1", "localhost")} (Ctrl+C to stop)`);
}

await main();
