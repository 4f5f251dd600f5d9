// How the sandbox draws a WeCom chat: texts, template cards as cards, pictures and files.
"use strict";

function wecomButton(text, className, onClick) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = className;
  el.textContent = text;
  if (onClick) el.addEventListener("click", () => onClick(el));
  else el.disabled = true;
  return el;
}

// button_interaction: a row of buttons; vote_interaction: options and a submit button.
// Once the app greys the card out, one disabled button shows the word it chose.
function wecomActions(item, ui) {
  const card = item.card;
  const box = document.createElement("div");
  box.className = "card-actions";
  if (item.greyed) {
    box.appendChild(wecomButton(item.greyed, "card-button greyed", null));
    return box;
  }
  if (card.card_type === "button_interaction") {
    for (const b of card.button_list || []) {
      const style = b.style === 1 ? "card-button primary" : "card-button";
      box.appendChild(wecomButton(b.text, style, (el) => ui.press(item.task_id, b.key, el)));
    }
    return box;
  }
  if (card.checkbox) {
    const list = document.createElement("div");
    list.className = "card-options";
    const group = `q-${item.task_id}`;
    for (const o of card.checkbox.option_list || []) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = card.checkbox.mode === 1 ? "checkbox" : "radio";
      input.name = group;
      input.value = o.id;
      label.append(input, document.createTextNode(o.text));
      list.appendChild(label);
    }
    box.appendChild(list);
    const submit = card.submit_button || {};
    box.appendChild(wecomButton(submit.text || "OK", "card-button primary", (el) => {
      const picked = list.querySelector("input:checked");
      if (picked) ui.submit(item.task_id, picked.value, el);
    }));
  }
  return box;
}

function wecomCard(item, ui) {
  const card = item.card;
  const box = document.createElement("div");
  box.className = "card";
  const title = document.createElement("div");
  title.className = "card-title";
  title.textContent = (card.main_title && card.main_title.title) || "";
  box.appendChild(title);
  if (card.main_title && card.main_title.desc) {
    const desc = document.createElement("div");
    desc.className = "card-desc";
    desc.textContent = card.main_title.desc;
    box.appendChild(desc);
  }
  if (card.sub_title_text) {
    const sub = document.createElement("div");
    sub.className = "card-sub";
    sub.textContent = card.sub_title_text;
    box.appendChild(sub);
  }
  box.appendChild(wecomActions(item, ui));
  return box;
}

// `ui` gives the page's strings (`s`) and what pressing (`press`) and submitting do.
function renderWeCom(item, ui) {
  const wrap = document.createElement("div");
  wrap.className = `msg ${item.from_bot ? "bot" : "me"}${item.kind === "card" ? " has-card" : ""}`;
  wrap.dataset.id = item.id;
  wrap.dataset.at = item.at;
  if (item.kind === "card") {
    wrap.appendChild(wecomCard(item, ui));
    return wrap;
  }
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (item.kind === "image") {
    const photo = document.createElement("a");
    photo.className = "photo";
    photo.href = item.url;
    photo.target = "_blank";
    const img = document.createElement("img");
    img.src = item.url;
    img.alt = item.file_name;
    img.addEventListener("load", () => wrap.dispatchEvent(new Event("grown", { bubbles: true })));
    photo.appendChild(img);
    bubble.appendChild(photo);
  } else if (item.kind === "file") {
    bubble.appendChild(documentLink(item, ui));
  } else {
    const text = document.createElement("div");
    text.className = "text";
    text.textContent = item.text;
    bubble.appendChild(text);
  }
  wrap.appendChild(bubble);
  return wrap;
}

// ── the page in WeCom: a person is the member whose UserID is their 工号 ──────────
const wecom = { menu: [] };

function wecomUser() {
  const p = state.people.find((x) => x.user_id === state.current);
  return p ? p.staff_no : "";
}

// Insert in time order, or replace in place (a card the app updated).
function upsertWeCom(item) {
  const list = $("messages");
  list.querySelector(".empty")?.remove();
  const fresh = renderWeCom(item, wecomUi);
  const old = [...list.children].find((el) => el.dataset.id === item.id);
  if (old) {
    old.replaceWith(fresh);
    return;
  }
  const later = [...list.children].find((el) => Number(el.dataset.at) > item.at);
  list.insertBefore(fresh, later || null);
  if (state.stuck || !item.from_bot) scrollToEnd();
}

async function wecomAct(path, body, el) {
  if (el) el.disabled = true;
  try {
    await post(path, { userid: wecomUser(), ...body });
  } catch (error) {
    toast(`${s("failed")} ${error.message}`);
  } finally {
    if (el) el.disabled = false;
  }
}

const wecomUi = {
  s: (key) => s(key),
  press: (taskId, key, el) => wecomAct("/sandbox/wecom/press", { task_id: taskId, key }, el),
  submit: (taskId, option, el) =>
    wecomAct("/sandbox/wecom/submit", { task_id: taskId, option }, el),
};

function wecomItem(item) {
  hideMenu();
  if (item.type === "click") wecomAct("/sandbox/wecom/click", { key: item.key });
  else if (item.url) window.open(item.url, "_blank", "noopener");
}

// A menu's sub items open above the bar, in the list the Telegram commands use.
function showWeComSub(items) {
  const menu = $("menu");
  if (!menu.hidden && menu.dataset.sub) {
    hideMenu();
    return;
  }
  menu.textContent = "";
  menu.dataset.sub = "1";
  for (const item of items) {
    const li = document.createElement("li");
    li.textContent = item.name;
    li.addEventListener("click", () => wecomItem(item));
    menu.appendChild(li);
  }
  menu.hidden = false;
}

async function loadWeComMenu() {
  wecom.menu = (await api("/sandbox/wecom/menu")).button || [];
  const bar = $("wecom-menu");
  bar.textContent = "";
  for (const b of wecom.menu) {
    const el = document.createElement("button");
    el.type = "button";
    el.textContent = b.name;
    el.addEventListener("click", () => (b.sub_button ? showWeComSub(b.sub_button) : wecomItem(b)));
    bar.appendChild(el);
  }
}

// An event from the WeCom side: drawn when that member's chat is open, else counted.
function onWeCom(data) {
  if (state.channel === "wecom" && data.wecom === wecomUser()) {
    upsertWeCom(data.message);
    return;
  }
  const p = state.people.find((x) => x.staff_no === data.wecom);
  if (p && data.message.from_bot && !data.message.edits) {
    state.unread[p.user_id] = (state.unread[p.user_id] || 0) + 1;
    relabel(p.user_id);
  }
}
