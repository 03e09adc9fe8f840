// The booking's code field: keeps only the digits of what was typed or pasted ("042 917",
// "Code: 042917") and sends the form once all six are there. Without scripts the button does it.
document.querySelectorAll("[data-code-form]").forEach(function (form) {
  var input = form.querySelector("input[name=code]");
  if (!input) { return; }
  var sent = false;
  input.addEventListener("input", function () {
    var digits = input.value.replace(/\D/g, "").slice(0, 6);
    if (digits.length === 6 && !sent) {
      sent = true;
      input.value = digits;
      form.requestSubmit();
    }
  });
});
