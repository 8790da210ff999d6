// The workbench's only script: pages work without it; it keeps typed forms across an expired session, refreshes the
// queue when a case changes, and keeps saved queue filters. No framework, nothing loaded from elsewhere.
(function () {
  "use strict";

  // 1. Forms marked data-keep survive a sign-in: what was typed is kept in this tab's sessionStorage until the form's
  //    change succeeds (the page after it shows data-form-done). Hidden fields and passwords are never kept.
  var pendingKey = "jb-pending-form";
  var done = document.querySelector("[data-form-done]");
  var pending = sessionStorage.getItem(pendingKey);
  if (done && pending) {
    sessionStorage.removeItem("jb-form:" + pending);
    sessionStorage.removeItem(pendingKey);
  }
  document.querySelectorAll("form[data-keep]").forEach(function (form) {
    var key = "jb-form:" + form.dataset.keep;
    var fields = Array.prototype.filter.call(form.elements, function (e) {
      return e.name && e.type !== "hidden" && e.type !== "password" && e.type !== "submit";
    });
    var saved = JSON.parse(sessionStorage.getItem(key) || "{}");
    fields.forEach(function (e) {
      if (Object.prototype.hasOwnProperty.call(saved, e.name) && !e.value) { e.value = saved[e.name]; }
    });
    form.addEventListener("input", function () {
      var values = {};
      fields.forEach(function (e) { values[e.name] = e.value; });
      sessionStorage.setItem(key, JSON.stringify(values));
    });
    form.addEventListener("submit", function () { sessionStorage.setItem(pendingKey, form.dataset.keep); });
  });

  // 2. The queue refreshes itself when its stamp changes (a case arrived, moved, escalated or closed), but never while
  //    the clerk is typing in a form.
  var live = document.querySelector("[data-live-stamp]");
  if (live) {
    setInterval(function () {
      var active = document.activeElement;
      if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT")) { return; }
      fetch(live.dataset.stampUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (response.status === 401 || response.redirected) { location.reload(); return null; }
        return response.ok ? response.text() : null;
      }).then(function (stamp) {
        if (stamp && stamp !== live.dataset.liveStamp) {
          live.textContent = live.dataset.changedText;
          location.reload();
        }
      }).catch(function () { /* the next poll tries again */ });
    }, 15000);
  }

  // 3. Saved filters of the queue, per browser (a filter is a query string; nothing personal in it).
  var saved = document.querySelector("[data-saved-filters]");
  if (saved) {
    var storeKey = "jb-saved-filters";
    var render = function () {
      var list = JSON.parse(localStorage.getItem(storeKey) || "[]");
      saved.querySelectorAll(".saved").forEach(function (e) { e.remove(); });
      list.forEach(function (item, index) {
        var span = document.createElement("span");
        span.className = "saved";
        var link = document.createElement("a");
        link.href = item.href;
        link.textContent = item.name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link";
        remove.textContent = "×";
        remove.setAttribute("aria-label", saved.dataset.labelDelete + " " + item.name);
        remove.addEventListener("click", function () {
          list.splice(index, 1);
          localStorage.setItem(storeKey, JSON.stringify(list));
          render();
        });
        span.append(link, remove);
        saved.insertBefore(span, button);
      });
    };
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = saved.dataset.labelSave;
    button.addEventListener("click", function () {
      var name = prompt(saved.dataset.labelName);
      if (!name) { return; }
      var list = JSON.parse(localStorage.getItem(storeKey) || "[]");
      list.push({ name: name, href: location.pathname + location.search });
      localStorage.setItem(storeKey, JSON.stringify(list));
      render();
    });
    saved.appendChild(button);
    render();
  }
})();
