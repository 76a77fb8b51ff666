// The vanilla baseline's script (index.html); a file, as sandboxd's
// Content-Security-Policy allows no inline scripts but the console's own.
const token = sessionStorage.getItem("sandbox-console.token");
const state = document.getElementById("state");
const statusFilter = document.getElementById("filter-status");
const query = new URLSearchParams(location.search);
statusFilter.value = query.get("status") ?? "";
let latest = 0;

function relative(iso) {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
  if (minutes < 60) return minutes + " min ago";
  if (minutes < 60 * 24) return Math.round(minutes / 60) + " h ago";
  const days = Math.round(minutes / (60 * 24));
  return days === 1 ? "1 day ago" : days + " days ago";
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

function link(row, href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  row.insertCell().append(a);
}

// The same columns as the console's table, the actions included.
function render(sandboxes) {
  const body = document.createElement("tbody");
  for (const sandbox of sandboxes) {
    const row = body.insertRow();
    link(row, "/sandboxes/" + encodeURIComponent(sandbox.sandbox_id), sandbox.name);
    link(row, "?owner_id=" + encodeURIComponent(sandbox.owner_id), sandbox.owner_id);
    cell(row, sandbox.tier);
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = sandbox.status;
    row.insertCell().append(badge);
    cell(row, sandbox.access ?? "none");
    cell(row, relative(sandbox.created_at)).title = sandbox.created_at;
    const actions = row.insertCell();
    for (const action of ["Refresh", "Delete"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action;
      button.setAttribute("aria-label", action + " " + sandbox.name);
      actions.append(button);
    }
  }
  document.querySelector("tbody").replaceWith(body);
}

// Loads the list for `query`; an answer to an older query is dropped.
async function load() {
  const mine = ++latest;
  history.replaceState(null, "", "?" + query);
  const response = await fetch("/api/v1/storage/sandboxes?" + query, {
    headers: { Authorization: "Bearer " + token },
  });
  if (!response.ok) throw new Error("HTTP " + response.status);
  const total = response.headers.get("X-Total-Count");
  const sandboxes = await response.json();
  if (mine !== latest) return;
  render(sandboxes);
  state.textContent = sandboxes.length + " of " + total;
}

function reload() {
  load().catch((error) => { state.textContent = "Could not load: " + error.message; });
}

statusFilter.addEventListener("change", () => {
  if (statusFilter.value) query.set("status", statusFilter.value);
  else query.delete("status");
  reload();
});
// As the console's Name header: ascending first, then flips.
document.querySelector(".sort-button").addEventListener("click", () => {
  query.set("sort", query.get("sort") === "name" ? "-name" : "name");
  reload();
});
reload();
