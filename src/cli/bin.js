#!/usr/bin/env node
// The published command runs the TypeScript sources directly through tsx, like the build does.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
