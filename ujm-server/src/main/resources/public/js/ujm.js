// Shared by the job dashboard and the admin monitor: the API key, calls to the API, DOM building
// that only ever sets text (never HTML), and the live connection with its fallbacks.

const KEY_ITEM = "ujm.apiKey";

export const session = {
  key() {
    return sessionStorage.getItem(KEY_ITEM);
  },
  signIn(key) {
    sessionStorage.setItem(KEY_ITEM, key);
  },
  signOut() {
    sessionStorage.removeItem(KEY_ITEM);
  },
};

/** A refused request: the problem the API answered (RFC 9457), or a network failure. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `the server answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API with the signed-in key; answers the parsed JSON body, or null for no content. */
export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${session.key()}` };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { detail: "the server cannot be reached" });
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

/**
 * Builds an element. Children are nodes or strings; strings become text nodes, so nothing a user
 * typed is ever parsed as HTML. Attributes starting with "on" are listeners.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      node.className = value;
    } else if (name === "text") {
      node.textContent = value;
    } else if (value === true) {
      node.setAttribute(name, "");
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A state badge: the state's name as text, its colour only a second cue. */
export function stateBadge(state) {
  return el("span", { class: `badge state-${state}` }, state);
}

export function formatTime(iso) {
  if (!iso) {
    return "";
  }
  const d = new Date(iso);
  return d.toLocaleString(undefined, { hour12: false });
}

export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) {
    return "";
  }
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A progress bar with its value also as text. */
export function progressBar(progress, label) {
  const percent = progress && progress.percent !== undefined && progress.percent !== null ? progress.percent : null;
  const bar = el("progress", { max: 100, "aria-label": label });
  if (percent !== null) {
    bar.value = percent;
  }
  return el("span", { class: "progress" }, bar, el("span", { class: "progress-text" }, percent === null ? "–" : `${percent} %`));
}

/**
 * The live connection: tries a WebSocket, falls back to Server-Sent Events, then to polling;
 * reconnects with backoff (1 s doubling to 30 s) and tries the better transports again; reports
 * which transport is live. `onEvent` gets every job event; `onResync` is called when events may
 * have been lost (the page should re-read what it shows); `poll` is the polling fallback: it reads
 * what changed and calls `onEvent` itself.
 */
export class LiveConnection {
  constructor({ subscribe, sseQuery, onEvent, onResync, onStatus, poll, first = "websocket" }) {
    this.subscribe = subscribe;
    this.sseQuery = sseQuery;
    this.onEvent = onEvent;
    this.onResync = onResync;
    this.onStatus = onStatus;
    this.poll = poll;
    this.order = ["websocket", "sse", "polling"];
    this.firstIndex = Math.max(0, this.order.indexOf(first));
    this.attempt = 0;
    this.stopped = false;
    this.lastEventId = null;
  }

  start() {
    this.connect(this.firstIndex);
  }

  stop() {
    this.stopped = true;
    this.teardown();
  }

  teardown() {
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
      this.socket = null;
    }
    if (this.source) {
      this.source.close();
      this.source = null;
    }
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.openTimer);
    clearInterval(this.pingTimer);
  }

  status(transport, live) {
    this.transport = transport;
    this.onStatus(transport, live);
  }

  connect(index) {
    if (this.stopped) {
      return;
    }
    this.teardown();
    const transport = this.order[index];
    if (transport === "websocket" && "WebSocket" in window) {
      this.openSocket(index);
    } else if (transport === "sse" && "EventSource" in window) {
      this.openEvents(index);
    } else {
      this.startPolling();
    }
  }

  /** A transport failed: the next one now, and the better ones again after a backoff. */
  fallBack(index) {
    this.teardown();
    this.attempt += 1;
    if (index + 1 < this.order.length) {
      this.connect(index + 1);
    }
    const wait = Math.min(30000, 1000 * 2 ** Math.min(this.attempt, 5));
    this.retryTimer = setTimeout(() => this.connect(this.firstIndex), wait);
    this.status(this.order[Math.min(index + 1, this.order.length - 1)], index + 1 < this.order.length);
  }

  openSocket(index) {
    this.status("websocket", false);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/api/v2/ws`);
    this.socket = socket;
    let ready = false;
    this.openTimer = setTimeout(() => {
      if (!ready) {
        this.fallBack(index);
      }
    }, 5000);
    socket.onopen = () => socket.send(JSON.stringify({ action: "auth", apiKey: session.key() }));
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.event === "ready") {
        ready = true;
        clearTimeout(this.openTimer);
        this.attempt = 0;
        for (const request of this.subscribe()) {
          socket.send(JSON.stringify({ action: "subscribe", ...request }));
        }
        this.status("websocket", true);
        this.onResync();
        this.pingTimer = setInterval(() => socket.send(JSON.stringify({ action: "ping" })), 25000);
      } else if (data.event === "state" || data.event === "progress") {
        this.onEvent(data);
      } else if (data.event === "resync") {
        this.onResync();
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) {
        return;
      }
      if (event.code === 4401) {
        this.stopped = true;
        this.status("signed out", false);
        return;
      }
      if (ready) {
        // it was live: reconnect the same way after a short wait
        this.socket = null;
        this.status("websocket", false);
        this.retryTimer = setTimeout(() => this.connect(index), 1000);
      } else {
        this.fallBack(index);
      }
    };
  }

  openEvents(index) {
    this.status("sse", false);
    const params = new URLSearchParams(this.sseQuery());
    params.set("apiKey", session.key());
    if (this.lastEventId) {
      params.set("lastEventId", this.lastEventId);
    }
    const source = new EventSource(`/api/v2/events?${params}`);
    this.source = source;
    let opened = false;
    source.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.status("sse", true);
      if (!this.lastEventId) {
        this.onResync();
      }
    };
    source.onmessage = (message) => {
      this.lastEventId = message.lastEventId;
      this.onEvent(JSON.parse(message.data));
    };
    source.addEventListener("resync", () => this.onResync());
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED || !opened) {
        this.fallBack(index);
      } else {
        this.status("sse", false); // the browser reconnects with Last-Event-ID by itself
      }
    };
  }

  startPolling() {
    this.status("polling", true);
    this.onResync();
    const tick = async () => {
      try {
        await this.poll();
        this.status("polling", true);
      } catch (e) {
        this.status("polling", false);
      }
    };
    this.pollTimer = setInterval(tick, 2000);
  }
}
