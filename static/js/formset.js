// The "add" button of a formset (another petitioner on the registration form, another matter on a reception
// record): a copy of the empty form from its <template>, numbered next. Configured by the data- attributes of its
// own <script> element: data-button, data-box (where forms go), data-template and data-total (the management
// form's TOTAL_FORMS), each an element id.
(function () {
  "use strict";
  var config = document.currentScript.dataset;
  var box = document.getElementById(config.box);
  var total = document.getElementById(config.total);
  document.getElementById(config.button).addEventListener("click", function () {
    var html = document.getElementById(config.template).innerHTML.replace(/__prefix__/g, total.value);
    box.insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
    if (window.htmx) window.htmx.process(box.lastElementChild);
  });
})();
