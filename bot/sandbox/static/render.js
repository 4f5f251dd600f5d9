// How the sandbox draws one message: Telegram's HTML rebuilt safely, files, and keyboards.
"use strict";

// Telegram's HTML parse mode allows these tags and nothing else.
const ALLOWED = new Set([
  "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
  "span", "tg-spoiler", "blockquote", "tg-emoji",
]);
const SAFE_LINK = /^(https?:|tg:|mailto:)/i;

// ── rendering bot HTML safely ────────────────────────────────────────────────
// Read the text as Telegram does: 1. split it into tags and text; 2. an allowed tag opens or
// closes an element, built with createElement and only safe attributes; 3. any other tag, and
// a closing tag that closes nothing, stays visible as the literal text it was; 4. text gets
// the entities Telegram knows (&lt; &gt; &amp; &quot; and numeric ones) decoded, and is
// added as text nodes, never as markup.
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/g;
const ATTR = /([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const NAMED = { lt: "<", gt: ">", amp: "&", quot: '"' };

function decode(text) {
  return text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot));/g, (whole, dec, hex, name) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attributes(source) {
  const found = {};
  for (const m of source.matchAll(ATTR)) found[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? "");
  return found;
}

function element(tag, attrs) {
  if (tag === "tg-spoiler" || (tag === "span" && attrs.class === "tg-spoiler")) {
    const el = document.createElement("span");
    el.className = "spoiler";
    el.addEventListener("click", () => el.classList.toggle("shown"));
    return el;
  }
  if (tag === "a") {
    const el = document.createElement("a");
    if (SAFE_LINK.test(attrs.href || "")) {
      el.href = attrs.href;
      el.target = "_blank";
      el.rel = "noopener noreferrer";
    }
    return el;
  }
  return document.createElement(tag === "tg-emoji" ? "span" : tag);
}

function renderHTML(source, target) {
  const stack = [{ tag: "", el: target }];
  const text = (t) => {
    if (t) stack[stack.length - 1].el.appendChild(document.createTextNode(t));
  };
  let at = 0;
  for (const m of source.matchAll(TAG)) {
    text(decode(source.slice(at, m.index)));
    at = m.index + m[0].length;
    const [whole, closing, name, attrs] = m;
    const tag = name.toLowerCase();
    if (!ALLOWED.has(tag)) {
      text(whole);
    } else if (!closing) {
      const el = element(tag, attributes(attrs));
      stack[stack.length - 1].el.appendChild(el);
      stack.push({ tag, el });
    } else if (stack.length > 1 && stack[stack.length - 1].tag === tag) {
      stack.pop();
    } else {
      text(whole);
    }
  }
  text(decode(source.slice(at)));
}

function fillText(target, text, parseMode) {
  if (parseMode && parseMode.toUpperCase() === "HTML") renderHTML(text, target);
  else target.textContent = text;
}

function clockTime(seconds) {
  const d = seconds ? new Date(seconds * 1000) : new Date();
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function documentLink(file, ui) {
  const a = document.createElement("a");
  a.className = "doc";
  a.href = file.url;
  a.download = file.file_name;
  a.title = ui.s("download");
  const icon = document.createElement("span");
  icon.className = "doc-icon";
  icon.textContent = "↓";
  const info = document.createElement("span");
  const name = document.createElement("div");
  name.className = "doc-name";
  name.textContent = file.file_name;
  const bytes = document.createElement("div");
  bytes.className = "doc-size";
  bytes.textContent = size(file.size);
  info.append(name, bytes);
  a.append(icon, info);
  return a;
}

function keyboard(message, ui) {
  const box = document.createElement("div");
  box.className = "keyboard";
  for (const row of message.reply_markup) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      let el;
      if (button.url) {
        el = document.createElement("a");
        if (SAFE_LINK.test(button.url)) el.href = button.url;
        el.target = "_blank";
        el.rel = "noopener noreferrer";
      } else {
        el = document.createElement("button");
        el.type = "button";
        el.addEventListener("click", () => ui.press(message.message_id, button.callback_data, el));
      }
      el.textContent = button.text;
      line.appendChild(el);
    }
    box.appendChild(line);
  }
  return box;
}

// `ui` gives the page's strings (`s`) and what a button press does (`press`).
function renderMessage(message, ui) {
  const wrap = document.createElement("div");
  wrap.className = `msg ${message.from_bot ? "bot" : "me"}`;
  wrap.dataset.id = message.message_id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.photo) {
    const photo = document.createElement("a");
    photo.className = "photo";
    photo.href = message.photo.url;
    photo.target = "_blank";
    const img = document.createElement("img");
    img.src = message.photo.url;
    img.alt = message.photo.file_name;
    // The chat grows when the picture arrives: tell it, so it can keep its bottom in view.
    img.addEventListener("load", () => wrap.dispatchEvent(new Event("grown", { bubbles: true })));
    photo.appendChild(img);
    bubble.appendChild(photo);
  }
  if (message.document) bubble.appendChild(documentLink(message.document, ui));
  const body = message.text ?? message.caption;
  if (body) {
    const text = document.createElement("div");
    text.className = "text";
    fillText(text, body, message.parse_mode);
    bubble.appendChild(text);
  }
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = (message.edits ? `${ui.s("edited")} ` : "") + clockTime(message.date);
  bubble.appendChild(meta);
  wrap.appendChild(bubble);
  if (message.reply_markup && message.reply_markup.length) wrap.appendChild(keyboard(message, ui));
  return wrap;
}
