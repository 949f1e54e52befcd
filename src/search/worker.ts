// The search index written on a worker thread (see src/search/index.ts), started before its job is ready: the
// job comes as the first message; the answer, the result or the error, goes back by src/runtime/worker.ts's protocol.
// A production build may start a second one for the last parts (src/search/index.ts, helpWithTheRest).
import { answerJob } from "../runtime/worker.ts";
import { writeParts, type IndexJob } from "./pagefind.ts";

await answerJob((job: IndexJob) => writeParts(job));
