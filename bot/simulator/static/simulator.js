/* The simulator page: simulated residents chat with the bot through the stand-in of LINE.
 *
 * What the bot sent comes from the stand-in's timeline (polled); what the resident did is kept
 * in this browser (localStorage), placed after the bot message it followed.
 */
"use strict";

(function () {
  const {el, httpUrl, actionLabel, renderMessage} = window.LineRender;
  const API = document.body.dataset.api;
  const PORTAL = document.body.dataset.portalName || "";
  const POLL_MS = 700;
  const MENU_REFRESH_MS = 2500;
  const MAX_KEPT = 300;  // resident actions remembered per user in this browser
  const MAX_IMAGE_BYTES = 700 * 1024;  // bigger pictures are scaled down before sending
  const STICKERS = [
    {packageId: "446", stickerId: "1988", face: "🐻", name: "くま"},
    {packageId: "446", stickerId: "1989", face: "👍", name: "いいね"},
    {packageId: "446", stickerId: "1990", face: "🙇", name: "おねがい"},
    {packageId: "446", stickerId: "1991", face: "🎉", name: "おめでとう"},
    {packageId: "446", stickerId: "1992", face: "😊", name: "にっこり"},
    {packageId: "446", stickerId: "1993", face: "🙏", name: "ありがとう"},
  ];
  const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"];

  const $ = (id) => document.getElementById(id);
  const ui = {
    log: $("chat-log"), quick: $("quick-replies"), composer: $("composer"), input: $("message-input"),
    send: $("send-button"), imageButton: $("image-button"), imageFile: $("image-file"),
    stickerButton: $("sticker-button"), palette: $("sticker-palette"), gate: $("friend-gate"),
    gateFollow: $("gate-follow"), gateNote: $("gate-note"), noUser: $("no-user"),
    userList: $("user-list"), addUser: $("add-user"), newUserName: $("new-user-name"),
    newUserLanguage: $("new-user-language"), userLanguageFact: $("user-language-fact"),
    friendState: $("friend-state"), friendToggle: $("friend-toggle"), userIdFact: $("user-id-fact"),
    menuBar: $("menu-bar"), menuToggle: $("menu-toggle"), menuBarText: $("menu-bar-text"),
    keyboardMode: $("keyboard-mode"), menuMode: $("menu-mode"), richmenu: $("richmenu"),
    picker: $("picker"), pickerForm: $("picker-form"), pickerTitle: $("picker-title"),
    pickerInput: $("picker-input"), pickerCancel: $("picker-cancel"), toast: $("toast"),
    clock: $("status-clock"),
  };

  const state = {
    users: [],
    current: null,
    generation: 0,  // bumped on every user switch: late answers for another user are dropped
    lastSeq: 0,
    items: [],
    quickFor: null,  // the item whose quick replies are showing
    pending: 0,  // events on their way to the bot
    loading: false,
    menu: null,  // {richMenuId, richMenu, imageUrl}
    menuExpanded: true,
    keyboard: false,
    lastMenuCheck: 0,
  };

  // --- the stand-in, through this app's /simulator/api ------------------------------------

  async function call(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: body ? {"Content-Type": "application/json"} : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: "no-store",
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (!response.ok) {
      throw new Error((data && data.message) || `HTTP ${response.status}`);
    }
    return data;
  }

  // --- what this browser remembers ----------------------------------------------------------

  const store = {
    get(key, fallback) {
      try {
        const raw = window.localStorage.getItem("portalbot-simulator:" + key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch (error) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem("portalbot-simulator:" + key, JSON.stringify(value));
      } catch (error) {
        /* storage full or disabled: the chat still works, it is just not remembered */
      }
    },
  };

  const sentKey = (userId) => `sent:${userId}`;
  const followedKey = (userId) => `followed:${userId}`;

  function currentUser() {
    return state.users.find((u) => u.userId === state.current) || null;
  }

  function isFriend(user) {
    return Boolean(user && !user.blocked && store.get(followedKey(user.userId), false));
  }

  // --- time ---------------------------------------------------------------------------------

  function hhmm(date) {
    return `${date.getHours()}:${String(date.getMinutes()).padStart(2, "0")}`;
  }

  function dayLabel(date) {
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (date.toDateString() === today.toDateString()) return "今日";
    if (date.toDateString() === yesterday.toDateString()) return "昨日";
    return `${date.getMonth() + 1}月${date.getDate()}日(${WEEKDAYS[date.getDay()]})`;
  }

  // --- the chat log -------------------------------------------------------------------------

  const log = {
    lastDay: null,
    lastSide: null,
    typing: null,

    reset() {
      ui.log.replaceChildren();
      this.lastDay = null;
      this.lastSide = null;
      this.typing = null;
    },

    add(item) {
      const at = new Date(item.at * 1000);
      const day = at.toDateString();
      if (day !== this.lastDay) {
        this.insert(el("div", {className: "date-sep"}, el("span", {}, dayLabel(at))));
        this.lastDay = day;
        this.lastSide = null;
      }
      let row;
      if (item.side === "bot") row = this.botRow(item, at);
      else if (item.kind === "note") row = el("div", {className: "note-row"}, el("span", {}, item.text));
      else row = this.meRow(item, at);
      this.insert(row);
      this.lastSide = item.kind === "note" ? null : item.side;
    },

    botRow(item, at) {
      const message = item.message || {};
      const first = this.lastSide !== "bot";
      const sender = message.sender && typeof message.sender === "object" ? message.sender : null;
      const name = (sender && sender.name) ? String(sender.name) : PORTAL;
      const {node, framed, wide} = renderMessage(message, {perform});
      const time = el("time", {className: "msg-time", dateTime: at.toISOString()}, hhmm(at));
      const line = el("div", {className: `msg-line${wide ? " wide" : ""}`}, node, time);
      const column = el("div", {className: "msg-col"}, first ? el("div", {className: "sender"}, name) : null, line);
      const icon = sender && httpUrl(sender.iconUrl);
      const avatar = first
        ? el("div", {className: "avatar", attrs: {"aria-hidden": "true"}}, icon ? el("img", {src: icon, alt: ""}) : PORTAL.slice(0, 1))
        : el("div", {className: "avatar-space"});
      const row = el("div", {className: `row bot${first ? " first" : ""}${framed ? "" : " unframed"}`,
        dataset: {seq: String(item.seq), type: String(message.type || "")}}, avatar, column);
      if (item.via && item.via !== "reply") row.dataset.via = item.via;
      return row;
    },

    meRow(item, at) {
      let content;
      if (item.kind === "image") {
        content = el("div", {className: "media-bubble mine"},
          item.thumb && item.thumb.startsWith("data:image/") ? el("img", {src: item.thumb, alt: "送信した画像"}) : el("span", {className: "image-placeholder"}, "🖼 画像"));
      } else if (item.kind === "sticker") {
        content = el("div", {className: "sticker-bubble mine", attrs: {"aria-label": "スタンプ"}}, item.face || "🐻");
      } else {
        content = el("div", {className: "bubble me-bubble"}, item.text);
      }
      const meta = el("div", {className: "msg-meta"}, el("span", {}, "既読"),
        el("time", {className: "msg-time", dateTime: at.toISOString()}, hhmm(at)));
      return el("div", {className: "row me"}, el("div", {className: "msg-line"}, meta, content));
    },

    insert(node) {
      if (this.typing && this.typing.parentNode === ui.log) ui.log.insertBefore(node, this.typing);
      else ui.log.append(node);
    },

    showTyping(on) {
      if (on && !this.typing) {
        this.typing = el("div", {className: "row bot typing-row", attrs: {"aria-label": "入力中"}},
          el("div", {className: "avatar", attrs: {"aria-hidden": "true"}}, PORTAL.slice(0, 1)),
          el("div", {className: "bubble bot-bubble typing"}, el("i"), el("i"), el("i")));
        ui.log.append(this.typing);
        scrollDown();
      } else if (!on && this.typing) {
        this.typing.remove();
        this.typing = null;
      }
    },
  };

  function scrollDown() {
    requestAnimationFrame(() => { ui.log.scrollTop = ui.log.scrollHeight; });
  }

  // Pictures in Flex messages load after they are drawn: keep the newest message in view,
  // unless the resident scrolled up to read.
  let following = true;
  ui.log.addEventListener("scroll", () => {
    following = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
  });
  ui.log.addEventListener("load", () => { if (following) scrollDown(); }, true);
  // The rich menu or quick replies opening make the log shorter: keep its end in view.
  new ResizeObserver(() => { if (following) ui.log.scrollTop = ui.log.scrollHeight; }).observe(ui.log);

  function append(item) {
    state.items.push(item);
    log.add(item);
    showQuickReplies(item);
    scrollDown();
  }

  /** Bot entries in seq order, each resident action after the bot message it followed. */
  function merged(entries, sent) {
    const bot = entries.map((e) => ({side: "bot", seq: e.seq, at: e.at, via: e.via, message: e.message, key: [e.seq, 0]}));
    const mine = sent.map((s, i) => ({...s, side: "me", key: [s.afterSeq, 1, i]}));
    return bot.concat(mine).sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.key[2] || 0) - (b.key[2] || 0));
  }

  // --- quick replies ------------------------------------------------------------------------

  function showQuickReplies(item) {
    const items = item && item.side === "bot" && item.message && item.message.quickReply
      && Array.isArray(item.message.quickReply.items) ? item.message.quickReply.items : [];
    state.quickFor = items.length ? item : null;
    ui.quick.replaceChildren();
    ui.quick.hidden = !items.length;
    for (const entry of items) {
      const action = entry && entry.action;
      if (!action) continue;
      const icon = httpUrl(entry.imageUrl);
      ui.quick.append(el("button", {
        type: "button", className: "chip",
        onclick: () => {
          dismissQuickReplies();
          perform(action);
        },
      }, icon ? el("img", {src: icon, alt: ""}) : null, chipIcon(action), actionLabel(action)));
    }
    if (items.length) ui.quick.scrollLeft = 0;
  }

  function chipIcon(action) {
    const icons = {datetimepicker: "🕒", uri: "↗", camera: "📷", cameraRoll: "🖼", location: "📍", clipboard: "📋"};
    return icons[action.type] ? el("span", {className: "chip-icon", attrs: {"aria-hidden": "true"}}, icons[action.type]) : null;
  }

  function dismissQuickReplies() {
    state.quickFor = null;
    ui.quick.hidden = true;
    ui.quick.replaceChildren();
  }

  // --- what the resident does ---------------------------------------------------------------

  function remember(entry) {
    const user = state.current;
    if (!user) return;
    const item = {...entry, afterSeq: state.lastSeq, at: Date.now() / 1000};
    const kept = store.get(sentKey(user), []);
    kept.push(item);
    store.set(sentKey(user), kept.slice(-MAX_KEPT));
    append({...item, side: "me"});
  }

  async function sendEvent(event) {
    const user = currentUser();
    if (!user) {
      toast("先に利用者を追加してください。");
      return null;
    }
    const generation = state.generation;
    state.pending += 1;
    updateTyping();
    try {
      const result = await call("POST", `/users/${user.userId}/events`, event);
      if (result && result.status && result.status !== 200) {
        toast(`ボットの /callback が HTTP ${result.status} を返しました。`);
      }
      return result;
    } catch (error) {
      toast(`送信できませんでした：${error.message}`);
      return null;
    } finally {
      state.pending -= 1;
      if (generation === state.generation) {
        updateTyping();
        // The bot answers just after /callback returns: look again soon, not only at the tick.
        for (const ms of [0, 120, 300, 600]) setTimeout(poll, ms);
        setTimeout(refreshMenu, 400);
      }
    }
  }

  function sendText(text) {
    const value = text.trim() ? text : "";
    if (!value) return;
    remember({kind: "text", text: value});
    sendEvent({type: "text", text: value});
  }

  /** LINE's location picker, as a prompt for "latitude,longitude" (default: the sample city's station). */
  function sendLocation() {
    const typed = window.prompt("送る位置（緯度,経度）", "36.5781,136.6480");
    if (typed === null) return;
    const [latitude, longitude] = typed.split(",").map((part) => Number(part.trim()));
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      toast("緯度,経度 の形で入力してください（例：36.5781,136.6480）。");
      return;
    }
    remember({kind: "text", text: `📍 位置情報（${latitude}, ${longitude}）`});
    sendEvent({type: "location", latitude, longitude, title: "現在地"});
  }

  /** Do what a tapped button, quick reply or rich menu area says (a LINE action object). */
  function perform(action) {
    if (!action || typeof action !== "object") return;
    if (!isFriend(currentUser())) {
      toast("友だち追加するとボタンが使えます。");
      return;
    }
    switch (action.type) {
      case "postback": {
        const shown = action.displayText || action.text;
        if (shown) remember({kind: "text", text: String(shown)});
        else dismissQuickReplies();
        if (action.fillInText) ui.input.value = String(action.fillInText);
        if (action.inputOption === "openKeyboard") setKeyboard(true, true);
        if (action.inputOption === "closeRichMenu") setMenuExpanded(false);
        if (action.inputOption === "openRichMenu") { setKeyboard(false); setMenuExpanded(true); }
        sendEvent({type: "postback", data: String(action.data || "")});
        break;
      }
      case "message":
        sendText(String(action.text || action.label || ""));
        break;
      case "uri":
        openUri(action);
        break;
      case "datetimepicker":
        pick(action);
        break;
      case "richmenuswitch":
        switchMenu(action);
        break;
      case "camera":
      case "cameraRoll":
        ui.imageFile.click();
        break;
      case "clipboard":
        copy(String(action.clipboardText || ""));
        break;
      case "location":
        sendLocation();
        break;
      default:
        toast(`未対応のアクションです：${String(action.type)}`);
    }
  }

  function openUri(action) {
    const raw = (action.altUri && action.altUri.desktop) || action.uri;
    let url;
    try {
      url = new URL(String(raw || ""), window.location.href);
    } catch (error) {
      toast("開けないURLです。");
      return;
    }
    if (url.hostname === "liff.line.me") {
      // The LIFF app's endpoint is {PUBLIC_URL}/liff: open this app's page for it (SPEC §1).
      const [, , ...rest] = url.pathname.split("/");
      const local = new URL("/liff/" + rest.join("/"), window.location.origin);
      local.search = url.search;
      toast("LIFFアプリをこのアプリの /liff で開きます。");
      window.open(local.href, "_blank", "noopener");
      return;
    }
    if (["http:", "https:"].includes(url.protocol)) {
      window.open(url.href, "_blank", "noopener");
    } else if (["tel:", "mailto:"].includes(url.protocol)) {
      toast(`${url.protocol === "tel:" ? "電話" : "メール"}：${decodeURIComponent(url.pathname)}`);
    } else {
      toast(`シミュレーターでは開けないURLです：${url.protocol}`);
    }
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      toast("コピーしました。");
    } catch (error) {
      toast(`コピーできませんでした：${text}`);
    }
  }

  // --- date and time pickers ----------------------------------------------------------------

  const PICKER = {
    time: {input: "time", title: "時刻を選択", pattern: /^\d{2}:\d{2}$/},
    date: {input: "date", title: "日付を選択", pattern: /^\d{4}-\d{2}-\d{2}$/},
    datetime: {input: "datetime-local", title: "日時を選択", pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/},
  };

  function pick(action) {
    const mode = PICKER[action.mode] ? action.mode : "datetime";
    const kind = PICKER[mode];
    ui.pickerInput.type = kind.input;
    ui.pickerTitle.textContent = action.label ? `${kind.title}（${String(action.label)}）` : kind.title;
    const fit = (v) => (typeof v === "string" && kind.pattern.test(v) ? v : "");
    ui.pickerInput.value = fit(action.initial);
    ui.pickerInput.min = fit(action.min);
    ui.pickerInput.max = fit(action.max);
    ui.picker.returnValue = "";
    ui.picker.dataset.mode = mode;
    pick.action = action;
    ui.picker.showModal();
    ui.pickerInput.focus();
  }

  ui.pickerCancel.addEventListener("click", () => ui.picker.close("cancel"));
  ui.picker.addEventListener("close", () => {
    const action = pick.action;
    pick.action = null;
    if (ui.picker.returnValue !== "ok" || !action || !ui.pickerInput.value) return;
    const mode = ui.picker.dataset.mode;
    const value = ui.pickerInput.value;
    dismissQuickReplies();
    remember({kind: "note", text: `${actionLabel(action) || PICKER[mode].title}：${value.replace("T", " ")} を選択しました`});
    sendEvent({type: "postback", data: String(action.data || ""), params: {[mode]: value}});
  });

  // --- images and stickers ------------------------------------------------------------------

  ui.imageButton.addEventListener("click", () => ui.imageFile.click());
  ui.imageFile.addEventListener("change", async () => {
    const file = ui.imageFile.files && ui.imageFile.files[0];
    ui.imageFile.value = "";
    if (!file) return;
    try {
      const {blob, type} = await fitImage(file);
      const content = await base64Of(blob);
      const thumb = await thumbnail(blob);
      remember({kind: "image", thumb});
      sendEvent({type: "image", content_base64: content, content_type: type});
    } catch (error) {
      toast(`画像を読み込めませんでした：${error.message}`);
    }
  });

  async function fitImage(file) {
    const allowed = ["image/jpeg", "image/png", "image/gif"];
    if (allowed.includes(file.type) && file.size <= MAX_IMAGE_BYTES) return {blob: file, type: file.type};
    const blob = await redraw(file, 1280, "image/jpeg", 0.85);
    return {blob, type: "image/jpeg"};
  }

  async function thumbnail(blob) {
    const small = await redraw(blob, 240, "image/jpeg", 0.7);
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => resolve("");
      reader.readAsDataURL(small);
    });
  }

  function redraw(blob, longest, type, quality) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(blob);
      const image = new Image();
      image.onload = () => {
        const scale = Math.min(1, longest / Math.max(image.naturalWidth, image.naturalHeight));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
        const context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob((out) => (out ? resolve(out) : reject(new Error("変換に失敗しました"))), type, quality);
      };
      image.onerror = () => {
        URL.revokeObjectURL(url);
        reject(new Error("画像ではありません"));
      };
      image.src = url;
    });
  }

  async function base64Of(blob) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return window.btoa(binary);
  }

  for (const sticker of STICKERS) {
    ui.palette.append(el("button", {
      type: "button", className: "sticker-choice", attrs: {"aria-label": `スタンプ「${sticker.name}」`, title: sticker.name},
      onclick: () => {
        togglePalette(false);
        remember({kind: "sticker", face: sticker.face});
        sendEvent({type: "sticker", packageId: sticker.packageId, stickerId: sticker.stickerId});
      },
    }, sticker.face));
  }

  function togglePalette(open) {
    const show = open === undefined ? ui.palette.hidden : open;
    ui.palette.hidden = !show;
    ui.stickerButton.setAttribute("aria-expanded", String(show));
  }

  ui.stickerButton.addEventListener("click", () => togglePalette());

  // --- the composer -------------------------------------------------------------------------

  ui.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.input.value;
    if (!text.trim()) return;
    ui.input.value = "";
    ui.composer.classList.remove("has-text");
    togglePalette(false);
    sendText(text);
  });

  ui.input.addEventListener("input", () => ui.composer.classList.toggle("has-text", Boolean(ui.input.value.trim())));

  // --- the rich menu ------------------------------------------------------------------------

  async function refreshMenu() {
    const user = currentUser();
    const generation = state.generation;
    state.lastMenuCheck = Date.now();
    if (!user) return;
    let menu;
    try {
      menu = await call("GET", `/users/${user.userId}/richmenu`);
    } catch (error) {
      return;  // the poll reports a missing stand-in
    }
    if (generation !== state.generation) return;
    const id = menu && menu.richMenuId ? menu.richMenuId : null;
    if (id === (state.menu && state.menu.richMenuId)) return;
    state.menu = id ? menu : null;
    const definition = id && menu.richMenu ? menu.richMenu : null;
    state.menuExpanded = Boolean(definition && definition.selected !== false);
    drawMenu(definition, id ? menu.imageUrl : null);
  }

  function drawMenu(definition, imageUrl) {
    ui.richmenu.replaceChildren();
    ui.richmenu.classList.remove("no-image");
    if (!definition) {
      state.keyboard = true;
      layoutBottom();
      return;
    }
    state.keyboard = false;
    ui.menuBarText.textContent = String(definition.chatBarText || "メニュー");
    const size = definition.size || {};
    const width = Number(size.width) || 2500;
    const height = Number(size.height) || 1686;
    const frame = el("div", {className: "richmenu-frame"});
    frame.style.aspectRatio = `${width} / ${height}`;
    const src = imageUrl && imageUrl.startsWith("/") ? imageUrl : null;
    if (src) {
      const image = el("img", {src, alt: "", draggable: false});
      image.addEventListener("error", () => {
        image.remove();
        ui.richmenu.classList.add("no-image");  // draw the areas' labels instead
      });
      frame.append(image);
    } else {
      ui.richmenu.classList.add("no-image");
    }
    for (const area of (Array.isArray(definition.areas) ? definition.areas : [])) {
      const b = area.bounds || {};
      const label = actionLabel(area.action) || "メニュー";
      const button = el("button", {
        type: "button", className: "richmenu-area", attrs: {"aria-label": label, title: label},
        onclick: () => perform(area.action),
      }, el("span", {className: "richmenu-label"}, label));
      Object.assign(button.style, {
        left: `${(Number(b.x) / width) * 100}%`, top: `${(Number(b.y) / height) * 100}%`,
        width: `${(Number(b.width) / width) * 100}%`, height: `${(Number(b.height) / height) * 100}%`,
      });
      frame.append(button);
    }
    ui.richmenu.append(frame);
    layoutBottom();
  }

  async function switchMenu(action) {
    const user = currentUser();
    if (!user) return;
    try {
      await call("POST", `/users/${user.userId}/richmenu/switch`, {richMenuAliasId: String(action.richMenuAliasId || ""), data: action.data});
      state.menu = null;  // draw whatever the switch left in effect
      await refreshMenu();
      setMenuExpanded(true);
      poll();
    } catch (error) {
      toast(`メニューを切り替えられませんでした：${error.message}`);
    }
  }

  function setMenuExpanded(expanded) {
    state.menuExpanded = expanded;
    layoutBottom();
  }

  function setKeyboard(on, focus) {
    state.keyboard = on;
    layoutBottom();
    if (on && focus) ui.input.focus();
  }

  /** Composer or menu bar, and the menu open or closed — as LINE lays out the bottom. */
  function layoutBottom() {
    const user = currentUser();
    const friend = isFriend(user);
    const hasMenu = Boolean(state.menu);
    const keyboard = !hasMenu || state.keyboard;
    ui.composer.hidden = !keyboard;
    ui.menuMode.hidden = !hasMenu;
    ui.menuBar.hidden = !hasMenu || keyboard;
    ui.richmenu.hidden = !hasMenu || keyboard || !state.menuExpanded;
    ui.menuToggle.setAttribute("aria-expanded", String(!ui.richmenu.hidden));
    ui.menuToggle.classList.toggle("open", !ui.richmenu.hidden);
    for (const control of [ui.input, ui.send, ui.imageButton, ui.stickerButton]) control.disabled = !friend;
    if (!friend) togglePalette(false);
  }

  ui.menuToggle.addEventListener("click", () => setMenuExpanded(!state.menuExpanded));
  ui.keyboardMode.addEventListener("click", () => setKeyboard(true, true));
  ui.menuMode.addEventListener("click", () => { togglePalette(false); setKeyboard(false); setMenuExpanded(true); });

  // --- residents ----------------------------------------------------------------------------

  async function loadUsers() {
    const body = await call("GET", "/users");
    state.users = (body && Array.isArray(body.users) ? body.users : []).filter((u) => u && u.userId);
    drawUsers();
  }

  function drawUsers() {
    ui.userList.replaceChildren();
    for (const user of state.users) {
      const status = user.blocked ? "ブロック中" : (isFriend(user) ? "友だち" : "未追加");
      const selected = user.userId === state.current;
      ui.userList.append(el("li", {},
        el("button", {
          type: "button", className: `user-item${selected ? " selected" : ""}`,
          attrs: {"aria-pressed": String(selected)},
          onclick: () => selectUser(user.userId),
        },
        el("span", {className: "user-avatar", attrs: {"aria-hidden": "true"}}, String(user.displayName || "?").slice(0, 1)),
        el("span", {className: "user-name"}, String(user.displayName || "")),
        el("span", {className: `user-status status-${user.blocked ? "blocked" : (isFriend(user) ? "friend" : "new")}`}, status))));
    }
    drawFriendState();
  }

  function drawFriendState() {
    const user = currentUser();
    ui.noUser.hidden = Boolean(user);
    ui.friendToggle.disabled = !user;
    ui.userIdFact.textContent = user ? user.userId : "—";
    ui.userLanguageFact.textContent = user ? languageName(user.language) : "—";
    if (!user) {
      ui.friendState.textContent = "—";
      ui.gate.hidden = true;
      layoutBottom();
      return;
    }
    const friend = isFriend(user);
    ui.friendState.textContent = user.blocked ? "ブロック中" : (friend ? "友だち" : "未追加");
    ui.friendState.className = `state-pill ${user.blocked ? "blocked" : (friend ? "friend" : "new")}`;
    ui.friendToggle.textContent = friend ? "ブロック" : (user.blocked ? "ブロック解除" : "友だち追加");
    ui.friendToggle.classList.toggle("btn-danger", friend);
    ui.gate.hidden = friend;
    ui.gate.classList.toggle("blocked", Boolean(user.blocked));
    ui.gateFollow.textContent = user.blocked ? "ブロック解除" : "友だち追加";
    ui.gateNote.textContent = user.blocked
      ? "ブロック中です。解除すると、もう一度メッセージが届くようになります。"
      : "友だち追加すると、あいさつメッセージが届きます。";
    layoutBottom();
  }

  /** A profile language as the picker names it (the tag itself when the picker lacks it). */
  function languageName(tag) {
    const option = Array.from(ui.newUserLanguage.options).find((o) => o.value === tag);
    return option ? option.textContent : String(tag || "—");
  }

  async function addUser(displayName, language) {
    const user = await call("POST", "/users", {displayName, language});
    await loadUsers();
    await selectUser(user.userId);
    return user;
  }

  async function selectUser(userId) {
    state.current = userId;
    state.generation += 1;
    state.lastSeq = 0;
    state.items = [];
    state.menu = null;
    state.loading = false;
    store.set("current", userId);
    log.reset();
    dismissQuickReplies();
    drawUsers();
    drawMenu(null, null);
    const generation = state.generation;
    try {
      const body = await call("GET", `/users/${userId}/timeline?after=0`);
      if (generation !== state.generation) return;
      const entries = Array.isArray(body.entries) ? body.entries : [];
      const user = currentUser();
      if (entries.length && user && !user.blocked && !isFriend(user)) {
        // Followed from another browser: the bot has written to them, so they are friends.
        store.set(followedKey(userId), true);
        drawUsers();
      }
      for (const item of merged(entries, store.get(sentKey(userId), []))) {
        state.items.push(item);
        log.add(item);
      }
      state.lastSeq = entries.length ? entries[entries.length - 1].seq : 0;
      showQuickReplies(state.items[state.items.length - 1]);
      scrollDown();
    } catch (error) {
      toast(`トークを読み込めませんでした：${error.message}`);
    }
    refreshMenu();
  }

  async function toggleFriend() {
    const user = currentUser();
    if (!user) return;
    const generation = state.generation;
    if (isFriend(user)) {
      await sendEvent({type: "unfollow"});
      user.blocked = true;
    } else {
      const result = await sendEvent({type: "follow"});
      if (!result) return;
      store.set(followedKey(user.userId), true);
      user.blocked = false;
    }
    if (generation === state.generation) drawUsers();
  }

  ui.friendToggle.addEventListener("click", toggleFriend);
  ui.gateFollow.addEventListener("click", toggleFriend);

  ui.addUser.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = ui.newUserName.value.trim();
    if (!name) return;
    try {
      await addUser(name, ui.newUserLanguage.value);
      ui.newUserName.value = "";
    } catch (error) {
      toast(`利用者を追加できませんでした：${error.message}`);
    }
  });

  // --- polling --------------------------------------------------------------------------------

  let polling = false;

  async function poll() {
    const user = currentUser();
    if (!user || polling) return;
    polling = true;
    const generation = state.generation;
    try {
      const body = await call("GET", `/users/${user.userId}/timeline?after=${state.lastSeq}`);
      if (generation !== state.generation) return;
      for (const entry of (Array.isArray(body.entries) ? body.entries : [])) {
        if (entry.seq <= state.lastSeq) continue;
        state.lastSeq = entry.seq;
        append({side: "bot", seq: entry.seq, at: entry.at, via: entry.via, message: entry.message});
      }
      state.loading = Boolean(body.loading);
      updateTyping();
      offline(false);
    } catch (error) {
      offline(true, error.message);
    } finally {
      polling = false;
    }
    if (Date.now() - state.lastMenuCheck > MENU_REFRESH_MS) refreshMenu();
  }

  function updateTyping() {
    log.showTyping(state.loading || state.pending > 0);
  }

  let offlineShown = false;

  function offline(on, message) {
    if (on && !offlineShown) toast(`スタンドインに接続できません：${message}`, 6000);
    offlineShown = on;
    document.body.classList.toggle("offline", on);
  }

  // --- small things ---------------------------------------------------------------------------

  let toastTimer = null;

  function toast(message, ms) {
    ui.toast.textContent = message;
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { ui.toast.hidden = true; }, ms || 3500);
  }

  function tick() {
    ui.clock.textContent = hhmm(new Date());
  }

  async function start() {
    tick();
    setInterval(tick, 15000);
    try {
      await loadUsers();
    } catch (error) {
      offline(true, error.message);
    }
    const remembered = store.get("current", null);
    const first = state.users.find((u) => u.userId === remembered) || state.users[0];
    if (first) await selectUser(first.userId);
    else drawFriendState();
    setInterval(poll, POLL_MS);
  }

  start();
})();
