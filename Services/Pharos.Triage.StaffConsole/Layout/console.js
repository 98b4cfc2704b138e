// The one script of the console: the time left before a deadline, kept current while the page stays open. The page
// says the same thing without it (rendered on the server); this only keeps it from going stale.
(function () {
  function describe(seconds) {
    var late = seconds < 0;
    var s = Math.abs(seconds);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    var text = d > 0 ? d + " j " + h + " h" : h > 0 ? h + " h " + m + " min" : m + " min";
    return late ? "dépassé de " + text : "reste " + text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-deadline"));
      if (!isNaN(at)) el.textContent = describe(Math.round((at - now) / 1000));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 30000); });
})();
