// The dev server's related-papers worker (src/related/index.ts): kept between saves, it keeps each text's terms
// (src/related/term-cache.ts), so that after a save only the changed papers are split into words again, and the
// thread is not started again each time.
import { answerJobs } from "../runtime/worker.ts";
import { relatedPapers, type RelatedInput, type RelatedOptions, type RelatedScope } from "./related.ts";
import { TermCache } from "./term-cache.ts";

const terms = new TermCache();
answerJobs(({ papers, options, scope }: { papers: RelatedInput[]; options: RelatedOptions; scope?: RelatedScope }) => [...relatedPapers(papers, options, scope, terms)]);
