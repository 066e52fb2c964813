// Reads a built site's Pagefind index back with Pagefind's own JavaScript API, as a browser
// would: `node pagefind-query.mjs PUBLIC_DIR SERVER_URL QUERIES_JSON`. The module is loaded
// from the built folder; its index files are fetched from the site served at SERVER_URL
// (Node's fetch does not read file: URLs). QUERIES_JSON is a list of
// `{"term": "…" or null, "filters": {…}}`; the answer, on stdout, is one list per query of
// `{url, title, date, image, excerpt}` (the URL reduced to its path).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, server, queries] = process.argv.slice(2);
const pagefind = await import(pathToFileURL(path.join(dir, "pagefind", "pagefind.js")).href);
await pagefind.options({ basePath: `${server}/pagefind/` });
await pagefind.init();
const answers = [];
for (const { term, filters } of JSON.parse(queries)) {
  const found = await pagefind.search(term, { filters: filters || {} });
  const datas = await Promise.all(found.results.map((r) => r.data()));
  answers.push(
    datas.map((d) => ({
      url: new URL(d.url, server).pathname,
      title: d.meta.title,
      date: d.meta.date || null,
      image: d.meta.image || null,
      excerpt: d.excerpt,
    })),
  );
}
console.log(JSON.stringify(answers));
