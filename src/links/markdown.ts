// Note links in markdown-it: `[[...]]` and `[@...]` become `note_link` tokens (src/links/syntax.ts says what they
// are), each is resolved once the block is parsed, and written as a link to the paper's page. Code spans and code
// blocks are markdown-it's own and never reach the rule; `\[` is markdown-it's escape, a bracket.
import type { MarkdownIt } from "markdown-it";
import { paperUrl } from "../util/urls.ts";
import type { LinkTarget, Resolution } from "./resolve.ts";
import { scanCitation, scanWikiLink, type CitationItem, type LinkRef } from "./syntax.ts";

/** Resolves what a note names (a LinkIndex, src/links/resolve.ts). */
export interface LinkResolver {
  resolve(ref: LinkRef, from?: string): Resolution;
}

/** A link of a note to a paper, for the "Mentioned in" lists. */
export interface FoundLink {
  /** Line within the notes, 1-based. */
  line: number;
  slug: string;
  /** The line that links, as plain text, shortened around the link. */
  context: string;
}

/** A link to no paper (or to a draft a production build leaves out). */
export interface LinkProblem {
  line: number;
  message: string;
  fix: string;
}

/** What a render of notes is given (the resolver) and tells (the links it found, the links to nothing). */
export interface LinksEnv {
  linkResolver?: LinkResolver;
  /** The slug of the paper whose notes these are: "did you mean" never suggests it. */
  from?: string;
  links?: FoundLink[];
  linkProblems?: LinkProblem[];
  /** HTML of a paper's title, formulas typeset: what a `[[slug]]` without text shows. */
  titleHtml?: (title: string) => string;
}

type LinkMeta = ({ kind: "wiki"; ref: LinkRef; text?: string } | { kind: "cite"; items: CitationItem[] }) & {
  /** Inside a link's text: written as text, since a link may not hold a link. */
  insideLink: boolean;
  /** Set once resolved, one per paper named. */
  resolutions?: Resolution[];
  /** The papers, undefined for a link to nothing. */
  targets?: (LinkTarget | undefined)[];
};

interface Token {
  type: string;
  content: string;
  markup: string;
  meta: unknown;
  map: [number, number] | null;
  children: Token[] | null;
}

/** Longest context shown under "Mentioned in", in characters. */
export const CONTEXT_LENGTH = 160;

export function noteLinksMarkdown(md: MarkdownIt): MarkdownIt {
  // Before markdown-it's own `link`, which would read `[[x]]` as brackets around a reference.
  md.inline.ruler.before("link", "shelfmark_note_link", (state, silent) => {
    const src = state.src;
    if (src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
    const wiki = scanWikiLink(src, state.pos, state.posMax);
    const cite = wiki ? undefined : scanCitation(src, state.pos, state.posMax);
    const found = wiki ?? cite;
    if (!found) return false;
    if (!silent) {
      const token = state.push("note_link", "", 0);
      token.markup = found.source;
      const meta: LinkMeta = wiki ? { kind: "wiki", ref: wiki.ref, text: wiki.text, insideLink: state.linkLevel > 0 } : { kind: "cite", items: cite!.items, insideLink: state.linkLevel > 0 };
      token.meta = meta;
    }
    state.pos = found.end;
    return true;
  });

  // Resolved after the inline pass (and linkify), so each link knows its line and the text of that line.
  md.core.ruler.push("shelfmark_note_links", (state) => {
    const env = state.env as LinksEnv;
    let lastMap: [number, number] | null = null;
    for (const block of state.tokens as Token[]) {
      if (block.map) lastMap = block.map;
      if (block.type !== "inline" || !block.children?.some((c) => c.type === "note_link")) continue;
      const first = (block.map ?? lastMap ?? [0, 0])[0] + 1;
      for (const child of block.children) if (child.type === "note_link") resolveToken(child.meta as LinkMeta, env);
      const { lines, at } = plainLines(block.children);
      for (const [child, place] of at) {
        const meta = child.meta as LinkMeta;
        const line = first + place.line;
        for (const resolution of meta.resolutions ?? []) {
          if (resolution.ok) (env.links ??= []).push({ line, slug: resolution.target.slug, context: shorten(lines[place.line]!, place.column, CONTEXT_LENGTH) });
          else (env.linkProblems ??= []).push({ line, message: resolution.message, fix: resolution.fix });
        }
      }
    }
  });

  md.renderer.rules.note_link = (tokens, idx, _options, rawEnv) => {
    const env = rawEnv as LinksEnv | undefined;
    const token = tokens[idx]! as unknown as Token;
    const meta = token.meta as LinkMeta;
    const escape = md.utils.escapeHtml;
    // A link to nothing stops the build; until then (and without a list to resolve against) it reads as written.
    if (!meta.targets || meta.targets.some((t) => !t)) return escape(token.markup);
    const targets = meta.targets as LinkTarget[];
    if (meta.kind === "wiki") {
      const text = meta.text !== undefined ? escape(meta.text) : (env?.titleHtml ?? escape)(targets[0]!.title);
      return meta.insideLink ? text : `<a class="note-link" href="${escape(paperUrl(targets[0]!.slug))}">${text}</a>`;
    }
    const items = meta.items.map((item, i) => {
      const target = targets[i]!;
      const text = escape(target.authorYear + (item.locator ? `, ${item.locator}` : ""));
      return meta.insideLink ? text : `<a class="note-cite" href="${escape(paperUrl(target.slug))}" title="${escape(target.title)}">${text}</a>`;
    });
    return `(${items.join("; ")})`;
  };
  return md;
}

function resolveToken(meta: LinkMeta, env: LinksEnv): void {
  const resolver = env.linkResolver;
  if (!resolver) return; // no list to resolve against: the link stays as written
  const refs = meta.kind === "wiki" ? [meta.ref] : meta.items.map((i) => i.ref);
  meta.resolutions = refs.map((ref) => resolver.resolve(ref, env.from));
  meta.targets = meta.resolutions.map((r) => (r.ok ? r.target : undefined));
}

/** What a link reads as in plain text: its text, the paper's title, or the citation; as written when it names nothing. */
function linkText(token: Token): string {
  const meta = token.meta as LinkMeta;
  if (meta.targets?.some((t) => !t) ?? true) return token.markup;
  if (meta.kind === "wiki") return meta.text ?? meta.targets![0]!.title;
  return `(${meta.items.map((item, i) => meta.targets![i]!.authorYear + (item.locator ? `, ${item.locator}` : "")).join("; ")})`;
}

/**
 * The block's text as plain lines (what a reader sees, without markup: formulas as their TeX), and where each
 * note link starts: its line (0-based within the block) and column.
 */
function plainLines(children: Token[]): { lines: string[]; at: [Token, { line: number; column: number }][] } {
  const lines = [""];
  const at: [Token, { line: number; column: number }][] = [];
  for (const child of children) {
    switch (child.type) {
      case "softbreak":
      case "hardbreak":
        lines.push("");
        break;
      case "text":
      case "text_special":
      case "code_inline":
        lines[lines.length - 1] += child.content;
        break;
      case "math_inline":
      case "math_display":
        lines[lines.length - 1] += child.markup;
        break;
      case "image":
        lines[lines.length - 1] += child.content;
        break;
      case "note_link":
        at.push([child, { line: lines.length - 1, column: lines[lines.length - 1]!.length }]);
        lines[lines.length - 1] += linkText(child);
        break;
    }
  }
  return { lines, at };
}

/**
 * `text` with its whitespace collapsed, cut to at most `max` characters around `column` (where the link starts) at
 * word boundaries, with an ellipsis where it was cut: a third of the room before the link, unless the text ends
 * sooner.
 */
export function shorten(text: string, column: number, max: number): string {
  const before = text.slice(0, column).replace(/\s+/g, " ").trimStart();
  const whole = (before + text.slice(column).replace(/\s+/g, " ")).trimEnd();
  if (whole.length <= max) return whole;
  let start = Math.max(0, Math.min(before.length - Math.floor(max / 3), whole.length - (max - 1)));
  if (start > 0 && whole[start - 1] !== " ") {
    const space = whole.indexOf(" ", start);
    if (space >= 0 && space < before.length) start = space + 1;
  }
  const room = max - (start > 0 ? 1 : 0);
  let end = whole.length;
  if (start + room < whole.length) {
    end = start + room - 1; // room for the closing ellipsis
    const space = whole.lastIndexOf(" ", end);
    if (space > Math.max(start, before.length)) end = space;
  }
  return (start > 0 ? "…" : "") + whole.slice(start, end).trim() + (end < whole.length ? "…" : "");
}
