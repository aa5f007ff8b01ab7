// The article editor: a live preview of the body as the public page shows
// it, and a copy of the form in this browser's storage, so that what was
// typed survives a closed tab, a crash or a lost connection. Without this
// script the editor works the same, without the preview and the copy.
(function () {
  "use strict";
  var form = document.querySelector("form[data-editor]");
  if (!form) return;
  var key = "masthead-editor-" + form.getAttribute("data-editor");
  var base = form.getAttribute("data-base");
  var preview = document.querySelector("[data-preview]");
  var status = form.querySelector(".autosave");
  var fields = ["title", "slug", "standfirst", "body", "section", "tags", "author", "source", "source_url", "published_at", "status"];
  var dirty = false;

  function values() {
    var v = {};
    fields.forEach(function (name) { if (form.elements[name]) v[name] = form.elements[name].value; });
    return v;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // Offer back a copy this page does not show, made from the same version.
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) {}
  if (saved && saved.base === base && !same(saved.values, values())) {
    var p = document.createElement("p");
    p.className = "form-notice";
    p.setAttribute("role", "alert");
    p.textContent = "This browser kept text you had not saved (" + new Date(saved.at).toLocaleString() + "). ";
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = "Bring it back";
    b.addEventListener("click", function () {
      fields.forEach(function (name) { if (form.elements[name] && name in saved.values) form.elements[name].value = saved.values[name]; });
      p.remove();
      refresh();
    });
    p.appendChild(b);
    form.parentNode.insertBefore(p, form);
  } else if (saved && (saved.base !== base || same(saved.values, values()))) {
    localStorage.removeItem(key); // saved, or made from an older version
  }

  var timer = null;
  function refresh() {
    if (!preview) return;
    var data = new FormData();
    data.append("body", form.elements.body.value);
    data.append("csrf_token", form.elements.csrf_token.value);
    fetch("/admin/preview", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { preview.innerHTML = html; }) // sanitised by the server's one policy
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    dirty = true;
    try {
      localStorage.setItem(key, JSON.stringify({ base: base, at: Date.now(), values: values() }));
      if (status) status.textContent = "Kept in this browser.";
    } catch (e) {}
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
  refresh();
})();

// Tags in use, offered under the tags field: a click adds one.
(function () {
  "use strict";
  var field = document.getElementById("tags");
  var box = document.querySelector("[data-tag-suggestions]");
  if (!field || !box) return;
  box.addEventListener("click", function (e) {
    var tag = e.target.getAttribute && e.target.getAttribute("data-tag");
    if (!tag) return;
    var have = field.value.split(",").map(function (t) { return t.trim().toLowerCase(); }).filter(Boolean);
    if (have.indexOf(tag.toLowerCase()) < 0) {
      field.value = field.value.trim() ? field.value.replace(/[\s,]*$/, "") + ", " + tag : tag;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
})();
