#!/usr/bin/env node
// The published command runs the TypeScript sources directly through tsx, like the build does. It calls
// main itself: reached through npm's link (node_modules/.bin/shelfmark, npx), argv[1] is the link's path,
// so main.ts cannot tell on its own that it is the program.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
