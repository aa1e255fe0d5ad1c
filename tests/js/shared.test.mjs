// The front end's shared module, run by Node's own test runner: node --test tests/js/
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  CAMPAIGN_AREA_STYLE,
  CONTRIBUTION_STYLE,
  HIGHLIGHT_STYLE,
  PERIMETER_STYLE,
  RequestFailed,
  UNHIGHLIGHT_STYLE,
  escapeHtml,
  fetchJSON,
  fillSummary,
  fillText,
  formatDateRange,
  fragmentTarget,
  layerStyle,
  perimeterHolds,
  readPageData,
} from "../../static/js/shared.js";

describe("escapeHtml", () => {
  it("shows markup as written", () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="alert('x')">&`),
      "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;",
    );
  });

  it("leaves plain text alone", () => {
    assert.equal(escapeHtml("Plan local d’urbanisme © IGN"), "Plan local d’urbanisme © IGN");
  });
});

describe("fillText", () => {
  it("puts each value in its place", () => {
    const text = "On behalf of %(group)s, participants: %(people)s";
    assert.equal(fillText(text, { group: "Amicale du Parc", people: 12 }), "On behalf of Amicale du Parc, participants: 12");
  });

  it("keeps $& and $' in a resident's text as typed", () => {
    assert.equal(fillText("Feature: %(label)s.", { label: "Bench $& tree $' $$ $1" }), "Feature: Bench $& tree $' $$ $1.");
  });

  it("writes a count of zero", () => {
    assert.equal(fillText("%(count)s contributions", { count: 0 }), "0 contributions");
  });

  it("fills every place a name appears", () => {
    assert.equal(fillText("%(n)s of %(n)s", { n: 3 }), "3 of 3");
  });

  it("leaves a name without a value as written, so the mistake shows", () => {
    assert.equal(fillText("Support: %(for)s, opposition: %(against)s.", { for: 2 }), "Support: 2, opposition: %(against)s.");
    assert.equal(fillText("%(label)s", { label: null }), "%(label)s");
  });

  it("does not read a value as a placeholder", () => {
    assert.equal(fillText("%(a)s %(b)s", { a: "%(b)s", b: "x" }), "%(b)s x");
  });
});

describe("readPageData", () => {
  const page = {
    getElementById: (id) => (id === "campaign-data" ? { textContent: '{"labels": {"status": {"new": "Nouvelle"}}}' } : null),
  };

  it("reads the JSON a page carries", () => {
    assert.deepEqual(readPageData("campaign-data", page), { labels: { status: { new: "Nouvelle" } } });
  });

  it("names the data a page lacks", () => {
    assert.throws(() => readPageData("dashboard-data", page), /no data "#dashboard-data"/);
  });
});

describe("fetchJSON", () => {
  const realFetch = globalThis.fetch;
  let requests;

  function answer(status, body, statusText = "") {
    globalThis.fetch = async (url, init) => {
      requests.push({ url, init });
      return new Response(body === undefined ? null : JSON.stringify(body), { status, statusText });
    };
  }

  beforeEach(() => {
    requests = [];
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("asks for JSON with the session's cookies and answers the parsed body", async () => {
    answer(200, { count: 1, features: [] });
    assert.deepEqual(await fetchJSON("/api/annotations/?campaign=parc"), { count: 1, features: [] });
    const { url, init } = requests[0];
    assert.equal(url, "/api/annotations/?campaign=parc");
    assert.equal(init.method, "GET");
    assert.equal(init.credentials, "same-origin");
    assert.deepEqual(init.headers, { Accept: "application/json" });
    assert.equal(init.body, undefined);
  });

  it("sends a write as JSON with Django's CSRF header", async () => {
    answer(200, { votes_for: 1, votes_against: 0, my_vote: 1 });
    await fetchJSON("/api/annotations/7/vote", { method: "PUT", csrfToken: "t0k3n", body: { value: 1 } });
    const { init } = requests[0];
    assert.equal(init.method, "PUT");
    assert.deepEqual(init.headers, {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRFToken": "t0k3n",
    });
    assert.equal(init.body, '{"value":1}');
  });

  it("takes a vote back without a body", async () => {
    answer(200, { votes_for: 0, votes_against: 0, my_vote: 0 });
    await fetchJSON("/api/annotations/7/vote", { method: "DELETE", csrfToken: "t0k3n" });
    assert.equal(requests[0].init.body, undefined);
    assert.equal(requests[0].init.headers["X-CSRFToken"], "t0k3n");
  });

  it("fails clearly on an answer other than 2xx", async () => {
    answer(403, { detail: "forbidden" }, "Forbidden");
    await assert.rejects(fetchJSON("/api/annotations/7/vote", { method: "PUT", body: {} }), (error) => {
      assert.ok(error instanceof RequestFailed);
      assert.equal(error.status, 403);
      assert.equal(error.message, "PUT /api/annotations/7/vote answered 403 Forbidden");
      return true;
    });
  });

  it("lets an aborted request fail as the browser says", async () => {
    globalThis.fetch = async (url, init) => {
      init.signal.throwIfAborted();
    };
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fetchJSON("/api/annotations/", { signal: controller.signal }), { name: "AbortError" });
  });
});

describe("map styles", () => {
  it("draws a perimeter as a dashed outline that is not filled", () => {
    assert.deepEqual(PERIMETER_STYLE, { color: "#333", weight: 2, dashArray: "6 4", fill: false });
  });

  it("draws campaigns and contributions in the site's green", () => {
    assert.equal(CAMPAIGN_AREA_STYLE.color, "#1d6f42");
    assert.equal(CONTRIBUTION_STYLE.color, "#1d6f42");
  });

  it("keeps the shared styles from being changed by one page", () => {
    assert.throws(() => {
      "use strict";
      PERIMETER_STYLE.color = "red";
    }, TypeError);
  });

  it("colours a layer's features in the layer's colour and opacity", () => {
    const style = layerStyle({ color: "#0055aa", opacity: 0.4 });
    assert.deepEqual(style({ properties: {} }), { color: "#0055aa", fillColor: "#0055aa", fillOpacity: 0.4, weight: 3 });
  });

  it("colours a feature by the legend of the layer's attribute, others in the layer's colour", () => {
    const style = layerStyle({
      color: "#888888",
      opacity: 0.5,
      style_classes: [
        { value: "Chêne", color: "#2e7d32" },
        { value: "Platane", color: "#f9a825" },
      ],
    });
    assert.equal(style({ properties: { style: "Platane" } }).color, "#f9a825");
    assert.equal(style({ properties: { style: "Tilleul" } }).fillColor, "#888888");
  });

  it("takes a highlighted feature back to the layer's line", () => {
    const layerLine = layerStyle({ color: "#000", opacity: 1 })({ properties: {} });
    assert.equal(UNHIGHLIGHT_STYLE.weight, layerLine.weight);
    assert.equal(UNHIGHLIGHT_STYLE.dashArray, null);
    assert.ok(HIGHLIGHT_STYLE.weight > layerLine.weight);
  });
});

describe("perimeterHolds", () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
  const hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
  const perimeter = {
    type: "FeatureCollection",
    features: [
      { type: "Feature", geometry: { type: "MultiPolygon", coordinates: [[square, hole], [[[20, 0], [30, 0], [30, 10], [20, 0]]]] } },
    ],
  };

  it("holds a point inside either polygon", () => {
    assert.equal(perimeterHolds(perimeter, [2, 2]), true);
    assert.equal(perimeterHolds(perimeter, [29, 5]), true);
  });

  it("does not hold a point outside, or in a hole", () => {
    assert.equal(perimeterHolds(perimeter, [15, 5]), false);
    assert.equal(perimeterHolds(perimeter, [5, 5]), false);
    assert.equal(perimeterHolds(perimeter, [-1, 5]), false);
  });
});

describe("fillSummary", () => {
  it("fills each attribute the template names, and nothing for a missing one", () => {
    const values = { zone: "Zone Parc", statut: "en cours", trimestre: null };
    assert.equal(fillSummary("{zone}: {statut}, prévu {trimestre}", values), "Zone Parc: en cours, prévu");
  });

  it("keeps $& in a value as written", () => {
    assert.equal(fillSummary("{zone}", { zone: "A $& B" }), "A $& B");
  });
});

// What `{% date_formats %}` gives a French and an English page (core/templatetags/dates.py);
// tests/browser/test_agenda.py checks the page's popups against the server's own dates.
const FRENCH = {
  language: "fr",
  time_zone: "Europe/Paris",
  date: "j F Y",
  datetime: "j F Y, H\u00a0\\h\u00a0i",
  time: "H\u00a0\\h\u00a0i",
  months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  months_ap: ["jan.", "fév.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  words: { "a.m.": "matin", "p.m.": "après-midi", midnight: "minuit", noon: "midi" },
};
const ENGLISH = {
  language: "en",
  time_zone: "Europe/Paris",
  date: "N j, Y",
  datetime: "N j, Y, P",
  time: "P",
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  months_ap: ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."],
  words: { "a.m.": "a.m.", "p.m.": "p.m.", midnight: "midnight", noon: "noon" },
};
const NBSP = "\u00a0";

describe("formatDateRange", () => {
  it("names the day once when both ends fall on it, as French writes hours", () => {
    assert.equal(
      formatDateRange("2026-12-07T17:30:00Z", "2026-12-07T19:30:00Z", FRENCH),
      `7 décembre 2026, 18${NBSP}h${NBSP}30 – 20${NBSP}h${NBSP}30`,
    );
  });

  it("writes the first of a month 1er, at both ends", () => {
    assert.equal(
      formatDateRange("2027-03-01T08:05:00Z", "2027-04-01T16:00:00Z", FRENCH),
      `1er mars 2027, 09${NBSP}h${NBSP}05 – 1er avril 2027, 18${NBSP}h${NBSP}00`,
    );
  });

  it("counts days on the site's clock, not the browser's or UTC's", () => {
    // 23:30 UTC on 30 November is half past midnight on 1 December in Paris.
    assert.equal(
      formatDateRange("2026-11-30T23:30:00Z", "2026-12-01T01:00:00Z", FRENCH),
      `1er décembre 2026, 00${NBSP}h${NBSP}30 – 02${NBSP}h${NBSP}00`,
    );
  });

  it("leaves days after the first as numbers, and 11 and 21 too", () => {
    assert.equal(
      formatDateRange("2026-12-11T09:00:00Z", "2026-12-21T09:00:00Z", FRENCH),
      `11 décembre 2026, 10${NBSP}h${NBSP}00 – 21 décembre 2026, 10${NBSP}h${NBSP}00`,
    );
  });

  it("writes English as Django does: no 1er, a.m. and p.m., noon and midnight", () => {
    assert.equal(
      formatDateRange("2026-12-01T17:30:00Z", "2026-12-01T19:30:00Z", ENGLISH),
      "Dec. 1, 2026, 6:30 p.m. – 8:30 p.m.",
    );
    assert.equal(
      formatDateRange("2026-12-07T11:00:00Z", "2026-12-07T23:00:00Z", ENGLISH),
      "Dec. 7, 2026, noon – Dec. 8, 2026, midnight",
    );
    assert.equal(
      formatDateRange("2027-03-01T08:05:00Z", "2027-03-02T17:00:00Z", ENGLISH),
      "March 1, 2027, 9:05 a.m. – March 2, 2027, 6 p.m.",
    );
  });

  it("refuses a format it cannot write rather than writing it wrong", () => {
    assert.throws(
      () => formatDateRange("2026-12-07T17:30:00Z", "2026-12-07T19:30:00Z", { ...FRENCH, datetime: "l j F Y" }),
      /"l"/,
    );
  });
});

describe("fragmentTarget", () => {
  const page = { getElementById: (id) => (id === "suivre à" ? "the follow button" : null) };

  it("finds the element the address's fragment names, percent-encoded or not", () => {
    assert.equal(fragmentTarget({ hash: "#suivre%20%C3%A0" }, page), "the follow button");
    assert.equal(fragmentTarget({ hash: "#nothing-here" }, page), null);
    assert.equal(fragmentTarget({ hash: "" }, page), null);
  });

  it("names nothing for a fragment that is not valid percent-encoding", () => {
    assert.equal(fragmentTarget({ hash: "#%" }, page), null);
    assert.equal(fragmentTarget({ hash: "#%E0%A4%A" }, page), null);
  });
});
