// Starts GOV.UK Frontend's components. The module's address comes from the script element's
// data attribute, so that in production it is the hashed file the static manifest names.
const script = document.querySelector("script[data-govuk-frontend]");
const { initAll } = await import(script.dataset.govukFrontend);
initAll();
