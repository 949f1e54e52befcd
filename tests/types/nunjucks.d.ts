// Nunjucks ships no types: the little of it the tests use (an environment and a template, as Eleventy makes them).
declare module "nunjucks" {
  export class FileSystemLoader {
    constructor(searchPaths: string | string[]);
  }
  export class Environment {
    constructor(loader: FileSystemLoader);
  }
  export class Template {
    constructor(src: string, env: unknown, path: string, eagerCompile?: boolean);
    render(data: object, cb: (error: Error | null, result?: string) => void): void;
  }
  const nunjucks: { Environment: typeof Environment; FileSystemLoader: typeof FileSystemLoader; Template: typeof Template };
  export default nunjucks;
}
