// Keyboard shortcuts for the moderation queue: j/k move between comments,
// x selects the current one, a/s/t approve, mark as spam or trash the
// selected ones (or the current one when none is selected). Without this
// script the queue works the same with the mouse.
(function () {
  "use strict";
  var form = document.querySelector("form[data-moderation]");
  if (!form) return;
  var items = Array.prototype.slice.call(form.querySelectorAll(".queue-item"));
  var current = -1;
  function move(to) {
    if (!items.length) return;
    if (current >= 0) items[current].classList.remove("current");
    current = Math.max(0, Math.min(items.length - 1, to));
    items[current].classList.add("current");
    items[current].scrollIntoView({ block: "nearest" });
  }
  function act(action) {
    var boxes = form.querySelectorAll("input[name=id]:checked");
    if (!boxes.length && current >= 0) items[current].querySelector("input[name=id]").checked = true;
    if (!form.querySelectorAll("input[name=id]:checked").length) return;
    var button = form.querySelector("button[name=action][value=" + action + "]");
    if (button) button.click();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" && e.target.type !== "checkbox" || tag === "textarea" || tag === "select") return;
    switch (e.key) {
      case "j": move(current + 1); break;
      case "k": move(current - 1); break;
      case "x":
        if (current >= 0) { var box = items[current].querySelector("input[name=id]"); box.checked = !box.checked; }
        break;
      case "a": act("approve"); break;
      case "s": act("spam"); break;
      case "t": act("trash"); break;
      default: return;
    }
    e.preventDefault();
  });
})();
