// The thread that writes files for src/runtime/file-writer.ts: each batch in order, with synchronous calls (this
// thread has nothing else to do), answered once all its files are written.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { answerJobs } from "./worker.ts";
import type { FileBatch } from "./file-writer.ts";

answerJobs((batch: FileBatch) => {
  for (const [file, content] of batch) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
});
