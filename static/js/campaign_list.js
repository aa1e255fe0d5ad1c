// The list beside the campaign map: the contributions in the map's view that the
// filters choose, read from the API after each move and each change of a filter.
// It is also the map's text alternative. Residents' text is set with textContent only.
import { fetchJSON, fillText, readPageData } from "./shared.js";

const list = document.getElementById("contribution-list");
const count = document.getElementById("list-count");
const filters = document.getElementById("list-filters");
const plural = new Intl.PluralRules(document.documentElement.lang);
const PAGE_SIZE = 100;
let map = null;
let showOnMap = null;
let timer = null;
let pending = null;

// What the page's language calls each category and status (the API answers values).
const labels = readPageData("campaign-data").labels;

// A contribution's first photo, small, beside its title in the list.
function thumbnail(photo) {
  const image = document.createElement("img");
  image.className = "contribution-thumbnail";
  image.src = photo.thumbnail_url;
  image.alt = photo.alt_text;
  image.loading = "lazy";
  return image;
}

function item(feature) {
  const p = feature.properties;
  const entry = document.createElement("li");
  entry.className = "contribution-item";
  entry.dataset.id = feature.id;
  const title = document.createElement("a");
  title.className = "contribution-title";
  title.href = list.dataset.detailUrl.replace("/0/", "/" + feature.id + "/");
  title.textContent = p.title;
  const meta = document.createElement("span");
  meta.className = "contribution-meta";
  meta.textContent = [
    labels.category[p.category] || p.category,
    labels.status[p.status] || p.status,
    counted(list, "supports", p.votes_for),
    counted(list, "comments", p.comment_count),
  ].join(" · ");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "show-on-map link";
  button.textContent = list.dataset.showLabel;
  button.addEventListener("click", function () {
    showOnMap("annotation-" + feature.id, feature);
    map.getContainer().scrollIntoView({ block: "nearest" });
  });
  entry.append(title, meta, button);
  if (p.photos && p.photos.length) entry.prepend(thumbnail(p.photos[0]));
  return entry;
}

function query() {
  const params = new URLSearchParams(new FormData(filters));
  [...params.keys()].forEach(function (name) { if (!params.get(name)) params.delete(name); });
  return params;
}

// "3 contributions" in the page's language: `element` carries the text for each
// plural form in data attributes (data-one, data-other, or data-<name>-one, …).
function counted(element, name, number) {
  const key = function (form) { return name ? name + form[0].toUpperCase() + form.slice(1) : form; };
  const text = element.dataset[key(plural.select(number))] || element.dataset[key("other")];
  return fillText(text, { count: number });
}

// Past the server's limit, a long list's count says "more than".
function announce(total, exact) {
  count.textContent = exact === false
    ? fillText(count.dataset.about, { count: total.toLocaleString(document.documentElement.lang) })
    : counted(count, "", total);
}

function refresh() {
  if (pending) pending.abort();
  pending = new AbortController();
  const params = query();
  params.set("campaign", list.dataset.campaign);
  params.set("bbox", map.getBounds().toBBoxString());
  params.set("page_size", PAGE_SIZE);
  list.setAttribute("aria-busy", "true");
  fetchJSON(list.dataset.api + "?" + params, { signal: pending.signal })
    .then(function (page) {
      const items = page.features.map(item);
      if (!items.length) {
        const empty = document.createElement("li");
        empty.className = "empty";
        empty.textContent = list.dataset.empty;
        items.push(empty);
      }
      list.replaceChildren(...items);
      announce(page.count, page.count_is_exact);
      list.setAttribute("aria-busy", "false");
    })
    .catch(function (error) {
      if (error.name === "AbortError") return;
      count.textContent = count.dataset.loadingError;
      list.setAttribute("aria-busy", "false");
    });
}

function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 300);
}

// The map shows the contributions the filters choose, as the list does: its tiles
// take the same filters.
function filterMap(filterContributions) {
  const params = query();
  params.delete("ordering");
  filterContributions(params);
}

// The filters stay in the address, so a filtered list can be shared and reloaded.
function remember() {
  const params = query();
  const focus = new URLSearchParams(window.location.search).get("annotation");
  if (focus) params.set("annotation", focus);
  const search = params.toString();
  history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
}

document.addEventListener("geoconsult:campaign-map", function (event) {
  map = event.detail.map;
  showOnMap = event.detail.show;
  filters.querySelector(".filter-submit").hidden = true;
  const filterContributions = event.detail.filterContributions;
  if (filters.elements.category.value || filters.elements.status.value) filterMap(filterContributions);
  filters.addEventListener("change", function () {
    remember();
    filterMap(filterContributions);
    refreshSoon();
  });
  filters.addEventListener("submit", function (submit) {
    submit.preventDefault();
    remember();
    filterMap(filterContributions);
    refresh();
  });
  map.on("moveend", refreshSoon);
  refresh();
});
