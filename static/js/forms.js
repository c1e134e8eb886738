// A form sent back with errors: move to its error summary (includes/form_error_summary.html),
// so that a phone shows what to correct, and a screen reader reads it first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  // A link of the summary puts the cursor in its field (a fragment link only scrolls), label in view.
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    const block = target.closest("[id^='div_']") || target;
    block.scrollIntoView({ block: "start" });
    const input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (input) input.focus({ preventScroll: true });
  });
});
