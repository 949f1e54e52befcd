import type { EleventyConfig } from "../eleventy-types.ts";
import { STATUS_LABELS } from "../util/format.ts";
import type { Library, ListedPaper } from "../papers/library.ts";
import { paginate, type ListPage } from "./paginate.ts";
import type { WithContext } from "../context.ts";
import { STATUSES, type Status } from "../papers/schema.ts";
import { addPagesAside } from "../site/aside.ts";
import { prefixedLinks } from "../site/path-prefix.ts";

/** One reading status as the home page, the footer and the status pages show it. */
export interface StatusSummary {
  status: Status;
  label: string;
  /** `/status/to-read/` */
  url: string;
  count: number;
}

/** One page of a status list: what `pager.njk` expects, plus the status. */
export interface StatusPage extends ListPage<ListedPaper> {
  status: StatusSummary;
}

export const STATUS_BASE_URL = "/status/";

export function statusUrl(status: Status): string {
  return `${STATUS_BASE_URL}${status}/`;
}

/** Every status in the schema's order (to read, reading, read), with its count, even when it is zero. */
export function statusSummaries(byStatus: Library["byStatus"]): StatusSummary[] {
  return STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], url: statusUrl(status), count: byStatus[status].length }));
}

/** Every page of every status list, newest added first; an empty status still gets its (empty) page. */
export function statusPages(byStatus: Library["byStatus"], perPage: number): StatusPage[] {
  return statusSummaries(byStatus).flatMap((summary) => paginate(byStatus[summary.status], perPage, summary.url).map((page) => ({ ...page, status: summary })));
}

/** `/status/to-read/`, `/status/reading/`, `/status/read/` (paginated), and `statusSummary` for every page. */
export function statusPlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  const library = () => ctx.library();

  eleventyConfig.addGlobalData("statusSummary", async () => statusSummaries((await library()).byStatus));
  eleventyConfig.addGlobalData("statusPages", async () => statusPages((await library()).byStatus, ctx.settings().perPage));

  // Written by shelfmark's own step (src/site/aside.ts), as the other lists.
  addPagesAside<{ statusPages: StatusPage[] }>(eleventyConfig, ctx, {
    plugin: "status",
    template: "shelfmark/status.njk",
    layout: "layouts/status.njk",
    // Lists write their links with the path prefix (src/site/path-prefix.ts): the transform skips their pages.
    data: prefixedLinks(ctx, "shelfmark/status.njk"),
    noun: "status page",
    *pages({ statusPages }) {
      for (const listPage of statusPages) {
        const { status, number } = listPage;
        yield {
          url: listPage.url,
          data: {
            listPage,
            pageTitle: `${status.label}${number > 1 ? ` (page ${number})` : ""}`,
            pageDescription: `Papers with the reading status “${status.label}”.`,
          },
        };
      }
    },
  });
}
