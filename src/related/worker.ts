// The related-papers step run on a worker thread (see related-plugin.ts): the same pure function, its
// input and output passed by structured clone.
import { parentPort, workerData } from "node:worker_threads";
import { relatedPapers, type RelatedInput, type RelatedOptions } from "./related.ts";

const { papers, options } = workerData as { papers: RelatedInput[]; options: RelatedOptions };
parentPort!.postMessage([...relatedPapers(papers, options)]);
