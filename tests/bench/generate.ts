import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { prng } from "./related-bench.ts";

const TAGS = [
  "LLM", "attention kernels", "KV cache", "speculative decoding", "long context", "quantization", "sparsity",
  "pruning", "distillation", "mixture of experts", "retrieval", "RAG", "code generation", "benchmarks",
  "diffusion", "speech", "vision", "video", "recommendation", "CTR prediction", "graph neural networks",
  "reinforcement learning", "test-time compute", "reasoning", "agents", "parameter-efficient fine-tuning",
  "LoRA", "on-device inference", "compilers", "GPU kernels", "distributed training", "optimizers",
  "scaling laws", "tokenization", "multilingual", "safety", "alignment", "evaluation", "datasets", "tabular data",
];
const FIRST = ["Ada", "Alan", "Grace", "Yoshua", "Geoffrey", "Fei-Fei", "Tri", "Noam", "Ilya", "Andrej", "Jeff", "Sanjay", "Daphne", "Yann", "Léon", "Zoë", "Jürgen", "Łukasz", "Mei", "Ravi"];
const LAST = ["Lovelace", "Turing", "Hopper", "Bengio", "Hinton", "Li", "Dao", "Shazeer", "Sutskever", "Karpathy", "Dean", "Ghemawat", "Koller", "LeCun", "Bottou", "Müller", "Schmidhuber", "Kaiser", "Chen", "Gupta"];

/** Word frequencies from the seed abstracts: synthetic text with the list's real vocabulary. */
async function vocabulary(seedFile: string): Promise<string[]> {
  const text = await readFile(seedFile, "utf8");
  return text
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ""))
    .filter((w) => w.length > 1 && !/^https?/.test(w));
}

export interface GenerateOptions {
  papers: number;
  dir: string;
  seed?: number;
  seedFile: string;
}

/** Writes `papers` deterministic synthetic paper files into `dir` (content/papers of a bench project). */
export async function generatePapers(options: GenerateOptions): Promise<void> {
  const random = prng(options.seed ?? 42);
  const words = await vocabulary(options.seedFile);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  // Zipf-like: a few tags are very common, most are rare.
  const zipf = () => TAGS[Math.min(TAGS.length - 1, Math.floor(TAGS.length * random() ** 2.2))]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(" ");
  await mkdir(options.dir, { recursive: true });

  const batch: Promise<void>[] = [];
  for (let i = 0; i < options.papers; i++) {
    const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(random() * 2500) * 86_400_000).toISOString().slice(0, 10);
    const tags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, zipf))];
    let abstract = "";
    while (abstract.length < 1150) abstract += sentence(8 + Math.floor(random() * 14)) + ". ";
    const fields: Record<string, unknown> = {
      title: `${sentence(11)} ${i}`.replace(/^./, (c) => c.toUpperCase()),
      added: day,
      tags,
      status: pick(["to-read", "to-read", "reading", "read"]),
      authors: Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(FIRST)} ${pick(LAST)}`),
      published: day.slice(0, 4),
      arxiv: `${day.slice(2, 4)}${day.slice(5, 7)}.${String(10000 + i).padStart(5, "0")}`,
      abstract: abstract.trim(),
    };
    if (random() < 0.2) fields.code = `https://github.com/example/repo-${i}`;
    const notes = random() < 0.3 ? `## Notes\n\n${sentence(30)}.\n\n- ${sentence(8)}\n- ${sentence(10)}\n` : "";
    const text = `---\n${stringify(fields, { lineWidth: 0 })}---\n${notes}`;
    batch.push(writeFile(path.join(options.dir, `paper-${String(i).padStart(5, "0")}.md`), text));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}
