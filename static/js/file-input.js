// The admin's file inputs (templates/admin/widgets/file_input.html): show the chosen file's name.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches(".file-input-native")) return;
  const name = input.closest(".file-input").querySelector(".file-input-name");
  name.textContent = input.files.length ? input.files[0].name : name.dataset.empty;
});
