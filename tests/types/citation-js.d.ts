// citation.js ships no types: the little of it the tests use (CSL-JSON in, a formatted bibliography out).
declare module "@citation-js/core" {
  export class Cite {
    constructor(data: unknown);
    format(format: "bibliography", options: { format: "text" | "html"; template: string; lang: string }): string;
  }
  export const plugins: {
    input: {
      type(data: unknown): string;
      util: { clean<T>(data: T, bestGuessConversions?: boolean): T };
    };
  };
}
declare module "@citation-js/plugin-csl";
