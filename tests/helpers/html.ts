import { parse, type DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** A parsed HTML document with the few queries the tests need (parse5: the HTML spec's own parser). */
export class Html {
  readonly root: Node;
  constructor(readonly source: string) {
    this.root = parse(source, { sourceCodeLocationInfo: false });
  }

  /** All elements with the tag name, optionally filtered. */
  all(tag: string, where: (el: Element) => boolean = () => true): Element[] {
    const found: Element[] = [];
    const walk = (node: Node) => {
      if ("tagName" in node && node.tagName === tag && where(node)) found.push(node);
      const children = "childNodes" in node ? node.childNodes : [];
      for (const child of children) walk(child);
      if ("content" in node && node.content) walk(node.content as Node);
    };
    walk(this.root);
    return found;
  }

  /** Attribute values of every element that has it (`href`, `src`...). */
  attrs(name: string): string[] {
    return elements(this.root).flatMap((el) => el.attrs.filter((a) => a.name === name).map((a) => a.value));
  }
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function text(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return ("childNodes" in node ? node.childNodes : []).map(text).join("");
}

/** Every element in document order. */
export function elements(root: Node): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    if ("tagName" in node) out.push(node);
    for (const child of "childNodes" in node ? node.childNodes : []) walk(child);
  };
  walk(root);
  return out;
}

export function parseHtml(source: string): Html {
  return new Html(source);
}
