// GOV.UK Frontend styles its components for JavaScript once the body has these classes. Loaded
// as the body's first element, before anything is drawn, so nothing jumps; a file rather than
// GOV.UK's inline snippet because the Content Security Policy allows no inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
