import { formulaSpans } from "../math/tex.ts";

/**
 * Abstracts copied from web pages keep bits of the LaTeX they were written in (`50\%`, ``` ``quoted'' ```,
 * `{\epsilon}`, `230times` where `230\times` lost its backslash). These rules make such leftovers readable
 * without dropping a word. Each rule only fires on a pattern that cannot be ordinary prose; anything
 * ambiguous (`n times d`, a bare `bullet`) is left exactly as written. Formulas (`$\alpha$`, by the site's rules in
 * src/math/tex.ts) are TeX that the site typesets, so they too are left exactly as written.
 */

const GREEK: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η",
  theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π",
  rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
  Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Upsilon: "Υ", Phi: "Φ",
  Psi: "Ψ", Omega: "Ω",
};

/** Commands that stand for one symbol, written with their backslash. */
const SYMBOLS: Record<string, string> = {
  ...GREEK,
  times: "×", cdot: "·", sim: "~", approx: "≈", leq: "≤", le: "≤", geq: "≥", ge: "≥", neq: "≠",
  pm: "±", infty: "∞", rightarrow: "→", to: "→", ldots: "…", dots: "…",
};

interface Rule {
  /** What it repairs, for the documentation and the tests' table. */
  name: string;
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

const greekNames = Object.keys(GREEK).join("|");
const symbolNames = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length).join("|");

export const LATEX_RULES: Rule[] = [
  // Escaped special characters: `50\%`, `R\&D`, `\$5`, `\#1`, `snake\_case`.
  { name: "escaped character", pattern: /\\([%&$#_])/g, replace: "$1" },
  // ``time to first token'' → “time to first token” (TeX's double quotes).
  { name: "double quotes", pattern: /``([^`]*?)''/g, replace: "“$1”" },
  // `observation' → ‘observation’ (TeX's single quotes; a lone apostrophe is left alone).
  { name: "single quotes", pattern: /(^|[\s(])`([^`'\n]+)'(?=$|[\s.,;:!?)])/g, replace: "$1‘$2’" },
  // {\epsilon} or \epsilon → ε; braces that only group one Greek letter go with it.
  { name: "greek letter in braces", pattern: new RegExp(`\\{\\\\(${greekNames})\\}`, "g"), replace: (_m, name: string) => GREEK[name]! },
  { name: "symbol command", pattern: new RegExp(`\\\\(${symbolNames})(?![A-Za-z])`, "g"), replace: (_m, name: string) => SYMBOLS[name]! },
  // `Intel^circledR` and `Core^{tiny TM}`: \textsuperscript{\circledR} and {\tiny TM} after losing backslashes.
  { name: "registered sign", pattern: /\^\{?\\?circledR\}?/g, replace: "®" },
  { name: "trade mark sign", pattern: /\^\{\\?tiny ?TM\}/g, replace: "™" },
  // `230times speedup`, `2.44times faster`: `\times` lost its backslash and its space.
  { name: "times sign after a number", pattern: /(\d)times(?![A-Za-z])/g, replace: "$1×" },
  // `by sim3x`: `\sim` lost its backslash before a number.
  { name: "approximately before a number", pattern: /(^|[\s(])sim(?=\d)/g, replace: "$1~" },
  // TeX dashes, between words or numbers (`1--3%` → `1–3%`, `accuracy---complexity`) or spaced
  // (`IO-aware -- accounting`); `--date` after a space is a command-line flag and stays.
  { name: "em dash", pattern: /(?<=[\p{L}\p{N})])---(?=[\p{L}\p{N}(])|(?<=\s)---(?=\s)/gu, replace: "—" },
  { name: "en dash", pattern: /(?<=[\p{L}\p{N})])--(?=[\p{L}\p{N}(])|(?<=\s)--(?=\s)/gu, replace: "–" },
];

/** Makes LaTeX leftovers readable; URLs and formulas are left untouched so links keep working and math typesets. */
export function cleanLatex(text: string): string {
  // Split out URLs first: `--` or `\_` inside a link are part of the address.
  const parts = text.split(/(https?:\/\/\S+)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = "";
      let at = 0;
      for (const [start, end] of formulaSpans(part)) {
        out += cleanProse(part.slice(at, start)) + part.slice(start, end);
        at = end;
      }
      return out + cleanProse(part.slice(at));
    })
    .join("");
}

function cleanProse(text: string): string {
  let out = text;
  for (const rule of LATEX_RULES) out = out.replace(rule.pattern, rule.replace as (m: string, ...g: string[]) => string);
  return out;
}
