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

  document.addEventListener("DOMContentLoaded", function () {
    localize();
    tick();
    if (document.querySelector("[data-ends]")) {
      setInterval(tick, 1000);
    }
    copyButtons();
  });
})();
