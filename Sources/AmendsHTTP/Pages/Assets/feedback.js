// The feedback page's script, for two uses only; without it the page is a plain form that works everywhere.
// - Kiosk (a tablet in a lobby): answers are sent in the background with a key made here, so each is stored once;
//   an answer given while the network is down is kept in this browser and sent when it returns. The form clears a
//   few seconds after each answer and after a minute without a touch, so nothing of one guest is left for the next.
// - Embedded in another site (an iframe): the page tells the site its height, so the frame fits it.
(function () {
  "use strict";
  if (document.body.classList.contains("embed") && window.parent !== window) {
    var last = 0;
    var tell = function () {
      var height = document.documentElement.scrollHeight;
      if (height !== last) { last = height; window.parent.postMessage({ amendsFeedbackHeight: height }, "*"); }
    };
    window.addEventListener("load", tell);
    window.addEventListener("resize", tell);
    new MutationObserver(tell).observe(document.body, { childList: true, subtree: true, attributes: true });
    tell();
  }
  var form = document.getElementById("feedback");
  if (!form || !form.hasAttribute("data-kiosk")) return;
  var thanks = document.getElementById("kiosk-thanks");
  var said = document.getElementById("kiosk-said");
  var queueNote = document.getElementById("kiosk-queue");
  var storeKey = "amends-kiosk:" + form.getAttribute("action").split("?")[0];
  var thanksWords = said.textContent;
  var idle = null, clearing = null, sending = false;

  // The time first, then 64 random bits, as the server makes them: keys made in order are stored in order.
  function newKey() {
    var bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    var time = Date.now().toString(16);
    while (time.length < 11) time = "0" + time;
    return time + "-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    if (queue.length) localStorage.setItem(storeKey, JSON.stringify(queue)); else localStorage.removeItem(storeKey);
    queueNote.textContent = queue.length ? form.getAttribute("data-waiting").replace("{count}", queue.length) : "";
  }
  function post(body) {
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "omit",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" }
    });
  }
  // Sends what waits, oldest first; stops at the first that cannot go now, and tries again later.
  function flush() {
    if (sending) return;
    var queue = load();
    if (!queue.length) { save(queue); return; }
    sending = true;
    post(queue[0].body).then(function (response) {
      sending = false;
      if (response.status === 429 || response.status >= 500) {
        var wait = parseInt(response.headers.get("Retry-After") || "15", 10);
        setTimeout(flush, Math.max(1, wait) * 1000);
        return;
      }
      // Stored (or refused for good, which sending again cannot change): it leaves the queue.
      var rest = load().filter(function (item) { return item.key !== queue[0].key; });
      save(rest);
      if (rest.length) flush();
    }, function () { sending = false; save(load()); });
  }
  function clear() {
    form.reset();
    var problem = document.getElementById("problem");
    if (problem) problem.remove();
    form.querySelector("[name=submission]").value = newKey();
    thanks.hidden = true;
    form.hidden = false;
    window.scrollTo(0, 0);
  }
  function showThanks(words) {
    said.textContent = words || thanksWords;
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
    clearTimeout(clearing);
    clearing = setTimeout(clear, 6000);
  }
  function touched() {
    clearTimeout(idle);
    idle = setTimeout(clear, 60000);
  }
  ["input", "change", "pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, touched); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form)).toString();
    var key = form.querySelector("[name=submission]").value;
    var keep = function () {
      var queue = load();
      queue.push({ key: key, body: body });
      save(queue);
      showThanks(form.getAttribute("data-offline"));
    };
    if (!navigator.onLine) { keep(); return; }
    post(body).then(function (response) {
      if (response.status === 429 || response.status >= 500) { keep(); setTimeout(flush, 15000); return; }
      return response.json().then(function (answer) {
        if (response.ok) { showThanks(answer.message); return; }
        // Something to correct: said at the top of the form, with what was typed kept.
        var problem = document.getElementById("problem") || document.createElement("div");
        problem.id = "problem"; problem.className = "problem"; problem.setAttribute("role", "alert");
        problem.textContent = answer.error && answer.error.message || "";
        form.parentNode.insertBefore(problem, form);
      });
    }, keep);
  });
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  save(load());
  flush();
  form.querySelector("[name=submission]").value = newKey();
})();
