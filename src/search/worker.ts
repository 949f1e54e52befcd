// The search index written on a worker thread (see src/search/index.ts), started before its job is ready: the job
// comes as the first message, the result or the error's message goes back as the one message.
import { parentPort } from "node:worker_threads";
import { writeSearchIndex, type IndexJob } from "./pagefind.ts";
import { nextJob } from "../runtime/worker.ts";

const job = await nextJob<IndexJob>();
try {
  parentPort!.postMessage({ ok: true, result: await writeSearchIndex(job) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message ?? String(error) });
}
