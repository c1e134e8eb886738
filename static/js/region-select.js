// The region picker: a plain <select> grouped by province (works without
// this script), made searchable by typing with Tom Select: "Surabaya" finds
// Kota Surabaya at once, on a phone as on a desktop.
document.querySelectorAll("select[data-region-select]").forEach((select) => {
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
