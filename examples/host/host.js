// Loaded before the widget's loader: records every CSP violation on the page (the
// end-to-end tests read window.__buCspViolations).
window.__buCspViolations = [];
document.addEventListener(
  "securitypolicyviolation",
  (event) => window.__buCspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
  true,
);

// The host listens for the widget's events and switches its theme and language.
const widget = document.querySelector("billing-upgrade");
const log = document.getElementById("events");

for (const name of [
  "plan-changed",
  "purchase-completed",
  "cancellation-scheduled",
  "cancellation-undone",
  "paused",
  "resumed",
  "support-requested",
  "error",
]) {
  document.addEventListener(`billing-upgrade:${name}`, (event) => {
    const item = document.createElement("li");
    item.className = "event";
    item.dataset.type = event.type;
    item.textContent = `${event.type} ${JSON.stringify(event.detail)}`;
    log.append(item);
  });
}

// The host plugs in its payment provider: here the reference provider the mock API runs
// (its origin announced at /provider.json). A real host builds its own adapter (README).
import("/billing/reference-provider.js")
  .then(({ referenceProviderFromConfig }) => referenceProviderFromConfig("/provider.json"))
  .then((provider) => {
    widget.paymentProvider = provider;
  })
  .catch((error) => console.warn(`host: no payment provider (${error})`));

document.getElementById("theme").addEventListener("change", (event) => {
  widget.setAttribute("theme", event.target.value);
});
document.getElementById("locale").addEventListener("change", (event) => {
  widget.setAttribute("locale", event.target.value);
});
