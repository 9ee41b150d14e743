// The role-play call: sends each agent turn with its number and how long the customer waited,
// then shows the reply. When the call ends the page reloads to show the server-rendered review.
"use strict";

(function () {
  const box = document.getElementById("call");
  const form = document.getElementById("agent-form");
  if (!box || !form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const callId = box.dataset.call;
  let turn = Number(box.dataset.turn);
  let waitingSince = performance.now();
  let busy = false;
  const $ = (id) => document.getElementById(id);

  function addLine(speaker, who, text) {
    const item = document.createElement("li");
    item.className = "line " + speaker;
    const name = document.createElement("span");
    name.className = "who";
    name.textContent = who + ":";
    item.append(name, " " + text);
    $("transcript").append(item);
  }

  function showState(call) {
    $("anger-meter").value = call.anger;
    $("trust-meter").value = call.trust;
    $("anger-value").textContent = String(Math.round(call.anger));
    $("trust-value").textContent = String(Math.round(call.trust));
    $("mood-line").textContent = "Mood: " + call.mood + (call.note ? ". " + call.note : "");
  }

  async function send(event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    $("agent-send").disabled = true;
    const text = $("agent-text").value;
    const silence = Math.max(0, (performance.now() - waitingSince) / 1000);
    try {
      const response = await fetch(`/api/roleplay/calls/${callId}/turns`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
        // Only the silence before the agent started typing counts as making the customer wait.
        body: JSON.stringify({ turn, text, silence_seconds: text.trim() ? 0 : Math.min(silence, 600) }),
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        const error = data && data.error ? data.error : { message: "the request failed", hint: "Reload the page." };
        $("call-message").textContent = error.message + "." + (error.hint ? " " + error.hint : "");
        $("call-message").hidden = false;
        if (response.status === 409) window.location.reload();
        return;
      }
      $("call-message").hidden = !data.notice;
      $("call-message").textContent = data.notice || "";
      if (text.trim()) addLine("agent", "You", text);
      addLine("customer", data.customer, data.transcript[data.transcript.length - 1].text);
      showState(data);
      $("agent-text").value = "";
      turn = data.turn;
      waitingSince = performance.now();
      if (data.outcome) window.location.reload();
      else $("agent-text").focus();
    } catch (err) {
      $("call-message").textContent = "The connection was lost. The call is saved; reload the page to carry on.";
      $("call-message").hidden = false;
    } finally {
      busy = false;
      $("agent-send").disabled = false;
    }
  }

  form.addEventListener("submit", send);
  $("agent-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) send(event);
  });
  $("agent-text").addEventListener("input", () => {
    if (!$("agent-text").value) waitingSince = performance.now();
  });
})();
