// The popup of a contribution on a map, built from its properties alone (id, title,
// category, status, votes_for, comment_count, group_name, participant_count), so that
// it serves GeoJSON features and vector tile features alike. Texts and addresses come
// from the page (`texts`, the campaign map's data); residents' text is set as text.
import { fetchJSON, fillText } from "./shared.js";

function plural(pair, count) {
  return fillText(count === 1 ? pair[0] : pair[1], { count: count });
}

function line(text, className) {
  const element = document.createElement("p");
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

// Supports the contribution through the API, then says so in the popup.
function supportButton(p, texts, counts, status) {
  if (!texts.csrf_token) {
    const link = document.createElement("a");
    link.className = "popup-action";
    link.href = fillText(texts.log_in_url, { id: p.id });
    link.textContent = texts.log_in_to_support;
    return link;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "popup-action";
  button.textContent = texts.support;
  button.setAttribute("aria-label", fillText(texts.support_named, { title: p.title }));
  button.addEventListener("click", function () {
    button.disabled = true;
    fetchJSON(texts.vote_url.replace("/0/", `/${encodeURIComponent(p.id)}/`), {
      method: "PUT",
      csrfToken: texts.csrf_token,
      body: { value: 1 },
    })
      .then(function (answer) {
        p.votes_for = answer.votes_for;
        counts.textContent = countsText(p, texts);
        status.textContent = texts.supported;
      })
      .catch(function () {
        status.textContent = texts.support_failed;
        button.disabled = false;
      });
  });
  return button;
}

function countsText(p, texts) {
  return [plural(texts.supports, p.votes_for || 0), plural(texts.comments, p.comment_count || 0)].join(" · ");
}

export function contributionPopup(p, texts) {
  const box = document.createElement("div");
  box.className = "contribution-popup";
  const title = document.createElement("a");
  title.className = "popup-title";
  const page = texts.detail_url.replace("/0/", `/${encodeURIComponent(p.id)}/`);
  title.href = page;
  title.textContent = p.title;
  box.appendChild(title);
  const facts = [texts.labels.category[p.category] || p.category, texts.labels.status[p.status] || p.status];
  box.appendChild(line(facts.filter(Boolean).join(" · "), "popup-facts"));
  if (p.group_name) {
    box.appendChild(line(fillText(texts.collective_label, { group: p.group_name, people: p.participant_count })));
  }
  const counts = line(countsText(p, texts), "popup-counts");
  box.appendChild(counts);
  const status = line("", "popup-status");
  status.setAttribute("role", "status");
  const actions = document.createElement("p");
  actions.className = "popup-actions";
  const open = document.createElement("a");
  open.className = "popup-action";
  open.href = page;
  open.textContent = texts.open_page;
  actions.append(open, supportButton(p, texts, counts, status));
  box.append(actions, status);
  return box;
}
