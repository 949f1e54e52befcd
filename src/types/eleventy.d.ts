// Eleventy 3 ships no TypeScript types; shelfmark uses only these exports.
declare module "@11ty/eleventy" {
  export const HtmlBasePlugin: (eleventyConfig: any, options?: Record<string, unknown>) => void;
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: Record<string, unknown>);
    write(): Promise<unknown>;
  }
}
