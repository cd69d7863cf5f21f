// The frame the schedules and workflows pages share: the sign-in form (the key lives in this tab's
// session storage, so a key given on one page serves every page of the tab), sign-out, and a live
// connection whose transport is shown in the header. A page passes what it shows once signed in
// (`onReady`) and what it does with each job event (`onEvent`) and after a possible loss (`onResync`).
import { LiveConnection, api, session } from "./ujm.js";

const byId = (id) => document.getElementById(id);
const TRANSPORTS = { websocket: "WebSocket", sse: "Server-Sent Events", polling: "polling" };

/** Shows in the header which transport carries the events, and whether it is live. */
function showTransport(transport, isLive) {
  const status = byId("transport");
  const name = TRANSPORTS[transport] || transport;
  status.textContent = isLive ? `Live: ${name}` : `Connecting: ${name}…`;
  status.classList.toggle("live", isLive);
}

/**
 * Starts the page: signs in with the tab's key or asks for one, then calls `onReady(scope)` with
 * "all" for an admin key (it sees its tenant) or "own", and follows that scope's events.
 * `probe` is a GET path the key must be able to read.
 */
export function startSignedInPage({ probe, onReady, onEvent, onResync, poll }) {
  let live = null;

  const signedOut = (message) => {
    byId("sign-in").hidden = false;
    byId("app").hidden = true;
    byId("sign-out").hidden = true;
    byId("sign-in-error").textContent = message || "";
    if (live) {
      live.stop();
      live = null;
    }
    showTransport("not connected", false);
  };

  const signedIn = async () => {
    const scope = await api("GET", "/api/v2/queues").then(() => "all", () => "own");
    byId("sign-in").hidden = true;
    byId("app").hidden = false;
    byId("sign-out").hidden = false;
    await onReady(scope);
    live = new LiveConnection({
      first: new URLSearchParams(location.search).get("transport") || "websocket",
      subscribe: () => [{ scope }],
      sseQuery: () => ({ scope }),
      onEvent,
      onResync,
      onStatus: showTransport,
      poll,
    });
    live.start();
  };

  byId("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    session.signIn(byId("api-key").value.trim());
    try {
      await api("GET", probe);
    } catch (e) {
      session.signOut();
      byId("sign-in-error").textContent = e.status === 401 ? "That key is unknown or revoked." : e.message;
      return;
    }
    byId("api-key").value = "";
    signedIn();
  });
  byId("sign-out").addEventListener("click", () => {
    session.signOut();
    signedOut("Signed out.");
  });
  if (session.key()) {
    api("GET", probe).then(signedIn, () => signedOut("Your key no longer works; sign in again."));
  } else {
    signedOut();
  }
}

/** Calls `work` once, a little after the last of a burst of calls to the function it returns. */
export function debounced(work, ms = 250) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(work, ms);
  };
}

/** Writes an outcome into a message line: text, or an error's message, marked good or bad. */
export function say(elementId, what, ok = false) {
  const message = byId(elementId);
  message.textContent = typeof what === "string" ? what : what.message;
  message.className = ok ? "message ok" : "message bad";
}
