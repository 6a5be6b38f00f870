// AccessBroker portal: progressive enhancement only. Without this script every page still works: times stay in UTC,
// time left is the server's figure at page load, and copy buttons stay hidden.
(function () {
  "use strict";

  function localize() {
    document.querySelectorAll("time[datetime]").forEach(function (element) {
      var date = new Date(element.getAttribute("datetime"));
      if (!isNaN(date.getTime())) {
        element.textContent = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
      }
    });
  }

  function left(milliseconds) {
    if (milliseconds <= 0) {
      return "ended (reload the page)";
    }
    var seconds = Math.floor(milliseconds / 1000);
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    return hours > 0 ? hours + "h " + minutes + "m left" : minutes + "m " + (seconds % 60) + "s left";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-ends]").forEach(function (element) {
      element.textContent = left(new Date(element.getAttribute("data-ends")).getTime() - now);
    });
  }

  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent).then(function () {
          button.textContent = "Copied";
        });
      });
    });
  }

  // The request form's Check, live: the same POST the Check button sends, its answer swapped into the page.
  function liveCheck() {
    var form = document.getElementById("request-form");
    var slot = document.getElementById("decision-slot");
    if (!form || !slot || !window.fetch) {
      return;
    }
    var timer;
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/portal/request?handler=check", { method: "POST", body: new FormData(form), credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) {
              return;
            }
            var page = new DOMParser().parseFromString(html, "text/html");
            var problem = page.getElementById("problem");
            var fresh = page.getElementById("decision-slot");
            slot.innerHTML = (problem ? problem.outerHTML : "") + (fresh ? fresh.innerHTML : "");
            var old = document.querySelector("main > #problem");
            if (old) {
              old.remove();
            }
          });
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    liveCheck();
    localize();
    tick();
    if (document.querySelector("[data-ends]")) {
      setInterval(tick, 1000);
    }
    copyButtons();
  });
})();
