// Escaping text for HTML. There are two escapers on purpose, and the published pages depend on each one's output
// byte for byte, so neither may take the other's place:
// - escapeHtml escapes the four characters that matter in text and double-quoted attributes. The feeds' HTML
//   content and the search records are written with it.
// - escapeLikeNunjucks escapes what Nunjucks' autoescape escapes (`'` and `\` too), so that text shelfmark escapes
//   itself for a template (src/runtime/latin1.ts latin1Html) reads the same as text the template escaped.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** `&`, `<`, `>` and `"` as character references: text for an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => HTML_ESCAPES[ch]!);
}

const NUNJUCKS_ESCAPES: Record<string, string> = { "&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;", "\\": "&#92;" };

/** As Nunjucks' autoescape writes text: `&`, `"`, `'`, `<`, `>` and `\` as character references. */
export function escapeLikeNunjucks(text: string): string {
  return text.replace(/[&"'<>\\]/g, (c) => NUNJUCKS_ESCAPES[c]!);
}
