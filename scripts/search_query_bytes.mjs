// How much of a Pagefind index a search downloads, as the default theme's search page uses
// it: `node scripts/search_query_bytes.mjs SITE_URL WORD...`. Counts the bytes of every file
// Pagefind's JavaScript fetches: once to start (its WebAssembly, the entry and metadata
// files), then for each word (the index chunks it needs, and the fragments of the results
// the default theme's search page shows first: its `PAGE`). Then each word typed letter by
// letter into a fresh page, as the search page searches while one types: from its
// `MIN_TYPED`-th letter, and, to compare, from the first. Prints one Markdown table row per
// line. `--merge URL` (repeatable) merges another index into the first, with Pagefind's
// `mergeIndex`, as a page would search shards made by `examples/search_shards.rs`.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const merged = [];
for (let i = args.indexOf("--merge"); i !== -1; i = args.indexOf("--merge")) {
  merged.push(args[i + 1]);
  args.splice(i, 2);
}
const [site, ...words] = args;
const theme = new URL("../themes/default/static/search.js", import.meta.url);
const script = await fs.readFile(theme, "utf8");
const shown = Number(script.match(/const PAGE = (\d+);/)[1]);
const minTyped = Number(script.match(/const MIN_TYPED = (\d+);/)[1]);
const bundle = new URL("pagefind/", site.endsWith("/") ? site : `${site}/`).href;
let bytes = 0;
let files = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await realFetch(...args);
  const body = await response.arrayBuffer();
  bytes += body.byteLength;
  files += 1;
  return new Response(body, { status: response.status, headers: response.headers });
};
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pagefind-bytes-"));
const source = await (await realFetch(`${bundle}pagefind.js`)).text();
let instances = 0;
// A Pagefind that has fetched nothing yet: a module of its own, so no chunk is shared.
async function fresh() {
  const file = path.join(dir, `pagefind-${instances++}.mjs`);
  await fs.writeFile(file, source);
  const pagefind = await import(pathToFileURL(file).href);
  await pagefind.options({ basePath: bundle });
  await pagefind.init();
  for (const other of merged) await pagefind.mergeIndex(other);
  await pagefind.search("");
  return pagefind;
}
async function searchShown(pagefind, query) {
  const found = await pagefind.search(query);
  await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
  return found;
}
const kb = (n) => (n / 1024).toFixed(1);
try {
  const pagefind = await fresh();
  console.log(`| start (wasm, entry, metadata) | ${files} files | ${kb(bytes)} KB |`);
  for (const word of words) {
    bytes = 0;
    files = 0;
    const found = await searchShown(pagefind, word);
    console.log(`| « ${word} » (${found.results.length} results, ${shown} shown) | ${files} files | ${kb(bytes)} KB |`);
  }
  for (const from of [minTyped, 1]) {
    for (const word of words) {
      const typing = await fresh();
      bytes = 0;
      files = 0;
      const letters = [...word];
      for (let n = from; n <= letters.length; n++) await searchShown(typing, letters.slice(0, n).join(""));
      const how = from === minTyped ? "as the search page does" : "if it searched from the first letter";
      console.log(`| « ${word} » typed from letter ${from} (${how}) | ${files} files | ${kb(bytes)} KB |`);
    }
  }
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
