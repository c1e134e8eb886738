// On a touch screen, a date box marked data-native-date becomes the phone's
// own date picker. The server reads both forms: dd-mm-yyyy typed in the text
// box, yyyy-mm-dd posted by the picker (core/forms.py DATE_INPUT_FORMATS).
// Without this script (or on a desktop) the text box stays, and works.
(() => {
  if (!window.matchMedia("(pointer: coarse)").matches) return;
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
  document.querySelectorAll("input[data-native-date]").forEach((input) => {
    const typed = input.value.trim();
    const match = dayFirst.exec(typed);
    // A form shown again after an error carries what was posted: yyyy-mm-dd from the picker.
    const value = match ? `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}` : typed;
    input.type = "date";
    input.value = value;
    input.removeAttribute("placeholder");
    input.removeAttribute("inputmode");
    // "Day-month-year, e.g. ..." is about typing: the picker shows the phone's own format.
    const help = document.getElementById(`${input.id}_helptext`);
    if (help) help.hidden = true;
  });
})();
