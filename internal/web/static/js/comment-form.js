// Comment form: checks the form in the browser before it is sent, with the
// same messages the server gives, and moves the form under a comment when the
// reader clicks Reply. Without this script the form still works: the server
// checks everything again.
(function () {
  "use strict";

  var messages = {
    comment: "Please enter your comment!",
    name: "Please enter your name here",
    email: "You have entered an incorrect email address!",
    website: "Please enter a web address starting with http:// or https://"
  };

  function check(form, name) {
    var field = form.elements[name];
    if (!field) { return ""; }
    var value = field.value.trim();
    if (name === "comment" || name === "name") {
      return value === "" ? messages[name] : "";
    }
    if (name === "email" && value !== "") {
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? "" : messages.email;
    }
    if (name === "website" && value !== "") {
      return /^https?:\/\/[^\s\/]+/i.test(value) ? "" : messages.website;
    }
    return "";
  }

  function show(form, name, message) {
    var field = form.elements[name];
    var slot = form.querySelector("#" + name + "-error");
    if (!field || !slot) { return; }
    slot.textContent = message;
    if (message) {
      field.setAttribute("aria-invalid", "true");
    } else {
      field.removeAttribute("aria-invalid");
    }
  }

  function enhance(form) {
    // The script gives the messages; the browser's own bubbles would say
    // something else in another place.
    form.noValidate = true;
    form.addEventListener("submit", function (event) {
      var first = null;
      ["comment", "name", "email", "website"].forEach(function (name) {
        var message = check(form, name);
        show(form, name, message);
        if (message && !first) { first = form.elements[name]; }
      });
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
    ["comment", "name", "email", "website"].forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      field.addEventListener("input", function () {
        if (field.getAttribute("aria-invalid") === "true") { show(form, name, check(form, name)); }
      });
    });
  }

  function replies(form) {
    var respond = document.getElementById("respond");
    if (!respond) { return; }
    var home = respond.parentNode, next = respond.nextSibling;
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-reply]") : null;
      if (!link) { return; }
      event.preventDefault();
      var comment = document.getElementById("comment-" + link.getAttribute("data-reply"));
      if (!comment) { return; }
      comment.querySelector("article").appendChild(respond);
      form.elements.parent.value = link.getAttribute("data-reply");
      form.elements.comment.focus();
    });
    respond.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && form.elements.parent.value) {
        form.elements.parent.value = "";
        home.insertBefore(respond, next);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-comment-form]");
    if (!form) { return; }
    enhance(form);
    replies(form);
  });
})();
