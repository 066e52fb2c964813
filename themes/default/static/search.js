// The default theme's search page: the query from `?q=` or the field → Pagefind's own
// JavaScript API (pagefind/pagefind.js, written by the build) → result cards.
// Results are cards like the lists' (title, date, excerpt with the words marked, cover);
// the status line (role="status") tells screen readers how many were found; the field keeps
// the focus while typing, so the results never steal it.

const root = document.querySelector("[data-search-page]");
const form = root.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const PAGE = 10;

let pagefind = null;
let latest = 0;

async function load() {
  if (!pagefind) {
    pagefind = await import(`${root.dataset.bundle}pagefind.js`);
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
  }
  return pagefind;
}

function say(template, q, n) {
  status.textContent = template.replace("{q}", q).replace("{n}", n.toLocaleString(document.documentElement.lang));
}

// Pagefind's excerpt is HTML with <mark> around the words found; only the text and the marks
// are kept, so that nothing else of it can reach the page.
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function card(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  const article = document.createElement("article");
  article.className = "card search-card" + (meta.image ? " card--has-cover" : "");
  if (meta.image) {
    const media = document.createElement("div");
    media.className = "card__media";
    const img = document.createElement("img");
    img.src = meta.image;
    img.alt = meta.image_alt || "";
    img.loading = "lazy";
    img.decoding = "async";
    media.append(img);
    article.append(media);
  } else {
    const band = document.createElement("div");
    band.className = "card__band";
    article.append(band);
  }
  const body = document.createElement("div");
  body.className = "card__body";
  const title = document.createElement("h2");
  title.className = "card__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  title.append(link);
  body.append(title);
  if (meta.date) {
    const p = document.createElement("p");
    p.className = "meta";
    const time = document.createElement("time");
    time.dateTime = meta.datetime || "";
    time.textContent = meta.date;
    p.append(time);
    body.append(p);
  }
  const summary = document.createElement("p");
  summary.className = "card__summary";
  summary.append(excerpt(data.excerpt || ""));
  body.append(summary);
  article.append(body);
  li.append(article);
  return li;
}

async function show(results, from, q, run) {
  const datas = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
  if (run !== latest) return;
  list.append(...datas.map(card));
  root.querySelector(".search-more")?.remove();
  if (from + PAGE < results.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "button search-more";
    more.textContent = root.dataset.tMore;
    more.addEventListener("click", async () => {
      // The first new result takes the focus, so a keyboard user carries on from there.
      const first = list.children.length;
      await show(results, from + PAGE, q, run);
      list.children[first]?.querySelector("a")?.focus();
    });
    list.after(more);
  }
}

async function search(q) {
  const run = ++latest;
  const query = q.trim();
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    list.replaceChildren();
    root.querySelector(".search-more")?.remove();
    status.textContent = "";
    return;
  }
  status.textContent = root.dataset.tLoading;
  let found;
  try {
    found = await (await load()).search(query);
  } catch {
    status.textContent = root.dataset.tUnavailable;
    return;
  }
  if (run !== latest) return;
  list.replaceChildren();
  root.querySelector(".search-more")?.remove();
  const n = found.results.length;
  const template = n === 0 ? root.dataset.tNone : n === 1 ? root.dataset.tOne : root.dataset.tMany;
  await show(found.results, 0, query, run);
  if (run === latest) say(template, query, n);
}

// Searching as one types waits for three letters: Pagefind reads the last word as the start
// of a word, and one or two letters make it fetch every part of the index they begin (on
// 10,000 articles, typing « formation » fetched 155 KB from the first letter, 52 KB from the
// third: docs/benchmarks.md). Enter, the button and `?q=` search any query.
const MIN_TYPED = 3;

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  const query = input.value.trim();
  if (query && [...query].length < MIN_TYPED) {
    latest++; // a search still under way shows nothing
    list.replaceChildren();
    root.querySelector(".search-more")?.remove();
    // Set once, so that a screen reader says it once.
    if (status.textContent !== root.dataset.tShort) status.textContent = root.dataset.tShort;
    return;
  }
  timer = setTimeout(() => search(input.value), 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search(input.value);
});

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial) search(initial);
else input.focus();
