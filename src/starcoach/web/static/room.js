// The interview room: asks the waiting question, times the answer, records or takes typed text,
// lets the candidate correct a transcript, keeps the interviewer's silence, and moves on.
// Everything lives on the server: a reload asks GET /api/sessions/{id} and carries on from there.
// Each answer names its turn, so a late transcript or a double click never lands on the next question.
"use strict";

(function () {
  const room = document.getElementById("room");
  if (!room) return;
  const sessionId = room.dataset.session;
  const mode = room.dataset.mode === "voice" ? "voice" : "typing";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const BAND_LOW = 60;
  const BAND_HIGH = 120;
  const REPEAT_SEND_MS = 1500;

  let state = null; // the server's view: {turn, prompt, silence_seconds, state}
  let shownAt = 0; // when the question appeared (ms, performance clock)
  let firstInputAt = null;
  let pausedFor = 0;
  let pausedAt = null;
  let timerHandle = null;
  let recordingId = null;
  let recorder = null;
  let busy = false;
  // When the last answer was saved: a second press that lands just after is that answer sent twice.
  let savedAt = -Infinity;

  // -- talking to the server ---------------------------------------------------------------
  async function api(method, path, body, contentType) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    let payload = body;
    if (body !== undefined && !(body instanceof Blob)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    } else if (body instanceof Blob) {
      headers["Content-Type"] = contentType || body.type || "application/octet-stream";
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
    } catch (err) {
      throw new Error("The connection to StarCoach was lost. Your saved answers are safe; reload the page to carry on.");
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = data && data.error ? data.error : { message: "the request failed", hint: "" };
      const failure = new Error(error.message + "." + (error.hint ? " " + error.hint : ""));
      failure.status = response.status;
      throw failure;
    }
    return data;
  }

  function say(text) {
    const box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  // -- the question --------------------------------------------------------------------------
  function show(next) {
    state = next;
    // A recording still running belongs to the question just left (its answer went another way): drop it.
    if (recorder && recorder.state !== "inactive") recorder.stop();
    $("record-button").disabled = false;
    $("stop-button").disabled = true;
    recordingId = null;
    firstInputAt = null;
    pausedFor = 0;
    $("answer").value = "";
    $("playback").hidden = true;
    $("playback").removeAttribute("src");
    $("voice-status").textContent = "";
    if (next.state === "done" || !next.prompt) {
      stopTimer();
      for (const id of ["question-card", "answer-card", "silence-card"]) $(id).hidden = true;
      $("done-card").hidden = false;
      $("progress-line").textContent = `Saved: ${next.saved}`;
      $("done-card").querySelector("a").focus();
      return;
    }
    const prompt = next.prompt;
    // Numbered as every view numbers it: "Q2 of 4", "Q2 follow-up 1", closing.
    const label = {
      main: `${prompt.label} of ${prompt.total}`,
      followup: prompt.label,
      closing: "Closing: your questions for us",
    }[prompt.kind] || prompt.label;
    $("question-label").textContent = label;
    $("question-text").textContent = prompt.text;
    $("progress-line").textContent = `Saved so far: ${next.saved}`;
    const reason = $("followup-reason");
    reason.hidden = !prompt.reason || prompt.reason === "probe";
    reason.textContent = prompt.reason ? `Asked because your answer left a gap: ${prompt.reason.replace(/_/g, " ")}.` : "";
    $("hint-text").hidden = true;
    $("hint-text").textContent = prompt.hint || "No hint for this one: take a breath and start with the situation.";
    $("hint-button").setAttribute("aria-expanded", "false");
    $("question-card").hidden = false;
    $("answer-card").hidden = false;
    $("silence-card").hidden = true;
    $("done-card").hidden = true;
    $("send-button").disabled = false;
    if (next.notice) say(next.notice);
    shownAt = performance.now();
    startTimer();
    $("question-text").setAttribute("tabindex", "-1");
    $("question-text").focus();
  }

  // The server's voice first (it always has one); the browser's own speech synthesis if that fails.
  let voice = null;
  function speakQuestion() {
    if (!state || !state.prompt) return;
    say("");
    if (voice) voice.pause();
    voice = new Audio(`/api/sessions/${sessionId}/question.wav?turn=${state.turn}`);
    voice.play().catch(() => {
      if (!("speechSynthesis" in window)) {
        say("The question cannot be read aloud here; read it on screen.");
        return;
      }
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(state.prompt.text));
    });
  }

  // -- the clock -----------------------------------------------------------------------------
  function elapsedSeconds() {
    const now = pausedAt !== null ? pausedAt : performance.now();
    const start = firstInputAt !== null ? firstInputAt : shownAt;
    return Math.max(0, (now - start - pausedFor) / 1000);
  }

  function renderTimer() {
    const seconds = elapsedSeconds();
    const whole = Math.floor(seconds);
    $("timer").textContent = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
    const band = $("band");
    if (firstInputAt === null) {
      band.className = "band band-wait";
      band.textContent = "thinking time";
    } else if (seconds < BAND_LOW) {
      band.className = "band band-under";
      band.textContent = "aim for 60-120 s";
    } else if (seconds <= BAND_HIGH) {
      band.className = "band band-in";
      band.textContent = "in the 60-120 s band";
    } else {
      band.className = "band band-over";
      band.textContent = "over 2 minutes: land the result";
    }
  }

  function startTimer() {
    stopTimer();
    renderTimer();
    timerHandle = window.setInterval(renderTimer, 250);
  }

  function stopTimer() {
    if (timerHandle !== null) window.clearInterval(timerHandle);
    timerHandle = null;
  }

  function markFirstInput() {
    if (firstInputAt === null && state && state.prompt) firstInputAt = performance.now();
  }

  // -- pause and resume -----------------------------------------------------------------------
  function pause() {
    if (pausedAt !== null) return;
    pausedAt = performance.now();
    stopTimer();
    if (recorder && recorder.state === "recording") recorder.pause();
    $("question-card").hidden = true;
    $("answer-card").hidden = true;
    $("paused-card").hidden = false;
    $("resume-button").focus();
  }

  function resume() {
    if (pausedAt === null) return;
    pausedFor += performance.now() - pausedAt;
    pausedAt = null;
    if (recorder && recorder.state === "paused") recorder.resume();
    $("paused-card").hidden = true;
    $("question-card").hidden = false;
    $("answer-card").hidden = false;
    startTimer();
    $("answer").focus();
  }

  // -- recording ------------------------------------------------------------------------------
  let meterContext = null;

  async function startRecording() {
    say("");
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      say("This browser cannot record sound here. Type your answer instead.");
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      say("The microphone could not be opened (" + err.name + "). Allow it in the browser, or type your answer.");
      return;
    }
    const turn = state.turn;
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      if (meterContext) meterContext.close();
      meterContext = null;
      $("level").value = 0;
      if (!state || state.turn !== turn || !state.prompt) return; // the interview moved on meanwhile
      upload(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }), turn);
    });
    watchLevel(stream);
    recorder.start(1000);
    markFirstInput();
    $("record-button").disabled = true;
    $("stop-button").disabled = false;
    $("stop-button").focus();
    $("voice-status").textContent = "Recording… press Stop when you have finished.";
  }

  function watchLevel(stream) {
    const AudioCtx = window.AudioContext || window.webkitAudioContext;
    if (!AudioCtx) return;
    meterContext = new AudioCtx();
    const analyser = meterContext.createAnalyser();
    analyser.fftSize = 1024;
    meterContext.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const context = meterContext;
    const tick = () => {
      if (meterContext !== context) return;
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-9);
      const level = Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
      $("level").value = level;
      $("level").textContent = String(level);
      requestAnimationFrame(tick);
    };
    tick();
  }

  function stopRecording() {
    if (recorder && recorder.state !== "inactive") recorder.stop();
    $("stop-button").disabled = true;
  }

  async function upload(blob, turn) {
    $("voice-status").textContent = "Saving the recording…";
    try {
      const stored = await api("POST", `/api/sessions/${sessionId}/recordings?turn=${turn}`, blob);
      if (!state || state.turn !== turn) return; // the interview moved on meanwhile
      recordingId = stored.id;
      $("playback").src = stored.url;
      $("playback").hidden = false;
      await transcribe(stored.id, turn);
    } catch (err) {
      if (state && state.turn === turn) say(err.message);
      $("record-button").disabled = false;
    }
  }

  async function transcribe(id, turn) {
    $("voice-status").textContent = "Saved. Transcribing… (the recording is kept if this fails)";
    try {
      const result = await api("POST", `/api/sessions/${sessionId}/recordings/${id}/transcript`);
      if (!state || state.turn !== turn || recordingId !== id) return; // late: never land on another question
      $("answer").value = result.text;
      $("voice-status").textContent = "Check the transcript, correct anything misheard, then send it.";
      $("answer").focus();
    } catch (err) {
      if (!state || state.turn !== turn) return;
      $("voice-status").textContent = "";
      say(err.message + " Press Record to try again, or type the answer.");
    } finally {
      if (state && state.turn === turn) $("record-button").disabled = false;
    }
  }

  // -- sending the answer ---------------------------------------------------------------------
  async function send() {
    if (busy || !state || !state.prompt || pausedAt !== null) return;
    const text = $("answer").value;
    if (!text.trim()) {
      // A double click or Ctrl+Enter arriving after the first send finished finds the box already
      // cleared for the next question: not an empty answer, so no warning.
      if (performance.now() - savedAt < REPEAT_SEND_MS) return;
      say("The answer is empty. Type or record what you would say, then send it.");
      $("answer").focus();
      return;
    }
    busy = true;
    $("send-button").disabled = true;
    say("");
    const now = performance.now();
    const first = firstInputAt !== null ? firstInputAt : now;
    const body = {
      turn: state.turn,
      text,
      thinking_seconds: Math.max(0, (first - shownAt) / 1000),
      answer_seconds: Math.max(0, (now - first - pausedFor) / 1000),
      recording_id: recordingId,
    };
    try {
      const result = await api("POST", `/api/sessions/${sessionId}/answers`, body);
      const saved = result.turn;
      savedAt = performance.now();
      // A follow-up is judged on the gap it asked about, not scored like a whole answer.
      const gap = result.followup;
      const verdict = !gap ? "" : gap.filled === true ? "Gap filled. " : gap.filled === false ? "Gap not filled. " : "";
      const words = gap && gap.words.length ? ` Your words: "${gap.words.join('" "')}"` : "";
      $("last-summary").textContent = gap
        ? `Answer saved. ${verdict}${gap.note}${words}`
        : `Answer saved. Score ${result.score} of 100, ${saved.report.word_count} words.`;
      $("last-link").href = result.feedback_url;
      $("last-card").hidden = false;
      if (state.silence_seconds > 0 && saved.kind === "main") {
        await keepSilence(saved.index, state.silence_seconds);
      }
      show(result.next);
    } catch (err) {
      say(err.message);
      if (err.status === 409) await reload();
    } finally {
      busy = false;
      $("send-button").disabled = false;
    }
  }

  function keepSilence(turn, seconds) {
    stopTimer();
    $("answer-card").hidden = true;
    $("silence-card").hidden = false;
    $("silence-addition").value = "";
    $("silence-addition").focus();
    return new Promise((resolve) => {
      const ends = performance.now() + seconds * 1000;
      let finished = false;
      const finish = async () => {
        if (finished) return;
        finished = true;
        window.clearInterval(handle);
        const addition = $("silence-addition").value.trim() || null;
        try {
          await api("POST", `/api/sessions/${sessionId}/silence`, { turn, addition });
        } catch (err) {
          say(err.message);
        }
        $("silence-card").hidden = true;
        resolve();
      };
      const handle = window.setInterval(() => {
        const left = Math.max(0, Math.ceil((ends - performance.now()) / 1000));
        $("silence-left").textContent = `${left} s`;
        // Typing into the silence keeps it open until Done: what is added is judged.
        if (left === 0 && !$("silence-addition").value.trim()) finish();
      }, 200);
      $("silence-done").onclick = finish;
    });
  }

  async function reload() {
    try {
      show(await api("GET", `/api/sessions/${sessionId}`));
    } catch (err) {
      say(err.message);
    }
  }

  // -- wiring ----------------------------------------------------------------------------------
  $("answer").addEventListener("input", markFirstInput);
  $("answer").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  });
  $("send-button").addEventListener("click", send);
  $("speak-button").addEventListener("click", speakQuestion);
  $("pause-button").addEventListener("click", pause);
  $("resume-button").addEventListener("click", resume);
  $("hint-button").addEventListener("click", () => {
    const hint = $("hint-text");
    hint.hidden = !hint.hidden;
    $("hint-button").setAttribute("aria-expanded", String(!hint.hidden));
  });
  if (mode === "voice") {
    $("voice-panel").hidden = false;
    $("answer-help").textContent = "Record your answer; the transcript appears here to check before you send it.";
    $("record-button").addEventListener("click", startRecording);
    $("stop-button").addEventListener("click", stopRecording);
  }
  window.addEventListener("offline", () => say("You are offline. Your saved answers are safe; reload when back."));
  reload();
})();
