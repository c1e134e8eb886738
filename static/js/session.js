// Typed input survives the session (see core/session.py): while she types,
// ping the keep-alive URL at most once a minute, which keeps the session
// open; when nothing was sent for a while, warn before the session ends.
(() => {
  const body = document.body;
  const url = body.dataset.keepAlive;
  if (!url) return;
  const lifetime = Number(body.dataset.sessionSeconds) * 1000;
  // The server pushes the expiry forward at most once a minute: count from a minute earlier.
  const margin = 60 * 1000;
  const warnBefore = 5 * 60 * 1000;
  const warning = document.getElementById("session-warning");
  const ending = warning.querySelector("[data-session-state=ending]");
  const ended = warning.querySelector("[data-session-state=ended]");
  const stay = warning.querySelector("[data-session-stay]");
  let aliveSince = Date.now();
  let lastPing = Date.now();
  let over = false;

  const show = (state) => {
    warning.hidden = state === null;
    ending.hidden = state !== "ending";
    ended.hidden = state !== "ended";
    stay.hidden = state !== "ending";
  };

  const ping = async () => {
    lastPing = Date.now();
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual", cache: "no-store" });
      if (response.status === 204) {
        aliveSince = Date.now();
        show(null);
      } else {
        over = true; // redirected to the login page: the session has ended
        show("ended");
      }
    } catch {
      // Offline for a moment (in the field): try again on the next keystroke.
    }
  };

  document.addEventListener("input", () => {
    if (!over && Date.now() - lastPing > margin) ping();
  });
  stay.addEventListener("click", ping);
  setInterval(() => {
    if (over) return;
    const left = aliveSince + lifetime - margin - Date.now();
    if (left <= 0) {
      over = true;
      show("ended");
    } else if (left <= warnBefore) {
      show("ending");
    }
  }, 10 * 1000);
})();
