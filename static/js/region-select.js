// The region picker: a plain <select> grouped by province (works without
// this script), made searchable by typing with Tom Select: "Surabaya" finds
// Kota Surabaya at once, on a phone as on a desktop.
document.querySelectorAll("select[data-region-select]").forEach((select) => {
  // Tom Select points the <label> at its own search box: the original select keeps the name.
  const label = document.querySelector(`label[for="${select.id}"]`);
  if (label) select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
  // eslint-disable-next-line no-undef
  new TomSelect(select, {
    maxOptions: null,
    allowEmptyOption: true,
    searchField: ["text", "optgroup"],
    lockOptgroupOrder: true,
    plugins: ["dropdown_input"],
    render: {
      no_results: () => {
        const empty = document.createElement("div");
        empty.className = "no-results";
        empty.textContent = select.dataset.noResults;
        return empty;
      },
    },
  });
});
