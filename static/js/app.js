// What the templates ask for with data- attributes instead of inline handlers (onchange=, onclick=, onsubmit=), which
// the Content-Security-Policy refuses (config/settings/base.py). Listened for on the document, so that it works in
// what htmx swaps in too.
//   <select data-submit-on-change>        submits its form when the choice changes (the language menus)
//   <button data-print>                   prints the page
//   <button data-clear="#action-panel">   empties the element the selector names
//   <form data-confirm="question">        is sent only when the user confirms the question
//   <button data-once>                    is disabled once its form is sent (a double click sends it once; the
//                                         server's one-time token is what guarantees it)
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var clear = event.target.closest("[data-clear]");
    if (clear) {
      var target = document.querySelector(clear.dataset.clear);
      if (target) target.innerHTML = "";
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    var once = event.target.querySelector("[data-once]");
    if (once && !event.defaultPrevented) {
      if (once.dataset.sent) {
        event.preventDefault();
        return;
      }
      once.dataset.sent = "1";
      window.setTimeout(function () { once.disabled = true; }, 0);
    }
  });
})();
