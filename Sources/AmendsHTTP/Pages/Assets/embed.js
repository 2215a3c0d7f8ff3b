// Pasted into a business's own site beside the iframe of an Amends feedback page: makes the frame as tall as the page
// inside it says it is, so the form shows whole without a scroll bar of its own. Listens only to pages of the server
// this script came from.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.amendsFeedbackHeight !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = Math.ceil(event.data.amendsFeedbackHeight) + "px";
    }
  });
})();
