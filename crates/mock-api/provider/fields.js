// Reference hosted card fields (a stand-in for a payment provider's iframe). The card
// number lives in this frame and goes to this origin's /v1/tokens only; the parent page
// gets a token and the card's brand, last 4 and expiry, by postMessage to exactly the
// origin it named (`parent`), and is obeyed only from that origin and window.

const params = new URLSearchParams(location.search);
const parentOrigin = (() => {
  try {
    const url = new URL(params.get("parent") || "");
    return url.origin === params.get("parent") && /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
})();
const locale = params.get("locale") === "it" ? "it" : "en";
if (params.get("theme") === "dark") document.documentElement.classList.add("rp-dark");
document.documentElement.lang = locale;

const TEXT = {
  en: {
    number: "Card number",
    expiry: "Expiry (MM / YY)",
    cvc: "Security code",
    postal: "Postal code",
    note: "Reference test provider · card details stay in this frame",
    number_incomplete: "Enter the whole card number.",
    number_invalid: "This card number is not valid.",
    expiry_incomplete: "Enter the expiry as MM / YY.",
    expiry_past: "This card has expired.",
    cvc_incomplete: (n) => `Enter the ${n}-digit security code.`,
    postal_missing: "Enter the postal code.",
    fix: "Check the card details.",
    network: "The card could not be checked. Try again.",
  },
  it: {
    number: "Numero della carta",
    expiry: "Scadenza (MM / AA)",
    cvc: "Codice di sicurezza",
    postal: "CAP",
    note: "Provider di prova · i dati della carta restano in questo riquadro",
    number_incomplete: "Inserisci il numero completo della carta.",
    number_invalid: "Questo numero di carta non è valido.",
    expiry_incomplete: "Inserisci la scadenza come MM / AA.",
    expiry_past: "Questa carta è scaduta.",
    cvc_incomplete: (n) => `Inserisci il codice di sicurezza di ${n} cifre.`,
    postal_missing: "Inserisci il CAP.",
    fix: "Controlla i dati della carta.",
    network: "Non è stato possibile verificare la carta. Riprova.",
  },
}[locale];

for (const el of document.querySelectorAll("[data-text]")) {
  el.textContent = TEXT[el.dataset.text];
}

const $ = (id) => document.getElementById(id);
const number = $("rp-number");
const expiry = $("rp-expiry");
const cvc = $("rp-cvc");
const postal = $("rp-postal");

const digits = (s) => s.replace(/\D/g, "");

function brandOf(d) {
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  if (d.startsWith("4")) return "visa";
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "mastercard";
  if (two === 34 || two === 37) return "amex";
  if (d.startsWith("6011") || two === 65) return "discover";
  return "";
}

const lengthOf = (brand) => (brand === "amex" ? 15 : 16);
const cvcLengthOf = (brand) => (brand === "amex" ? 4 : 3);

function luhn(d) {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return d.length >= 12 && sum % 10 === 0;
}

function readExpiry() {
  const d = digits(expiry.value);
  if (d.length !== 4) return null;
  const month = Number(d.slice(0, 2));
  const year = 2000 + Number(d.slice(2));
  return month >= 1 && month <= 12 ? { month, year } : null;
}

// Brand as you type; the number grouped the way the brand prints it.
number.addEventListener("input", () => {
  const d = digits(number.value).slice(0, 19);
  const brand = brandOf(d);
  const groups = brand === "amex" ? [4, 6, 5] : [4, 4, 4, 4, 3];
  let out = [];
  let at = 0;
  for (const g of groups) {
    if (at >= d.length) break;
    out.push(d.slice(at, at + g));
    at += g;
  }
  number.value = out.join(" ");
  $("rp-brand").textContent = brand;
  cvc.maxLength = cvcLengthOf(brand);
  clear(number);
  changed();
});
expiry.addEventListener("input", () => {
  const d = digits(expiry.value).slice(0, 4);
  expiry.value = d.length > 2 ? `${d.slice(0, 2)} / ${d.slice(2)}` : d;
  clear(expiry);
  changed();
});
for (const input of [cvc, postal]) {
  input.addEventListener("input", () => {
    if (input === cvc) cvc.value = digits(cvc.value);
    clear(input);
    changed();
  });
}

function clear(input) {
  input.removeAttribute("aria-invalid");
  $(`${input.id}-error`).textContent = "";
}

function fail(input, message) {
  input.setAttribute("aria-invalid", "true");
  $(`${input.id}-error`).textContent = message;
}

/** Every field's problem (shown beside it); empty when the card can be sent. */
function validate() {
  const problems = [];
  const d = digits(number.value);
  const brand = brandOf(d);
  if (d.length < lengthOf(brand)) problems.push([number, TEXT.number_incomplete]);
  else if (!luhn(d) || d.length > lengthOf(brand)) problems.push([number, TEXT.number_invalid]);
  const exp = readExpiry();
  const now = new Date();
  if (!exp) problems.push([expiry, TEXT.expiry_incomplete]);
  else if (exp.year * 12 + exp.month < now.getFullYear() * 12 + now.getMonth() + 1)
    problems.push([expiry, TEXT.expiry_past]);
  if (digits(cvc.value).length !== cvcLengthOf(brand))
    problems.push([cvc, TEXT.cvc_incomplete(cvcLengthOf(brand))]);
  if (!postal.value.trim()) problems.push([postal, TEXT.postal_missing]);
  return problems;
}

function send(message) {
  if (parentOrigin && window.parent !== window) window.parent.postMessage(message, parentOrigin);
}

function changed() {
  send({ type: "bu-provider:change", complete: validate().length === 0, brand: brandOf(digits(number.value)) });
}

async function tokenize() {
  const problems = validate();
  for (const [input, message] of problems) fail(input, message);
  if (problems.length) {
    problems[0][0].focus();
    return { error: { code: "validation_error", message: TEXT.fix } };
  }
  const exp = readExpiry();
  try {
    const reply = await fetch("v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        number: digits(number.value),
        exp_month: exp.month,
        exp_year: exp.year,
        cvc: digits(cvc.value),
        postal_code: postal.value.trim(),
      }),
    });
    const body = await reply.json();
    if (body.error) {
      const field = { invalid_number: number, invalid_expiry: expiry, invalid_cvc: cvc }[body.error.code];
      if (field) fail(field, TEXT.fix);
      return { error: { code: "validation_error", message: TEXT.fix } };
    }
    return { token: body.token, card: body.card };
  } catch {
    return { error: { code: "provider_unavailable", message: TEXT.network } };
  }
}

window.addEventListener("message", async (event) => {
  if (!parentOrigin || event.origin !== parentOrigin || event.source !== window.parent) return;
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "bu-provider:tokenize") {
    send({ type: "bu-provider:tokenized", id: data.id, result: await tokenize() });
  } else if (data.type === "bu-provider:focus") {
    number.focus();
  }
});

document.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
// Esc pressed here would never reach the page's dialog (another document): say so.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") send({ type: "bu-provider:escape" });
});
send({ type: "bu-provider:ready" });
// The parent sizes the frame to the fields (no scrollbar inside a payment form).
new ResizeObserver(() => send({ type: "bu-provider:resize", height: document.body.offsetHeight })).observe(
  document.body,
);
