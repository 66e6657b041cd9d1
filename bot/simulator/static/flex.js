/* Draws LINE message objects (text, Flex, templates, images…) as DOM, the way the LINE app
 * shows them, closely enough to judge a bot's replies.
 *
 * Everything the bot sent is put into the page with textContent and checked style values:
 * never innerHTML, never an unchecked URL or CSS value.
 */
"use strict";

(function () {
  // --- safe building blocks --------------------------------------------------------------

  /** el("div", {className: "x", onclick: fn, attrs: {"aria-label": "…"}}, child, "text", …) */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "attrs") {
        for (const [name, attr] of Object.entries(value)) {
          if (attr !== undefined && attr !== null && attr !== false) node.setAttribute(name, String(attr));
        }
      } else if (key === "style") {
        Object.assign(node.style, value);
      } else if (key === "dataset") {
        Object.assign(node.dataset, value);
      } else if (key.startsWith("on")) {
        node.addEventListener(key.slice(2), value);
      } else {
        node[key] = value;
      }
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const COLOR = /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
  const LENGTH = /^(?:\d+(?:\.\d+)?)(?:px|%)$/;
  const ASPECT = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/;

  function color(value) {
    return typeof value === "string" && COLOR.test(value) ? cssColor(value) : undefined;
  }

  function cssColor(hex) {
    if (hex.length === 7) return hex;
    const alpha = parseInt(hex.slice(7, 9), 16) / 255;
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${rgb.join(",")},${alpha.toFixed(3)})`;
  }

  function length(value, keywords) {
    if (typeof value !== "string") return undefined;
    if (keywords && Object.prototype.hasOwnProperty.call(keywords, value)) return keywords[value] + "px";
    return LENGTH.test(value) ? value : undefined;
  }

  /** An http(s) URL (or one relative to this page), else null. */
  function httpUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const url = new URL(value, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /** Text with line breaks kept and http(s) URLs turned into links that open a new tab. */
  function linkified(text) {
    const parts = [];
    const pattern = /https?:\/\/[^\s<>"'「」（）()、。]+/g;
    let last = 0;
    for (const match of String(text).matchAll(pattern)) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      const href = httpUrl(match[0]);
      parts.push(href ? el("a", {href, target: "_blank", rel: "noopener noreferrer"}, match[0]) : match[0]);
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  function actionLabel(action) {
    if (!action || typeof action !== "object") return "";
    return String(action.label || action.displayText || action.text || "");
  }

  /** Make any node behave as a button that performs a LINE action. */
  function tappable(node, action, ctx) {
    if (!action || typeof action !== "object") return node;
    node.classList.add("tappable");
    node.setAttribute("role", "button");
    node.setAttribute("tabindex", "0");
    const label = actionLabel(action);
    if (label && !node.textContent) node.setAttribute("aria-label", label);
    node.addEventListener("click", (event) => {
      event.stopPropagation();
      ctx.perform(action, node);
    });
    node.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        ctx.perform(action, node);
      }
    });
    return node;
  }

  // --- Flex ---------------------------------------------------------------------------------

  const TEXT_SIZE = {xxs: 11, xs: 12, sm: 13.5, md: 15, lg: 18, xl: 21, xxl: 26, "3xl": 32, "4xl": 40, "5xl": 52};
  const ICON_SIZE = TEXT_SIZE;
  const SPACING = {none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20};
  const RADIUS = {none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20};
  const BORDER = {none: 0, light: 0.5, normal: 1, medium: 2, "semi-bold": 3, bold: 4};
  const IMAGE_SIZE = {xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, "3xl": 180, "4xl": 200, "5xl": 220};
  const BUBBLE_WIDTH = {nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 290, giga: 340};
  const BLOCK_PADDING = {header: 20, hero: 0, body: 20, footer: 10};
  const JUSTIFY = {"flex-start": "flex-start", "flex-end": "flex-end", center: "center",
    "space-between": "space-between", "space-around": "space-around", "space-evenly": "space-evenly"};
  const ALIGN = {"flex-start": "flex-start", "flex-end": "flex-end", center: "center"};
  const GRAVITY = {top: "flex-start", center: "center", bottom: "flex-end"};
  const TEXT_ALIGN = {start: "left", end: "right", center: "center"};

  function bubble(spec, ctx) {
    const node = el("div", {className: "flex-bubble"});
    const width = BUBBLE_WIDTH[spec.size] || BUBBLE_WIDTH.mega;
    node.style.width = width + "px";
    if (spec.direction === "rtl") node.setAttribute("dir", "rtl");
    const styles = spec.styles || {};
    let previous = false;
    for (const name of ["header", "hero", "body", "footer"]) {
      const block = spec[name];
      if (!block || typeof block !== "object") continue;
      const style = styles[name] || {};
      const part = el("div", {className: `flex-${name}`});
      if (style.separator && previous) {
        part.style.borderTop = `1px solid ${color(style.separatorColor) || "#e5e5e5"}`;
      }
      const background = color(style.backgroundColor);
      if (background) part.style.backgroundColor = background;
      const content = component(block, ctx, "vertical");
      if (name !== "hero" && block.type === "box") {
        const pad = BLOCK_PADDING[name] + "px";
        if (!hasPadding(block)) content.style.padding = pad;
      }
      part.append(content);
      node.append(part);
      previous = true;
    }
    if (spec.action) tappable(node, spec.action, ctx);
    return node;
  }

  function hasPadding(box) {
    return ["paddingAll", "paddingTop", "paddingBottom", "paddingStart", "paddingEnd"].some((k) => k in box);
  }

  function component(spec, ctx, parentLayout) {
    switch (spec && spec.type) {
      case "box": return box(spec, ctx);
      case "text": return flexText(spec, ctx, parentLayout);
      case "image": return flexImage(spec, ctx);
      case "icon": return flexIcon(spec);
      case "button": return flexButton(spec, ctx);
      case "separator": return el("div", {className: `flex-separator sep-${parentLayout === "vertical" ? "h" : "v"}`,
        style: {[parentLayout === "vertical" ? "borderTopColor" : "borderLeftColor"]: color(spec.color) || ""}});
      case "filler": return el("div", {className: "flex-filler", style: {flex: `${Number(spec.flex) || 1} 1 0`}});
      case "spacer": return el("div", {className: "flex-spacer", style: {flex: "0 0 auto",
        height: length(spec.size, SPACING) || "8px", width: length(spec.size, SPACING) || "8px"}});
      case "span": return span(spec);
      case "video": return spec.altContent ? component(spec.altContent, ctx, parentLayout)
        : el("div", {className: "flex-unsupported"}, "動画");
      default: return el("div", {className: "flex-unsupported"}, `（未対応の要素: ${String(spec && spec.type)}）`);
    }
  }

  function box(spec, ctx) {
    const layout = ["horizontal", "baseline"].includes(spec.layout) ? spec.layout : "vertical";
    const node = el("div", {className: `flex-box box-${layout}`});
    const s = node.style;
    s.backgroundColor = color(spec.backgroundColor) || "";
    const borderWidth = length(spec.borderWidth, BORDER);
    if (borderWidth) s.border = `${borderWidth} solid ${color(spec.borderColor) || "#000000"}`;
    s.borderRadius = length(spec.cornerRadius, RADIUS) || "";
    s.width = length(spec.width) || "";
    s.maxWidth = length(spec.maxWidth) || "";
    s.height = length(spec.height) || "";
    s.maxHeight = length(spec.maxHeight) || "";
    s.padding = length(spec.paddingAll, SPACING) || "";
    if (spec.paddingTop) s.paddingTop = length(spec.paddingTop, SPACING) || "";
    if (spec.paddingBottom) s.paddingBottom = length(spec.paddingBottom, SPACING) || "";
    if (spec.paddingStart) s.paddingLeft = length(spec.paddingStart, SPACING) || "";
    if (spec.paddingEnd) s.paddingRight = length(spec.paddingEnd, SPACING) || "";
    s.justifyContent = JUSTIFY[spec.justifyContent] || "";
    s.alignItems = layout === "baseline" ? "baseline" : (ALIGN[spec.alignItems] || "");
    position(spec, s);
    const gradient = spec.background;
    if (gradient && gradient.type === "linearGradient" && color(gradient.startColor) && color(gradient.endColor)) {
      const angle = /^\d+(\.\d+)?deg$/.test(gradient.angle || "") ? gradient.angle : "0deg";
      s.backgroundImage = `linear-gradient(${angle}, ${color(gradient.startColor)}, ${color(gradient.endColor)})`;
    }
    const contents = Array.isArray(spec.contents) ? spec.contents : [];
    contents.forEach((child, index) => {
      const item = component(child, ctx, layout);
      flexOf(child, layout, item.style);
      // A child's margin wins over the box's spacing; spacing only goes between children.
      const own = child && length(child.margin, SPACING);
      const gap = own || (index > 0 ? length(spec.spacing, SPACING) : undefined);
      if (gap && child.position !== "absolute") {
        item.style[layout === "vertical" ? "marginTop" : "marginLeft"] = gap;
      }
      node.append(item);
    });
    if (spec.action) tappable(node, spec.action, ctx);
    return node;
  }

  function position(spec, s) {
    if (spec.position === "absolute") {
      s.position = "absolute";
    }
    s.top = length(spec.offsetTop, SPACING) || "";
    s.bottom = length(spec.offsetBottom, SPACING) || "";
    s.left = length(spec.offsetStart, SPACING) || "";
    s.right = length(spec.offsetEnd, SPACING) || "";
    if (spec.position !== "absolute" && (s.top || s.bottom || s.left || s.right)) s.position = "relative";
  }

  function flexOf(child, layout, s) {
    if (!child || ["filler", "spacer", "separator"].includes(child.type)) return;
    const horizontal = layout !== "vertical";
    const given = Number.isInteger(child.flex) && child.flex >= 0 ? child.flex : null;
    const grow = given !== null ? given : (horizontal && child.type !== "icon" ? 1 : 0);
    if (horizontal) s.flex = grow > 0 ? `${grow} 1 0` : "0 0 auto";
    else s.flex = grow > 0 ? `${grow} 1 auto` : "0 0 auto";
    if (horizontal) s.minWidth = "0";
    if (child.gravity && GRAVITY[child.gravity] && layout === "horizontal") s.alignSelf = GRAVITY[child.gravity];
  }

  function textStyle(spec, s) {
    const size = TEXT_SIZE[spec.size] || (LENGTH.test(spec.size || "") && spec.size.endsWith("px") ? parseFloat(spec.size) : null);
    if (size) s.fontSize = size + "px";
    if (spec.weight === "bold") s.fontWeight = "700";
    if (spec.style === "italic") s.fontStyle = "italic";
    if (["underline", "line-through"].includes(spec.decoration)) s.textDecoration = spec.decoration;
    const c = color(spec.color);
    if (c) s.color = c;
  }

  function flexText(spec, ctx) {
    const node = el("div", {className: "flex-text"});
    textStyle(spec, node.style);
    if (spec.wrap) node.classList.add("wrap");
    else node.classList.add("nowrap");
    if (Number.isInteger(spec.maxLines) && spec.maxLines > 0 && spec.wrap) {
      node.classList.add("clamped");
      node.style.webkitLineClamp = String(spec.maxLines);
    }
    node.style.textAlign = TEXT_ALIGN[spec.align] || "";
    if (/^\d+(\.\d+)?px$/.test(spec.lineSpacing || "")) {
      node.style.lineHeight = `calc(1.4em + ${spec.lineSpacing})`;
    }
    position(spec, node.style);
    if (Array.isArray(spec.contents) && spec.contents.length) {
      node.append(...spec.contents.map(span));
    } else {
      node.append(...linkified(String(spec.text || "")));
    }
    if (spec.action) tappable(node, spec.action, ctx);
    return node;
  }

  function span(spec) {
    const node = el("span", {className: "flex-span"}, String(spec.text || ""));
    textStyle(spec, node.style);
    return node;
  }

  function aspectRatio(value, fallback) {
    const match = ASPECT.exec(value || "");
    return match && Number(match[1]) > 0 && Number(match[2]) > 0 ? `${match[1]} / ${match[2]}` : fallback;
  }

  function flexImage(spec, ctx) {
    const wrap = el("div", {className: "flex-image"});
    const size = spec.size === "full" ? "100%" : (IMAGE_SIZE[spec.size] ? IMAGE_SIZE[spec.size] + "px" : (length(spec.size) || "100px"));
    wrap.style.width = size;
    wrap.style.maxWidth = "100%";
    wrap.style.aspectRatio = aspectRatio(spec.aspectRatio, "1 / 1");
    wrap.style.backgroundColor = color(spec.backgroundColor) || "";
    const align = {start: "flex-start", end: "flex-end", center: "center"}[spec.align] || "center";
    wrap.style.alignSelf = align;
    position(spec, wrap.style);
    const src = httpUrl(spec.url);
    if (src) {
      const img = el("img", {src, alt: "", loading: "lazy", decoding: "async"});
      img.style.objectFit = spec.aspectMode === "cover" ? "cover" : "contain";
      img.addEventListener("error", () => wrap.classList.add("broken"));
      wrap.append(img);
    } else {
      wrap.classList.add("broken");
    }
    if (spec.action) tappable(wrap, spec.action, ctx);
    return wrap;
  }

  function flexIcon(spec) {
    const size = ICON_SIZE[spec.size] || ICON_SIZE.md;
    const src = httpUrl(spec.url);
    const node = el("span", {className: "flex-icon"});
    node.style.height = size + "px";
    const ratio = ASPECT.exec(spec.aspectRatio || "");
    node.style.width = (ratio ? size * Number(ratio[1]) / Number(ratio[2]) : size) + "px";
    if (src) node.append(el("img", {src, alt: ""}));
    return node;
  }

  function flexButton(spec, ctx) {
    const style = ["primary", "secondary"].includes(spec.style) ? spec.style : "link";
    const label = actionLabel(spec.action) || "ボタン";
    const node = el("button", {type: "button", className: `flex-button btn-${style} h-${spec.height === "sm" ? "sm" : "md"}`}, label);
    const c = color(spec.color);
    if (c && style === "link") node.style.color = c;
    else if (c) node.style.backgroundColor = c;
    if (spec.gravity && GRAVITY[spec.gravity]) node.style.alignSelf = GRAVITY[spec.gravity];
    position(spec, node.style);
    if (spec.action) {
      node.addEventListener("click", (event) => {
        event.stopPropagation();
        ctx.perform(spec.action, node);
      });
    } else {
      node.disabled = true;
    }
    return node;
  }

  function carousel(spec, ctx) {
    const strip = el("div", {className: "carousel", attrs: {role: "group", "aria-roledescription": "カルーセル"}});
    for (const item of (Array.isArray(spec.contents) ? spec.contents : [])) {
      strip.append(bubble(item, ctx));
    }
    return strip;
  }

  // --- templates --------------------------------------------------------------------------

  function templateColumn(column, template, ctx, extraClass) {
    const card = el("div", {className: `tpl-card ${extraClass || ""}`});
    const thumb = httpUrl(column.thumbnailImageUrl);
    if (thumb) {
      const image = el("div", {className: "tpl-thumb"}, el("img", {src: thumb, alt: ""}));
      image.style.aspectRatio = template.imageAspectRatio === "square" ? "1 / 1" : "1.51 / 1";
      image.firstChild.style.objectFit = template.imageSize === "contain" ? "contain" : "cover";
      image.style.backgroundColor = color(column.imageBackgroundColor || template.imageBackgroundColor) || "";
      card.append(image);
    }
    const content = el("div", {className: "tpl-content"});
    if (column.title) content.append(el("div", {className: "tpl-title"}, String(column.title)));
    if (column.text) content.append(el("div", {className: "tpl-text"}, ...linkified(String(column.text))));
    card.append(content);
    if (column.defaultAction) tappable(content, column.defaultAction, ctx);
    const actions = el("div", {className: "tpl-actions"});
    for (const action of (Array.isArray(column.actions) ? column.actions : [])) {
      actions.append(el("button", {type: "button", className: "tpl-action", onclick: (e) => { e.stopPropagation(); ctx.perform(action, e.currentTarget); }},
        actionLabel(action)));
    }
    card.append(actions);
    return card;
  }

  function template(message, ctx) {
    const spec = message.template || {};
    switch (spec.type) {
      case "buttons": return templateColumn(spec, spec, ctx);
      case "confirm": {
        const card = el("div", {className: "tpl-card tpl-confirm"},
          el("div", {className: "tpl-content"}, el("div", {className: "tpl-text"}, ...linkified(String(spec.text || "")))));
        const actions = el("div", {className: "tpl-actions tpl-actions-row"});
        for (const action of (Array.isArray(spec.actions) ? spec.actions : [])) {
          actions.append(el("button", {type: "button", className: "tpl-action", onclick: (e) => ctx.perform(action, e.currentTarget)}, actionLabel(action)));
        }
        card.append(actions);
        return card;
      }
      case "carousel": {
        const strip = el("div", {className: "carousel"});
        for (const column of (Array.isArray(spec.columns) ? spec.columns : [])) strip.append(templateColumn(column, spec, ctx, "tpl-column"));
        return strip;
      }
      case "image_carousel": {
        const strip = el("div", {className: "carousel"});
        for (const column of (Array.isArray(spec.columns) ? spec.columns : [])) {
          const src = httpUrl(column.imageUrl);
          const tile = el("div", {className: "tpl-image-tile"}, src ? el("img", {src, alt: ""}) : null,
            column.action && column.action.label ? el("span", {className: "tpl-image-label"}, String(column.action.label)) : null);
          if (column.action) tappable(tile, column.action, ctx);
          strip.append(tile);
        }
        return strip;
      }
      default:
        return el("div", {className: "bubble bot-bubble"}, String(message.altText || "（未対応のテンプレート）"));
    }
  }

  // --- messages ---------------------------------------------------------------------------

  /** A DOM node for one LINE message object, and whether it sits in a speech bubble. */
  function renderMessage(message, ctx) {
    const type = message && message.type;
    if (type === "text") {
      return {node: el("div", {className: "bubble bot-bubble"}, ...linkified(String(message.text || ""))), framed: true};
    }
    if (type === "textV2") {
      return {node: el("div", {className: "bubble bot-bubble"}, ...substituted(message)), framed: true};
    }
    if (type === "flex") {
      const contents = message.contents || {};
      const node = contents.type === "carousel" ? carousel(contents, ctx) : bubble(contents, ctx);
      node.setAttribute("title", String(message.altText || ""));
      node.dataset.altText = String(message.altText || "");
      return {node, framed: false, wide: contents.type === "carousel"};
    }
    if (type === "template") {
      const node = template(message, ctx);
      node.dataset.altText = String(message.altText || "");
      return {node, framed: false, wide: ["carousel", "image_carousel"].includes((message.template || {}).type)};
    }
    if (type === "image") {
      const src = httpUrl(message.previewImageUrl) || httpUrl(message.originalContentUrl);
      const node = el("div", {className: "media-bubble"}, src ? el("img", {src, alt: "画像"}) : "画像");
      if (httpUrl(message.originalContentUrl)) {
        tappable(node, {type: "uri", uri: message.originalContentUrl, label: "画像を開く"}, ctx);
      }
      return {node, framed: false};
    }
    if (type === "sticker") {
      return {node: el("div", {className: "sticker-bubble", attrs: {"aria-label": "スタンプ"}}, "🐻",
        el("small", {}, `スタンプ ${String(message.packageId || "")}/${String(message.stickerId || "")}`)), framed: false};
    }
    if (type === "location") {
      return {node: el("div", {className: "bubble bot-bubble location"}, "📍 ", String(message.title || "位置情報"),
        el("br"), el("small", {}, String(message.address || ""))), framed: true};
    }
    if (type === "imagemap") {
      const base = httpUrl(message.baseUrl);
      const node = el("div", {className: "media-bubble"}, base ? el("img", {src: base + "/1040", alt: String(message.altText || "")}) : String(message.altText || ""));
      return {node, framed: false};
    }
    const label = {video: "🎬 動画", audio: "🎵 音声"}[type] || `（未対応のメッセージ: ${String(type)}）`;
    return {node: el("div", {className: "bubble bot-bubble muted"}, label), framed: true};
  }

  function substituted(message) {
    const text = String(message.text || "");
    const substitution = message.substitution || {};
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(/\{([A-Za-z0-9_]{1,20})\}/g)) {
      const value = substitution[match[1]];
      if (!value) continue;
      parts.push(...linkified(text.slice(last, match.index)));
      if (value.type === "mention") {
        parts.push(el("span", {className: "mention"}, value.mentionee && value.mentionee.type === "all" ? "@All" : "@あなた"));
      } else if (value.type === "emoji") {
        parts.push(el("span", {className: "emoji", attrs: {"aria-label": "絵文字"}}, "😊"));
      }
      last = match.index + match[0].length;
    }
    parts.push(...linkified(text.slice(last)));
    return parts;
  }

  window.LineRender = {el, httpUrl, linkified, actionLabel, renderMessage};
})();
