/* Chamba: suggestions while typing in the skill and job searches.
   Progressive enhancement only: without this file the search form works by GET,
   and every suggestion is the same small POST form the server renders. */
(function () {
  "use strict";
  if (!window.fetch || !document.querySelector) { return; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.appendChild(document.createTextNode(text)); }
    return node;
  }

  function hidden(name, value) {
    return el("input", { type: "hidden", name: name, value: value });
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById(form.getAttribute("data-results"));
    var tokenInput = document.querySelector("input[name=csrf_token]");
    if (!input || !list || !tokenInput) { return; }
    var token = tokenInput.value;
    var addUrl = form.getAttribute("data-add");
    var addLabel = form.getAttribute("data-add-label") || "Agregar";
    var alsoLabel = form.getAttribute("data-also-label") || "";
    var haveLabel = form.getAttribute("data-have-label") || "";
    var timer = null;
    var last = input.defaultValue.trim();
    var seq = 0;
    input.setAttribute("autocomplete", "off");

    function render(results, q) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      results.forEach(function (hit) {
        var li = el("li", { "class": "item row between" });
        var label = el("span", {}, hit.label);
        if (hit.also) {
          label.appendChild(document.createTextNode(" "));
          label.appendChild(el("small", { "class": "muted" }, "(" + alsoLabel + " " + hit.also + ")"));
        }
        li.appendChild(label);
        if (hit.have) {
          li.appendChild(el("span", { "class": "done" }, haveLabel));
        } else {
          var add = el("form", { method: "post", action: addUrl, "class": "inline" });
          add.appendChild(hidden("csrf_token", token));
          add.appendChild(hidden("code", hit.code));
          add.appendChild(hidden("q", q));
          add.appendChild(el("button", { type: "submit" }, addLabel));
          li.appendChild(add);
        }
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
    }

    function lookup() {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (q.length < 2) { render([], q); return; }
      var mine = ++seq;
      var url = form.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          // A slow answer to an older query must not replace a newer one.
          if (mine === seq) { render(data.results || [], q); }
        })
        .catch(function () { /* offline: the Buscar button still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      // Wait for a pause in typing: every request costs data on 2G.
      timer = setTimeout(lookup, 350);
    });
    // On a slow line people start typing before this file arrives: catch up with them.
    lookup();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-suggest]"), setup);
}());
