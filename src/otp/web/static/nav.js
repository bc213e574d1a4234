// On a phone the main navigation is one sideways-scrolling row: bring the current page's link into
// view, or "Meetings" would be marked current off-screen. Runs after each boosted navigation too.
(function () {
  "use strict";
  function reveal() {
    var nav = document.querySelector(".nav-main");
    var here = nav && nav.querySelector('[aria-current="page"]');
    if (!here || nav.scrollWidth <= nav.clientWidth) return;
    nav.scrollLeft = here.offsetLeft - (nav.clientWidth - here.offsetWidth) / 2;
  }
  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSettle", reveal);
})();
