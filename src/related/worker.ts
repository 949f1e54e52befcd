// The related-papers step run on a worker thread (see src/related/index.ts): the same pure function, its
// input and output passed by structured clone, its answer by src/runtime/worker.ts's protocol.
import { answerJob } from "../runtime/worker.ts";
import { relatedPapers, type RelatedInput, type RelatedOptions, type RelatedScope } from "./related.ts";

await answerJob(({ papers, options, scope }: { papers: RelatedInput[]; options: RelatedOptions; scope?: RelatedScope }) => [...relatedPapers(papers, options, scope)]);
