// Reads a site's Pagefind index back with Pagefind's own JavaScript API, as a browser would:
// `node pagefind-query.mjs SITE_URL QUERIES_JSON`, where SITE_URL serves the site (a static
// server over `public/`, or the preview). Node imports modules from files only: pagefind.js is
// fetched into a temporary folder and imported from there; the index files it asks for come
// from SITE_URL. QUERIES_JSON is a list of `{"term": "…" or null, "filters": {…}}`; the
// answer, on stdout, is one list per query of `{url, title, date, image, excerpt}` (the URL
// reduced to its path).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, queries] = process.argv.slice(2);
const bundle = new URL("pagefind/", site.endsWith("/") ? site : `${site}/`).href;
const response = await fetch(`${bundle}pagefind.js`);
if (!response.ok) throw new Error(`${bundle}pagefind.js: ${response.status}`);
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pagefind-query-"));
const file = path.join(dir, "pagefind.mjs");
await fs.writeFile(file, await response.text());
try {
  const pagefind = await import(pathToFileURL(file).href);
  await pagefind.options({ basePath: bundle });
  await pagefind.init();
  const answers = [];
  for (const { term, filters } of JSON.parse(queries)) {
    const found = await pagefind.search(term, { filters: filters || {} });
    const datas = await Promise.all(found.results.map((r) => r.data()));
    answers.push(
      datas.map((d) => ({
        url: new URL(d.url, site).pathname,
        title: d.meta.title,
        date: d.meta.date || null,
        image: d.meta.image || null,
        excerpt: d.excerpt,
      })),
    );
  }
  console.log(JSON.stringify(answers));
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
