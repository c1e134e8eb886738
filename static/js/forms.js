// A form sent back with errors: move to its error summary (includes/form_error_summary.html),
// so that a phone shows what to correct, and a screen reader reads it first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
