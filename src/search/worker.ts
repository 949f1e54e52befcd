// The search index written on a worker thread (see src/search/index.ts), started before its job is ready: the
// job, the papers' record fields, comes as the first message; the answer, the result or the error, goes back by
// src/runtime/worker.ts's protocol. A second writer, on the main thread, may take the parts this one has not
// started (src/search/index.ts).
import { answerJob } from "../runtime/worker.ts";
import { writeParts } from "./pagefind.ts";
import { indexJob, type PapersJob } from "./records.ts";

await answerJob((job: PapersJob) => writeParts(indexJob(job)));
