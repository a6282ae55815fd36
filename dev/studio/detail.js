// The detail pane: the chosen timeline record as JSON (copyable), and for an invocation's
// START the event in an editor that replays it into the same function (POST /studio/replay);
// the replay's result is shown here and its run appears in the timeline like any other.
const $ = (id) => document.getElementById(id);

export function showRecord(record, status) {
  $("detail-empty").hidden = true;
  $("detail-body").hidden = false;
  $("detail-title").textContent = `${record.type} · ${new Date(record.time).toISOString().slice(11, 23)}${record.connectionId ? ` · ${record.connectionId}` : ""}`;
  $("detail-json").textContent = JSON.stringify(record, null, 2);
  const replayable = record.type === "start" && record.event && record.event.truncated === undefined;
  $("replay").hidden = !replayable;
  $("replay-result").textContent = "";
  if (replayable) {
    $("replay-event").value = JSON.stringify(record.event, null, 2);
    $("replay-function").textContent = `${record.function} (route ${record.route})`;
    $("replay-form").onsubmit = (e) => {
      e.preventDefault();
      replay(record, status);
    };
  }
  $("copy").onclick = () => copy(JSON.stringify(record, null, 2), status);
  $("copy-event").onclick = () => copy($("replay-event").value, status);
}

async function replay(record, status) {
  let event;
  try {
    event = JSON.parse($("replay-event").value);
  } catch (e) {
    $("replay-result").textContent = `The event is not JSON: ${e.message}`;
    return;
  }
  $("replay-result").textContent = "running…";
  const body = { function: record.function, api: record.api, route: record.route, connectionId: record.connectionId, event };
  const res = await fetch("replay", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const answer = await res.json();
  $("replay-result").textContent = JSON.stringify(answer, null, 2);
  status(res.ok ? `Replayed into ${record.function}: ${answer.outcome}` : `Replay failed: ${answer.message}`);
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status("Copied to the clipboard");
  } catch {
    // Without clipboard permission (some browsers, headless): select it for Ctrl-C.
    const area = $("copy-area");
    area.hidden = false;
    area.value = text;
    area.select();
    status("Selected: press Ctrl-C to copy");
  }
}
