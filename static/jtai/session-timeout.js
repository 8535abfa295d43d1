// The "you'll be signed out soon" warning. The server decides when a session ends (jtai/sessions.py):
// this only asks it how long is left, which moves nothing on, and opens the dialog near the end.
// "Stay signed in" posts to the keep-alive address; closing the dialog with Escape does the same.
const dialog = document.getElementById("session-timeout");

if (dialog && typeof dialog.showModal === "function") {
  const total = Number(dialog.dataset.seconds);
  const warning = Number(dialog.dataset.warning);
  const statusUrl = dialog.dataset.statusUrl;
  const countdown = dialog.querySelector("[data-countdown]");
  const stayForm = dialog.querySelector("form[data-stay-signed-in]");
  let deadline = Date.now() + total * 1000;
  let asking = false;

  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000));
  const words = (seconds) => {
    if (seconds > 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minutes`;
    }
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };
  // The server has ended the session (asking it how long was left did): say why, and offer to come back here.
  const leave = () => {
    const here = window.location.pathname + window.location.search;
    window.location.assign(`${dialog.dataset.signedOutUrl}?next=${encodeURIComponent(here)}`);
  };

  async function askServer() {
    asking = true;
    try {
      const response = await fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const status = await response.json();
      if (!status.signed_in) {
        leave();
        return;
      }
      deadline = Date.now() + status.seconds_left * 1000;
    } catch {
      // Offline for a moment: keep counting down on this page's own clock.
    } finally {
      asking = false;
    }
  }

  async function stay() {
    const response = await fetch(stayForm.action, {
      method: "POST",
      body: new FormData(stayForm),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status !== 204) {
      leave();
      return;
    }
    deadline = Date.now() + total * 1000;
    if (dialog.open) dialog.close();
  }

  stayForm.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  // Minute by minute, or second by second in the last minute: a screen reader is not flooded.
  let spoken = "";
  setInterval(async () => {
    if (asking) return;
    if (secondsLeft() <= warning) {
      // Another tab may have kept the session going: ask before warning, and before leaving.
      if (!dialog.open) {
        await askServer();
        if (secondsLeft() > warning) return;
        dialog.showModal();
      }
      if (secondsLeft() === 0) {
        // The server says when it is over (and askServer leaves then); until it does, keep asking.
        await askServer();
        return;
      }
      const text = words(secondsLeft());
      if (text !== spoken && (secondsLeft() <= 60 ? secondsLeft() % 15 === 0 || secondsLeft() <= 5 : true)) {
        countdown.textContent = text;
        spoken = text;
      }
    }
  }, 1000);
}
