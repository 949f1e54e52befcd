// The search page: runs Pagefind's index in the browser (no server, no other origin). The state of a search
// lives in the URL (?q=kv+cache&tag=attention&status=read&year=2026&code=yes&sort=added), so a search can
// be bookmarked and shared; the form's own fields are that state, serialised with FormData.

const FILTERS = ["tag", "status", "year", "code"];
// Within a group: a paper has all the chosen tags, but any one of the chosen statuses or years.
const MATCH = { tag: "all", status: "any", year: "any", code: "any" };
const PAGE_SIZE = 20;
const TYPING_DELAY_MS = 150;

const root = document.getElementById("search");
if (root) start(root);

async function start(root) {
  const form = /** @type {HTMLFormElement} */ (document.getElementById("search-form"));
  const input = /** @type {HTMLInputElement} */ (document.getElementById("search-q"));
  const sort = /** @type {HTMLSelectElement} */ (document.getElementById("search-sort"));
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const statusLabels = labelsOf(form, "status");
  root.hidden = false;
  readState(new URLSearchParams(location.search));
  // On a phone the filters would push the results off screen: fold them unless the address uses some.
  const panel = /** @type {HTMLDetailsElement} */ (document.getElementById("search-filters"));
  if (matchMedia("(max-width: 40rem)").matches && !FILTERS.some((name) => chosen(name).length)) panel.open = false;

  let pagefind;
  try {
    pagefind = await loadIndex(root.dataset);
  } catch (error) {
    status.textContent = "Search could not load its index. If you opened the site from a file, serve it over http instead.";
    console.error("[shelfmark:search]", error);
    return;
  }

  let latest = 0; // only the newest search may draw
  let results = [];
  let shown = 0;
  let timer;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, TYPING_DELAY_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) run();
  });
  more.addEventListener("click", () => showMore(latest));
  run();

  function readState(params) {
    input.value = params.get("q") ?? "";
    for (const name of FILTERS) {
      // Shared links may differ in case (tag=LLM for the tag "llm").
      const wanted = new Set(params.getAll(name).map((v) => v.toLowerCase()));
      for (const box of boxes(name)) box.checked = wanted.has(box.value.toLowerCase());
    }
    sort.value = params.get("sort") === "added" ? "added" : "";
  }

  function writeState() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const text = typeof value === "string" ? value.trim() : "";
      if (text) params.append(name, text);
    }
    const query = params.toString();
    history.replaceState(history.state, "", query ? `?${query}` : location.pathname);
  }

  function chosen(name) {
    return boxes(name).filter((b) => b.checked).map((b) => b.value);
  }

  /**
   * Pagefind counts values only for the filters it is given, so every group is passed; `{ none: [] }` keeps
   * all papers. `except` leaves one group unfiltered, to count what choosing another of its values would add.
   */
  function pagefindFilters(except) {
    const filters = {};
    for (const name of FILTERS) {
      const values = name === except ? [] : chosen(name);
      filters[name] = values.length ? { [MATCH[name]]: values } : { none: [] };
    }
    return filters;
  }

  async function run() {
    const id = ++latest;
    writeState();
    const term = input.value.trim();
    const active = FILTERS.filter((name) => chosen(name).length > 0);
    if (!term && active.length === 0) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      showCounts(null);
      return;
    }
    // Without words there is no relevance to order by: newest first.
    const byDate = sort.value === "added" || !term;
    const search = await pagefind.search(term || null, { filters: pagefindFilters(), sort: byDate ? { added: "desc" } : {} });
    // In an "any" group, a value's count is what choosing it would add: count without the group's own filter.
    const counts = { ...search.filters };
    for (const name of active.filter((n) => MATCH[n] === "any")) {
      counts[name] = (await pagefind.search(term || null, { filters: pagefindFilters(name) })).filters[name];
    }
    if (id !== latest) return;
    results = search.results;
    shown = 0;
    showCounts(counts);
    await showMore(id, true);
    if (id !== latest) return;
    // The count is announced (role=status) once the results it describes are on the page.
    const count = results.length;
    const what = term ? ` for “${term}”` : "";
    const narrowed = active.length ? " with these filters" : "";
    status.textContent = count === 0 ? `No papers found${what}${narrowed}.` : `${count} paper${count === 1 ? "" : "s"} found${what}${narrowed}.`;
  }

  /** Draws the next results; a new search swaps the whole list at once, so old and new never mix. */
  async function showMore(id, replace = false) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const pages = await Promise.all(batch.map((r) => r.data()));
    if (id !== latest) return;
    if (replace) list.replaceChildren(...pages.map(resultItem));
    else list.append(...pages.map(resultItem));
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  /** Counts next to each filter value; before any search, the totals the build wrote into the page. */
  function showCounts(counts) {
    for (const name of FILTERS) {
      for (const box of boxes(name)) {
        const label = box.closest("label");
        const badge = label.querySelector(".search-count");
        const group = counts?.[name];
        const n = group ? (group[box.value] ?? 0) : Number(badge.dataset.total);
        badge.textContent = `(${n})`;
        label.classList.toggle("search-option-empty", n === 0 && !box.checked);
      }
    }
  }

  function resultItem(page) {
    const item = el("li", "paper-item search-result");
    const heading = el("h2", "paper-item-title");
    const link = el("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    heading.append(link);
    item.append(heading);

    const meta = el("p", "paper-item-meta");
    const state = page.meta.status;
    if (statusLabels.has(state)) {
      const badge = el("span", `status status-${state}`);
      badge.textContent = statusLabels.get(state);
      meta.append(badge);
    }
    if (page.meta.added) {
      const added = el("span");
      const time = el("time");
      time.dateTime = page.meta.added;
      time.textContent = readableDate(page.meta.added);
      added.append("added ", time);
      meta.append(added);
    }
    item.append(meta);

    const excerpt = el("p", "paper-item-excerpt");
    excerpt.append(...excerptNodes(page.excerpt));
    item.append(excerpt);

    const tags = page.filters?.tag ?? [];
    if (tags.length) {
      const tagList = el("ul", "tag-list");
      tagList.setAttribute("aria-label", "Tags");
      for (const name of tags) {
        const chip = el("li");
        const span = el("span", "tag");
        span.textContent = name;
        chip.append(span);
        tagList.append(chip);
      }
      item.append(tagList);
    }
    return item;
  }

  function boxes(name) {
    return [...form.querySelectorAll(`input[type="checkbox"][name="${name}"]`)];
  }
}

/**
 * A long list is indexed in parts (src/search.ts splitIntoParts): `bundle/` holds the first part and Pagefind's
 * scripts, `bundle/part-2/`... the others. One Pagefind instance per part, searched together: results by
 * score, or, sorted by date, part after part (parts follow the list, newest first); counts added up.
 */
async function loadIndex({ bundle, parts, baseUrl, ranking }) {
  const module = await import(bundle + "pagefind.js");
  const instances = [];
  for (let n = 1; n <= Math.max(1, Number(parts) || 1); n++) {
    const instance = module.createInstance({ basePath: n === 1 ? bundle : `${bundle}part-${n}/` });
    await instance.options({ baseUrl, excerptLength: 24, ranking: JSON.parse(ranking || "{}") });
    instances.push(instance);
  }
  await Promise.all(instances.map((instance) => instance.init()));
  return {
    async search(term, options) {
      let found = await Promise.all(instances.map((instance) => instance.search(term, options)));
      // Pagefind drops a word its index has never seen, so a part without "speech" would answer
      // "speech memory" with every paper on memory. One index knows the word if any part does: a part that
      // lacks a word known elsewhere has no paper with all the words.
      const words = (term ?? "").replace(/"/g, " ").split(/\s+/).filter(Boolean);
      if (instances.length > 1 && words.length > 1) {
        const known = await Promise.all(instances.map((instance) => Promise.all(words.map(async (word) => (await instance.search(word)).results.length > 0))));
        const anywhere = words.map((_, w) => known.some((part) => part[w]));
        found = found.map((f, p) => (anywhere.every((inList, w) => !inList || known[p][w]) ? f : { results: [], filters: {} }));
      }
      const results = found.flatMap((f) => f.results);
      if (!Object.keys(options.sort ?? {}).length) results.sort((a, b) => b.score - a.score);
      return { results, filters: addCounts(found.map((f) => f.filters)) };
    },
  };
}

/** `[{ tag: { a: 1 } }, { tag: { a: 2, b: 1 } }]` → `{ tag: { a: 3, b: 1 } }`. */
function addCounts(list) {
  const sum = {};
  for (const counts of list) {
    for (const [name, values] of Object.entries(counts ?? {})) {
      const group = (sum[name] ??= {});
      for (const [value, n] of Object.entries(values)) group[value] = (group[value] ?? 0) + n;
    }
  }
  return sum;
}

/** Value → visible label of one filter group, read from the page (the labels are rendered by the build). */
function labelsOf(form, name) {
  const labels = new Map();
  for (const box of form.querySelectorAll(`input[name="${name}"]`)) {
    labels.set(box.value, box.closest("label").querySelector(".search-option").textContent.trim());
  }
  return labels;
}

/**
 * Pagefind's excerpt is HTML: the page text, escaped, with <mark> around the matches. Only text and <mark>
 * are kept, parsed in an inert document, so nothing in a paper can become markup here.
 */
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html ?? ""}`, "text/html");
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? "");
  });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-03-14` → `14 Mar 2026`, as the paper pages write it (src/format.ts readableDate). */
function readableDate(iso) {
  const [y, m, d] = iso.split("-");
  if (!m) return y;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
