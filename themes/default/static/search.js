// Search in the browser with Pagefind, from the indexes built with this audience's own pages.
// The page's language is searched first; "all languages" merges every other language's
// bundle and lists their results after. Results are plain links: title, meeting, kind,
// version, and Pagefind's excerpt with only its <mark> highlighting kept.
const results = document.getElementById("search-results");
const status = document.getElementById("search-status");
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const all = document.getElementById("search-all");
const lang = document.documentElement.lang.toLowerCase();
const names = JSON.parse(results.dataset.languageNames);
const bundle = results.dataset.bundle;

const params = new URLSearchParams(location.search);
input.value = params.get("q") || "";
all.checked = params.get("all") === "1";

let pagefind = null;
let merged = false;

// One bundle per language (pagefind/<lang>/); `names` lists the languages that have one.
async function engine() {
  const languages = Object.keys(names);
  const own = languages.includes(lang) ? lang : languages[0];
  if (!own) return null;
  if (!pagefind) {
    pagefind = await import(`${bundle}${own}/pagefind.js`);
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
  }
  if (all.checked && !merged) {
    for (const other of languages) {
      if (other !== own) await pagefind.mergeIndex(`${bundle}${other}/`, { language: other });
    }
    merged = true;
  }
  return pagefind;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

// Pagefind's excerpt is HTML; keep its text and its <mark> elements, nothing else.
function excerpt(html) {
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  const out = document.createElement("p");
  out.className = "search-excerpt";
  for (const node of parsed.content.childNodes) {
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

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const itemLang = data.meta.lang || lang;
  if (itemLang !== lang) {
    link.lang = itemLang;
    link.hreflang = itemLang;
  }
  const heading = document.createElement("h2");
  heading.append(link);
  li.append(heading);
  const facts = [data.meta.meeting, data.meta.kind, data.meta.version].filter(Boolean);
  if (itemLang !== lang && names[itemLang]) facts.push(names[itemLang]);
  if (facts.length) {
    const p = document.createElement("p");
    p.className = "search-facts";
    p.textContent = facts.join(" · ");
    li.append(p);
  }
  const text = excerpt(data.excerpt || "");
  if (itemLang !== lang) text.lang = itemLang;
  li.append(text);
  return li;
}

let latest = 0;
async function run() {
  const query = input.value.trim();
  const ticket = ++latest;
  results.replaceChildren();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = results.dataset.searching;
  const search = await engine();
  const found = search ? await search.search(query) : { results: [] };
  const data = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
  if (ticket !== latest) return; // a newer search has started
  // The page's language first, each language in Pagefind's order of relevance.
  const own = data.filter((d) => (d.meta.lang || lang) === lang);
  const others = data.filter((d) => (d.meta.lang || lang) !== lang);
  results.replaceChildren(...own.concat(others).map(item));
  status.textContent = data.length
    ? fill(results.dataset.count, { query, count: found.results.length })
    : fill(results.dataset.noResults, { query });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  if (all.checked) url.searchParams.set("all", "1");
  else url.searchParams.delete("all");
  history.replaceState(null, "", url);
  run();
});
all.addEventListener("change", () => form.requestSubmit());
run();
