/**
 * Taking a new shelfmark version into a list made from it (a template copy, a fork or a clone): which of
 * shelfmark's files to take, which to remove, and which the user changed. Pure: the command reads the
 * trees from git and carries the plan out.
 *
 * No merge: a copy made with GitHub's "Use this template" shares no history with shelfmark, so a merge
 * would bring back every paper the user removed. Instead a file is shelfmark's when shelfmark's history
 * has ever held that path with exactly that content; anything else is the user's and is never touched.
 */

/** Paths that belong to the user whatever shelfmark's history holds: the list, its settings and taxonomy. */
export const USER_PATHS = ["content/"];

export function isUserPath(file: string): boolean {
  return USER_PATHS.some((p) => file === p.replace(/\/$/, "") || file.startsWith(p));
}

/** A tree as path → blob id. */
export type Tree = ReadonlyMap<string, string>;

export interface UpdateInput {
  /** The user's committed files (HEAD). */
  local: Tree;
  /** shelfmark's files at the version being taken. */
  upstream: Tree;
  /** Every (path, blob) shelfmark's history has held, as `${path}\0${blob}`. */
  history: ReadonlySet<string>;
}

export interface UpdatePlan {
  /** Files written with shelfmark's new content: changed upstream, or new. */
  take: string[];
  added: string[];
  /** shelfmark's files that shelfmark has since removed. */
  remove: string[];
  /** shelfmark's files the user edited, which the update would overwrite or remove: the update stops. */
  edited: string[];
  /** Unchanged files, counted for the summary. */
  unchanged: number;
}

const seen = (history: ReadonlySet<string>, file: string, blob: string) => history.has(`${file}\0${blob}`);

export function planUpdate({ local, upstream, history }: UpdateInput): UpdatePlan {
  const plan: UpdatePlan = { take: [], added: [], remove: [], edited: [], unchanged: 0 };
  for (const [file, blob] of upstream) {
    if (isUserPath(file)) continue;
    const mine = local.get(file);
    if (mine === undefined) plan.added.push(file);
    else if (mine === blob) plan.unchanged++;
    else if (seen(history, file, mine)) plan.take.push(file);
    else plan.edited.push(file);
  }
  for (const [file, blob] of local) {
    if (isUserPath(file) || upstream.has(file)) continue;
    // shelfmark once shipped this very file and no longer does; a file of the user's own is left alone.
    if (seen(history, file, blob)) plan.remove.push(file);
    else if (history.has(`${file}\0*`)) plan.edited.push(file);
  }
  for (const list of [plan.take, plan.added, plan.remove, plan.edited]) list.sort();
  return plan;
}
