// The search index written on a worker thread (see src/search.ts): the job comes as workerData, the result
// or the error's message goes back as the one message.
import { parentPort, workerData } from "node:worker_threads";
import { writeSearchIndex, type IndexJob } from "./search-index.ts";

try {
  parentPort!.postMessage({ ok: true, result: await writeSearchIndex(workerData as IndexJob) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message ?? String(error) });
}
