// The push-wait view moves on by itself once the phone approves (or the login ends).
function resendNotification() {
  document.getElementById("xyz-form-resend").submit();
}

(function () {
  async function poll() {
    try {
      const reply = await fetch("/sso/Login/status", { credentials: "same-origin", cache: "no-store" });
      const status = await reply.json();
      if (status.state !== "push_wait") { window.location.assign("/sso/Login"); return; }
    } catch (error) { /* a dropped poll is retried */ }
    setTimeout(poll, 250);
  }
  poll();
})();
