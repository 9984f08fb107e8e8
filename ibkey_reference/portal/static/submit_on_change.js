// A list marked data-submit-on-change moves on as soon as an option is chosen; without JavaScript its form keeps
// a Continue button.
document.querySelectorAll("select[data-submit-on-change]").forEach(function (list) {
  list.addEventListener("change", function () { list.form.requestSubmit(); });
});
