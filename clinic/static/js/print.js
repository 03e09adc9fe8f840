// The "Print" button on the plan page: shown only when scripts run (the browser's own
// print command works either way).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
