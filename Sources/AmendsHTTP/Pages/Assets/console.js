// Amends console: live countdowns and keyboard shortcuts. Every action is a form that works without this script.
(function () {
  "use strict";

  function words(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var span;
    if (minutes < 1) span = "under a minute";
    else if (minutes < 60) span = minutes + " min";
    else if (minutes < 48 * 60) span = Math.floor(minutes / 60) + " h" + (minutes % 60 ? " " + (minutes % 60) + " min" : "");
    else span = Math.floor(minutes / 1440) + " days";
    return ms < 0 ? span + " ago" : "in " + span;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (element) {
      var due = Date.parse(element.getAttribute("datetime"));
      if (isNaN(due)) return;
      element.textContent = words(due - now);
      element.classList.toggle("overdue", due < now);
    });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  var selected = -1;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr")); }
  function select(index) {
    var all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("selected", i === selected); });
    var link = all[selected].querySelector("a");
    if (link) link.focus();
  }

  function toggleKeys() {
    var open = document.getElementById("keys");
    if (open) { open.remove(); return; }
    var panel = document.createElement("section");
    panel.id = "keys";
    panel.className = "keys";
    panel.setAttribute("aria-label", "Keyboard shortcuts");
    var list = [["j / k", "next / previous case in the queue"], ["Enter", "open the case"], ["a", "acknowledge the open case"],
      ["/", "search cases by reference, words or customer"], ["?", "show or hide these keys"]];
    var title = document.createElement("h2");
    title.textContent = "Keyboard shortcuts";
    panel.appendChild(title);
    var dl = document.createElement("dl");
    list.forEach(function (item) {
      var dt = document.createElement("dt"); dt.textContent = item[0];
      var dd = document.createElement("dd"); dd.textContent = item[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    panel.appendChild(dl);
    document.body.appendChild(panel);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "j") { select(selected + 1); event.preventDefault(); }
    else if (event.key === "k") { select(selected - 1); event.preventDefault(); }
    else if (event.key === "a") {
      var acknowledge = document.querySelector("form[action$='/acknowledge'] button");
      if (acknowledge) { acknowledge.click(); event.preventDefault(); }
    } else if (event.key === "/") {
      var search = document.getElementById("search-words");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
    } else if (event.key === "?") { toggleKeys(); event.preventDefault(); }
    else if (event.key === "Escape") { var keys = document.getElementById("keys"); if (keys) keys.remove(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 15000);
  });
  window.addEventListener("amends:refreshed", tick);
})();

// Live: the server says which case changed (Server-Sent Events); the page fetches itself again and puts the new
// parts in place. A case page whose forms hold something typed is left alone, with a note and a button to reload.
(function () {
  "use strict";
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;

  var dirty = false;
  var timer = null;
  var changed = {};

  function regions(root) { return Array.prototype.slice.call(root.querySelectorAll("[data-live]")); }

  function announce(text) {
    var news = document.getElementById("live-news");
    if (news) news.textContent = text;
  }

  function refresh() {
    timer = null;
    var ids = Object.keys(changed);
    changed = {};
    var live = regions(document);
    if (!live.length) return;
    var kind = live[0].getAttribute("data-live");
    if (kind === "case" && ids.indexOf(live[0].getAttribute("data-case")) < 0) return;
    if (kind === "case" && dirty) { offerReload(); return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected || !response.ok) throw new Error("gone");
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        // Boxes ticked for a bulk action stay ticked.
        var ticked = Array.prototype.slice.call(document.querySelectorAll("input[name='case']:checked")).map(function (box) { return box.value; });
        var focused = document.activeElement && document.activeElement.closest("tr") ? document.activeElement.closest("tr").getAttribute("data-case") : null;
        regions(document).forEach(function (region) {
          var next = region.id ? fresh.getElementById(region.id) : null;
          if (next) region.replaceWith(document.adoptNode(next));
        });
        ticked.forEach(function (id) {
          var box = document.querySelector("input[name='case'][value='" + id + "']");
          if (box) box.checked = true;
        });
        if (focused) {
          var row = document.querySelector("tr[data-case='" + focused + "'] a");
          if (row) row.focus();
        }
        window.dispatchEvent(new Event("amends:refreshed"));
        announce(kind === "queue" ? "The queue was updated." : "This case was updated.");
      })
      .catch(function () {});
  }

  function offerReload() {
    if (document.getElementById("changed-meanwhile")) return;
    var note = document.createElement("p");
    note.id = "changed-meanwhile";
    note.className = "notice";
    note.textContent = "Someone changed this case while you were typing. ";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", function () { window.location.reload(); });
    note.appendChild(button);
    var main = document.getElementById("main");
    main.insertBefore(note, main.firstChild);
  }

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("[data-live='case'] form")) dirty = true;
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!regions(document).length) return;
    // The page says which change it shows the case as of, so one made while it loaded is told too.
    var since = regions(document)[0].getAttribute("data-since");
    var source = new EventSource("/console/events" + (since ? "?since=" + encodeURIComponent(since) : ""));
    source.addEventListener("cases", function (event) {
      try { JSON.parse(event.data).case_ids.forEach(function (id) { changed[id] = true; }); } catch (e) { return; }
      if (!timer) timer = setTimeout(refresh, 150);
    });
  });
})();

// A file chosen for a form is read into its text box, so the form sends text and works without the script too.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    var target = input && input.getAttribute && input.getAttribute("data-fills");
    if (!target || !input.files || !input.files[0] || !window.FileReader) return;
    var reader = new FileReader();
    reader.onload = function () { var box = document.getElementById(target); if (box) box.value = reader.result; };
    reader.readAsText(input.files[0]);
  });
})();
