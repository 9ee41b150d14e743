// The feedback page: pointing at or tabbing to a feedback item lights up the words it is about.
// The words are already quoted under each item, so without this script nothing is lost; and it
// announces nothing, it only adds a class to the answer's pieces whose offsets fall inside.
"use strict";

(function () {
  const answer = document.getElementById("answer-text");
  if (!answer) return;
  const pieces = Array.from(answer.querySelectorAll("[data-start]")).map((el) => ({
    el,
    start: Number(el.dataset.start),
    end: Number(el.dataset.end),
  }));

  function spans(item) {
    return (item.dataset.evidence || "")
      .split(";")
      .map((part) => part.split("-").map(Number))
      .filter((pair) => pair.length === 2 && pair.every(Number.isFinite) && pair[1] > pair[0]);
  }

  function clear() {
    for (const piece of pieces) piece.el.classList.remove("lit");
  }

  function light(item) {
    clear();
    const wanted = spans(item);
    for (const piece of pieces) {
      if (wanted.some(([start, end]) => piece.start < end && piece.end > start)) piece.el.classList.add("lit");
    }
  }

  for (const item of document.querySelectorAll("[data-evidence]")) {
    if (!item.dataset.evidence) continue;
    item.addEventListener("mouseenter", () => light(item));
    item.addEventListener("focus", () => light(item));
    item.addEventListener("mouseleave", () => {
      if (document.activeElement !== item) clear();
    });
    item.addEventListener("blur", clear);
  }
})();
