// reload.js keeps a page of the preview up to date while its writer saves.
// The server serves it after idiomorph, both in one strict function (see
// client.go), and says on /__plansite/events what each rebuild changed:
//   update: patch the page in place with its new HTML (which comes with
//           the event, or is fetched), with idiomorph, keeping where the
//           reader is: scroll position, focus, selection, open <details>;
//   css:    only stylesheets changed: swap them.
// When a patch cannot be trusted, the page is reloaded instead (see
// unpatchable). The error overlay and the warnings panel come with the
// page's HTML; this script only lets the reader hide them.

// maxBytes is the largest page patched. A bigger one is reloaded, so that
// a patch never holds up the page for long (morphing is done in one go,
// and its time grows with the page).
const maxBytes = 1 << 20;

// panels are the preview's own parts of a page, which the reader can hide.
const panels = ["plansite-errors", "plansite-warnings"];

// build names the snapshot the page shows (see Snapshot.id in server.go).
let build = document.currentScript && document.currentScript.getAttribute("data-plansite-build");
let running = false;
let again = false;
let pushed = null;
let leaving = false;
// hidden holds the text of each panel the reader hid, to keep it hidden
// while a patch brings the same text back.
const hidden = {};

function reload() {
  leaving = true;
  location.reload();
}

// update brings the page to the latest snapshot, one patch at a time: an
// event that comes during a patch makes one more patch after it. html is
// the page's new HTML, when the event brought it.
async function update(html) {
  if (leaving) return;
  pushed = html || null;
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      const next = pushed;
      pushed = null;
      const why = await patch(next);
      if (why) {
        console.info("plansite: reloading the page: " + why);
        return reload();
      }
    } while (again);
  } catch (err) {
    console.warn("plansite: the page could not be patched, so it is reloaded:", err);
    reload();
  } finally {
    running = false;
  }
}

// patch morphs the page into its new HTML, fetched unless given. It says
// why not when the page must be reloaded instead.
async function patch(html) {
  if (html === null) {
    const res = await fetch(location.href, { cache: "no-store" });
    const type = res.headers.get("Content-Type") || "";
    // A page gone (404), a redirect or anything but HTML: the reload
    // shows what the address is now, such as the site's 404 page.
    if (!res.ok || res.redirected || !type.startsWith("text/html")) return "the page is gone";
    if (Number(res.headers.get("Content-Length")) > maxBytes) return "it is too big to patch";
    html = await res.text();
  }
  if (html.length > maxBytes) return "it is too big to patch";
  const next = new DOMParser().parseFromString(html, "text/html");
  const why = unpatchable(next);
  if (why) return why;
  morph(next);
  const tag = next.querySelector("script[data-plansite-build]");
  build = tag && tag.getAttribute("data-plansite-build");
  return "";
}

// unpatchable says why the page cannot become next in place, if it
// cannot: next did not parse whole (the server's end marker is not in its
// body), one of them runs scripts of its own (a patch would not run them
// again, nor undo what they did), or their heads load different
// stylesheets or scripts.
function unpatchable(next) {
  const end = next.getElementById("plansite-end");
  if (!next.body || !end || !next.body.contains(end)) return "its HTML did not parse whole";
  if (runsScripts(document) || runsScripts(next)) return "it runs scripts of its own";
  if (headKey(document) !== headKey(next)) return "its head loads other stylesheets or scripts";
  return "";
}

function ours(el) {
  return el.hasAttribute("data-plansite-build");
}

// runsScripts says whether doc has a script other than the preview's own
// and data (JSON-LD).
function runsScripts(doc) {
  return Array.from(doc.scripts).some((s) => !ours(s) && !/json$/i.test(s.type));
}

// headKey lists what a head loads or sets that shows on the page.
// Stylesheet URLs are compared without the query the css event adds.
function headKey(doc) {
  const shown = 'link[rel~="stylesheet" i], style, script, base, meta[name="viewport" i], meta[name="color-scheme" i], meta[http-equiv]';
  return Array.from(doc.head ? doc.head.querySelectorAll(shown) : [], (el) => {
    if (el.localName === "script" && (ours(el) || /json$/i.test(el.type))) return "";
    if (el.localName !== "link") return el.outerHTML;
    const url = new URL(el.getAttribute("href") || "", location.href);
    url.searchParams.delete("plansite");
    return "link " + url + " " + el.media;
  }).join("\n");
}

// morph makes the page next, in place.
function morph(next) {
  const place = readerPlace();
  const focused = document.activeElement;
  Idiomorph.morph(document.body, next.body, {
    // What the reader is typing in a field stays.
    ignoreActiveValue: true,
    callbacks: {
      // The reader opened or closed these; the new HTML cannot know.
      beforeAttributeUpdated: (name, el) => !(name === "open" && el.localName === "details"),
    },
  });
  document.title = next.title;
  for (const name of ["lang", "dir", "class"]) {
    const value = next.documentElement.getAttribute(name);
    if (value === null) document.documentElement.removeAttribute(name);
    else document.documentElement.setAttribute(name, value);
  }
  if (focused && focused !== document.body && focused.isConnected && document.activeElement !== focused) {
    focused.focus({ preventScroll: true });
  }
  keepPlace(place);
  for (const id in hidden) {
    const panel = document.getElementById(id);
    if (panel && panel.textContent === hidden[id]) panel.hidden = true;
    else delete hidden[id];
  }
}

// readerPlace is what the reader is looking at: the smallest element at
// the middle of the window, and where it and its ancestors are, so that
// the page can be scrolled back to it when the text above it changed.
// At the top of the page there is nothing to keep: the reader sees the
// beginning, and goes on seeing it.
function readerPlace() {
  if (window.scrollY === 0) return [];
  let best = null;
  for (const fx of [0.5, 0.35, 0.65, 0.2]) {
    const el = document.elementsFromPoint(innerWidth * fx, innerHeight / 2)
      .find((e) => !panels.some((id) => e.closest("#" + id)));
    if (el && el !== document.body && el !== document.documentElement &&
      (!best || el.getBoundingClientRect().height < best.getBoundingClientRect().height)) {
      best = el;
    }
  }
  const place = [];
  for (let el = best; el && el !== document.body; el = el.parentElement) {
    place.push([el, el.getBoundingClientRect().top]);
  }
  return place;
}

// keepPlace scrolls the page so that the nearest element of place still in
// it is where it was.
function keepPlace(place) {
  for (const [el, top] of place) {
    if (!el.isConnected || el.getClientRects().length === 0) continue;
    const moved = el.getBoundingClientRect().top - top;
    if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, behavior: "instant" });
    return;
  }
}

// swapStyles loads the changed stylesheets again, without a reload.
function swapStyles(changed) {
  let swapped = false;
  for (const link of document.querySelectorAll('link[rel~="stylesheet" i]')) {
    const url = new URL(link.href, location.href);
    const name = url.pathname.replace(/^\//, "");
    if (changed.some((c) => name === c || name.endsWith("/" + c))) {
      url.searchParams.set("plansite", Date.now().toString(36));
      link.href = url.toString();
      swapped = true;
    }
  }
  return swapped;
}

// hide hides a panel the reader is done with, and says whether it was shown.
function hide(id) {
  const panel = document.getElementById(id);
  if (!panel || panel.hidden) return false;
  hidden[id] = panel.textContent;
  panel.hidden = true;
  return true;
}

document.addEventListener("click", (e) => {
  const button = e.target.closest && e.target.closest("[data-plansite-hide]");
  if (button) hide(button.getAttribute("data-plansite-hide"));
});
// Escape hides the errors first, then the warnings.
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !e.defaultPrevented && panels.some(hide)) e.preventDefault();
});

if (window.EventSource) {
  // The server sends this page's new HTML with each update.
  const source = new EventSource("/__plansite/events?page=" + encodeURIComponent(location.pathname));
  // The first event names the latest snapshot: a page that missed an
  // event, or whose server restarted, updates itself.
  source.addEventListener("hello", (e) => {
    if (e.data !== build) update();
  });
  // An update's data is the snapshot's id, then the page's new HTML,
  // unless it is not a page of the site or too big.
  source.addEventListener("update", (e) => {
    const nl = e.data.indexOf("\n");
    const id = nl < 0 ? e.data : e.data.slice(0, nl);
    if (id !== build) update(nl < 0 ? null : e.data.slice(nl + 1));
  });
  source.addEventListener("css", (e) => {
    const [id, ...changed] = e.data.split("\n");
    // A stylesheet the page does not link may be imported by one it does.
    if (!swapStyles(changed)) return reload();
    build = id;
  });
}
