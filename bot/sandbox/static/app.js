// The fudao sandbox page: one Telegram-like chat per demo person, fed by server-sent events.
"use strict";

const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";

// `stuck`: the chat is scrolled to its end, so what arrives (or grows) stays in view.
const state = {
  people: [], current: null, unread: {}, commands: [], strings: {}, stuck: true, autoTop: -1,
  channel: "telegram",
};
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) throw new Error((await response.text()) || response.statusText);
  return response.json();
}

function post(path, body) {
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

const s = (key) => state.strings[key] || key;

// Insert, replace in place (an edit) or remove (a deletion), keeping message-id order.
function upsert(message) {
  const list = $("messages");
  list.querySelector(".empty")?.remove();
  const old = list.querySelector(`.msg[data-id="${message.message_id}"]`);
  if (message.deleted) {
    old?.remove();
    return;
  }
  const fresh = renderMessage(message, { s, press });
  if (old) {
    if (old.querySelector(".meta") && !message.date) {
      fresh.querySelector(".meta").textContent =
        (message.edits ? `${s("edited")} ` : "") + old.dataset.time;
    }
    fresh.dataset.time = old.dataset.time;
    old.replaceWith(fresh);
  } else {
    fresh.dataset.time = clockTime(message.date);
    const later = [...list.children].find((el) => Number(el.dataset.id) > message.message_id);
    list.insertBefore(fresh, later || null);
    if (state.stuck || !message.from_bot) scrollToEnd();
  }
}

function scrollToEnd() {
  const list = $("messages");
  state.stuck = true;
  list.scrollTop = list.scrollHeight;
  state.autoTop = list.scrollTop;
}

function showEmpty() {
  const list = $("messages");
  if (!list.querySelector(".msg")) {
    const note = document.createElement("div");
    note.className = "empty";
    note.textContent = s("empty");
    list.appendChild(note);
  }
}

let toastTimer = 0;
function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 2500);
}

// ── people ───────────────────────────────────────────────────────────────────
function personLabel(p) {
  const n = state.unread[p.user_id];
  return `${p.name} · ${p.role_label}${n ? ` (${n} ${s("unread")})` : ""}`;
}

function fillPeople() {
  const select = $("person");
  select.textContent = "";
  const groups = new Map();
  for (const p of state.people) {
    if (!groups.has(p.role_label)) {
      const group = document.createElement("optgroup");
      group.label = p.role_label;
      groups.set(p.role_label, group);
      select.appendChild(group);
    }
    const option = document.createElement("option");
    option.value = p.user_id;
    option.textContent = personLabel(p);
    option.dataset.role = p.role;
    groups.get(p.role_label).appendChild(option);
  }
}

function relabel(userId) {
  const p = state.people.find((x) => x.user_id === userId);
  const option = $("person").querySelector(`option[value="${userId}"]`);
  if (p && option) option.textContent = personLabel(p);
}

async function choose(userId) {
  state.current = userId;
  state.unread[userId] = 0;
  relabel(userId);
  $("person").value = String(userId);
  // 看板 opens the web console as this person (a one-time sign-in link, no Telegram).
  $("console-link").href = `/sandbox/console?user_id=${userId}`;
  const onWeCom = state.channel === "wecom";
  const tail = onWeCom ? "&c=wecom" : "";
  history.replaceState(null, "", `${location.pathname}${location.search}#u=${userId}${tail}`);
  const list = $("messages");
  list.textContent = "";
  const messages = onWeCom
    ? await api(`/sandbox/wecom/chat?userid=${encodeURIComponent(wecomUser())}`)
    : await api(`/sandbox/chat?user_id=${userId}`);
  if (state.current !== userId || onWeCom !== (state.channel === "wecom")) return;
  list.textContent = "";
  for (const m of messages) (onWeCom ? upsertWeCom : upsert)(m);
  showEmpty();
  scrollToEnd();
}

// ── acting ───────────────────────────────────────────────────────────────────
async function sendText(text) {
  const clean = text.trim();
  if (!clean || state.current === null) return;
  hideMenu();
  try {
    if (state.channel === "wecom") {
      upsertWeCom(await post("/sandbox/wecom/send", { userid: wecomUser(), text: clean }));
    } else {
      upsert(await post("/sandbox/send", { user_id: state.current, text: clean }));
    }
  } catch (error) {
    toast(`${s("failed")} ${error.message}`);
  }
}

async function press(messageId, data, el) {
  el.disabled = true;
  try {
    await post("/sandbox/press", { user_id: state.current, message_id: messageId, data });
  } catch (error) {
    toast(`${s("failed")} ${error.message}`);
  } finally {
    el.disabled = false;
  }
}

async function upload(file) {
  const form = new FormData();
  form.append("user_id", String(state.current));
  form.append("file", file, file.name);
  try {
    upsert(await api("/sandbox/upload", { method: "POST", body: form }));
  } catch (error) {
    toast(`${s("failed")} ${error.message}`);
  }
}

// ── the command menu ─────────────────────────────────────────────────────────
function showMenu(filter) {
  const menu = $("menu");
  menu.textContent = "";
  const shown = state.commands.filter((c) => `/${c.command}`.startsWith(filter || "/"));
  for (const c of shown) {
    const item = document.createElement("li");
    const cmd = document.createElement("span");
    cmd.className = "cmd";
    cmd.textContent = `/${c.command}`;
    const desc = document.createElement("span");
    desc.className = "desc";
    desc.textContent = c.description;
    item.append(cmd, desc);
    item.addEventListener("click", () => {
      $("text").value = "";
      sendText(`/${c.command}`);
    });
    menu.appendChild(item);
  }
  menu.hidden = shown.length === 0;
}

function hideMenu() {
  $("menu").hidden = true;
  delete $("menu").dataset.sub;
}

// The same people and the same bot, seen in Telegram or in WeCom (the app's other channel).
function setChannel(channel) {
  state.channel = channel === "wecom" ? "wecom" : "telegram";
  $("channel").value = state.channel;
  document.body.classList.toggle("wecom", state.channel === "wecom");
  $("wecom-menu").hidden = state.channel !== "wecom";
  $("bot-status").textContent = s(state.channel === "wecom" ? "wecom-status" : "bot-status");
  hideMenu();
}

// ── the clock ────────────────────────────────────────────────────────────────
function localNow(zone) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date());
  const v = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  return `${v.year}-${v.month}-${v.day}T${v.hour}:${v.minute}`;
}

async function loadJobs() {
  const { jobs, timezone } = await api("/sandbox/jobs");
  const select = $("job");
  select.textContent = "";
  for (const name of jobs) {
    const option = document.createElement("option");
    option.value = option.textContent = name;
    select.appendChild(option);
  }
  $("at").value = localNow(timezone);
  $("run").disabled = jobs.length === 0;
  if (!jobs.length) $("job-result").textContent = s("no-jobs");
}

async function runJob() {
  const result = $("job-result");
  result.classList.remove("error");
  result.textContent = s("running");
  $("run").disabled = true;
  try {
    const done = await post("/sandbox/run-job", { name: $("job").value, at: $("at").value });
    result.textContent = `${done.name} @ ${$("at").value.replace("T", " ")} · ${s("sent")} ${done.sent}`;
  } catch (error) {
    result.classList.add("error");
    result.textContent = `${s("failed")} ${error.message}`;
  } finally {
    $("run").disabled = false;
  }
}

// ── live updates ─────────────────────────────────────────────────────────────
function listen() {
  const events = new EventSource("/sandbox/events");
  events.onopen = () => { $("offline").hidden = true; };
  events.onerror = () => { $("offline").hidden = false; };
  events.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (data.toast) {
      if (data.chat_id === state.current) toast(data.toast);
      return;
    }
    if (!data.message) return;
    if (data.wecom !== undefined) {
      onWeCom(data);
    } else if (data.chat_id === state.current && state.channel === "telegram") {
      upsert(data.message);
    } else if (data.message.from_bot && !data.message.edits && !data.message.deleted) {
      state.unread[data.chat_id] = (state.unread[data.chat_id] || 0) + 1;
      relabel(data.chat_id);
    }
  };
}

// ── start ────────────────────────────────────────────────────────────────────
// Chromium lays out text drawn before a web font arrives with tofu and may keep it so:
// load the Chinese font first (a few seconds at most), then fill in the page.
async function fontReady() {
  const wait = new Promise((resolve) => setTimeout(resolve, 3000));
  try {
    await Promise.race([document.fonts.load('15px "Sandbox Noto Sans SC"', "辅导员"), wait]);
  } catch {
    // No web font: the system's fonts will do.
  }
}

async function start() {
  const [strings] = await Promise.all([api(`/sandbox/strings?lang=${lang}`), fontReady()]);
  state.strings = strings;
  $("avatar").textContent = s("bot-name").charAt(0);
  document.title = s("title");
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  for (const el of document.querySelectorAll("[data-s]")) el.textContent = s(el.dataset.s);
  for (const el of document.querySelectorAll("[data-title]")) el.title = s(el.dataset.title);
  $("text").placeholder = s("placeholder");
  $("send").title = s("send");
  state.people = await api("/sandbox/people");
  state.commands = await api(`/sandbox/commands?lang=${lang}`);
  fillPeople();
  // Listened to at once: a person picked while the rest loads is the one shown and used.
  $("person").addEventListener("change", (e) => choose(Number(e.target.value)));
  listen();
  loadJobs();
  await loadWeComMenu();

  const list = $("messages");
  list.addEventListener("scroll", () => {
    // Only the person's own scrolling decides; ours lands exactly where we put it.
    if (list.scrollTop === state.autoTop) return;
    state.stuck = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  });
  list.addEventListener("grown", () => {
    if (state.stuck) scrollToEnd();
  });
  new ResizeObserver(() => {
    if (state.stuck) scrollToEnd();
  }).observe(list);
  $("channel").addEventListener("change", (e) => {
    setChannel(e.target.value);
    choose(state.current);
  });
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value;
    $("text").value = "";
    sendText(text);
  });
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("text").addEventListener("input", () => {
    const v = $("text").value;
    if (v.startsWith("/") && !v.includes(" ")) showMenu(v);
    else hideMenu();
  });
  $("menu-toggle").addEventListener("click", () => {
    if ($("menu").hidden) {
      showMenu("/");
    } else {
      hideMenu();
    }
  });
  $("file").addEventListener("change", (e) => {
    const [file] = e.target.files;
    if (file) upload(file);
    e.target.value = "";
  });
  $("clock-toggle").addEventListener("click", () => {
    const panel = $("clock");
    panel.hidden = !panel.hidden;
    $("clock-toggle").setAttribute("aria-expanded", String(!panel.hidden));
  });
  $("run").addEventListener("click", runJob);

  const fromHash = Number((location.hash.match(/u=(\d+)/) || [])[1]);
  setChannel(/c=wecom/.test(location.hash) ? "wecom" : "telegram");
  const first = state.people.find((p) => p.user_id === fromHash) || state.people[0];
  // Nobody picked yet: the page opens on the person its address names, else the first.
  if (first && state.current === null) await choose(first.user_id);
}

start();
