// On every signed-in page: sends the records waiting in this browser (static/jtai/offline-queue.js)
// as soon as there is a connection, forgets pages kept offline for another user, and asks before
// signing out while records wait (docs/decisions/0011).
const script = document.querySelector("script[data-queue-owner]");
const owner = script.dataset.queueOwner;
const statusUrl = script.dataset.sessionStatus;
const signOutUrl = script.dataset.signOut;
const queue = await import(script.dataset.queueModule);

const RETRY_MS = 30_000;

await queue.claimBrowser(owner);

let sending = null;
async function sendWaiting() {
  if (sending) return sending;
  sending = queue.send(owner, statusUrl).finally(() => {
    sending = null;
  });
  const outcome = await sending;
  document.dispatchEvent(new CustomEvent("jtai:queue-sent", { detail: outcome }));
  return outcome;
}

window.addEventListener("online", sendWaiting);
// A guest Wi-Fi can say it is online and still carry nothing: try again now and then.
window.setInterval(sendWaiting, RETRY_MS);
sendWaiting();

const described = (number) => (number === 1 ? "1 record has" : `${number} records have`);

async function unsent() {
  const left = queue.count(await queue.all(owner));
  return left.waiting + left.refused;
}

const warning = document.querySelector("[data-unsent-warning]");
if (warning) {
  const number = await unsent();
  if (number > 0) {
    warning.querySelector("[data-unsent-count]").textContent = described(number);
    warning.hidden = false;
  }
}

// Signing out: with records still to send, first the page that says what happens to them; then
// forget what was sent and the pages kept offline. Whatever goes wrong here, the sign-out goes on.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (new URL(form.action, window.location.href).pathname !== new URL(signOutUrl, window.location.href).pathname) return;
  event.preventDefault();
  try {
    if (!("signOutConfirmed" in form.dataset) && (await unsent()) > 0) {
      window.location.assign(signOutUrl);
      return;
    }
    await queue.signingOut(owner);
  } catch {
    // Storage the browser refuses to open holds nothing of ours to clear.
  }
  form.submit();
});
