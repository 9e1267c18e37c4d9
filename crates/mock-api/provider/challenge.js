// Reference 3-D Secure challenge: Complete or Fail, told to this origin's server, then
// to the parent page (only at the origin it named).

const params = new URLSearchParams(location.search);
const id = params.get("id") || "";
const parentOrigin = (() => {
  try {
    const url = new URL(params.get("parent") || "");
    return url.origin === params.get("parent") ? url.origin : null;
  } catch {
    return null;
  }
})();
const locale = params.get("locale") === "it" ? "it" : "en";
document.documentElement.lang = locale;
const TEXT = {
  en: { title: "Confirm this payment with your bank", body: "Reference 3-D Secure test page: choose how the check ends.", complete: "Complete", fail: "Fail", error: "The bank could not be reached. Try again." },
  it: { title: "Conferma il pagamento con la tua banca", body: "Pagina di prova 3-D Secure: scegli come finisce la verifica.", complete: "Completa", fail: "Fallisci", error: "Non è stato possibile contattare la banca. Riprova." },
}[locale];
for (const el of document.querySelectorAll("[data-text]")) el.textContent = TEXT[el.dataset.text];

async function answer(outcome) {
  for (const b of document.querySelectorAll("button")) b.disabled = true;
  try {
    const reply = await fetch(`v1/challenges/${encodeURIComponent(id)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outcome }),
    });
    if (!reply.ok) throw new Error(String(reply.status));
    if (parentOrigin) {
      window.parent.postMessage({ type: "bu-provider:challenge", id, ok: outcome === "completed" }, parentOrigin);
    }
  } catch {
    document.getElementById("rp-status").textContent = TEXT.error;
    for (const b of document.querySelectorAll("button")) b.disabled = false;
  }
}

document.getElementById("rp-complete").addEventListener("click", () => answer("completed"));
document.getElementById("rp-fail").addEventListener("click", () => answer("failed"));
document.getElementById("rp-complete").focus();
// Esc pressed here would never reach the page's dialog (another document): say so.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && parentOrigin) window.parent.postMessage({ type: "bu-provider:escape" }, parentOrigin);
});
