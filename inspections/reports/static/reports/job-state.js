// A letter version's page while its PDF is being made. Without JavaScript, "Check again" reloads
// the page. With it, the job's state updates in place (announced through role="status") until
// the PDF is ready or has failed.
const state = document.getElementById("job-state");
const poll = async () => {
  try {
    const page = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
    const fresh = page.getElementById("job-state");
    if (!fresh) return;
    if (fresh.innerHTML !== state.innerHTML) state.innerHTML = fresh.innerHTML;
    if (fresh.dataset.waiting === "true") setTimeout(poll, 3000);
  } catch (error) {
    // Offline for a moment: "Check again" still works.
  }
};
if (state) setTimeout(poll, 3000);
