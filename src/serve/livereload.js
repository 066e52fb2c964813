// ruche serve: live reload and build errors in the page.
// Injected by the preview server only (never in a built site). It listens to the server's
// messages (JSON over a WebSocket, see src/serve/reload.rs) and:
// - reloads the page on `reload`, or when the page comes from another build than the server's;
// - swaps the stylesheets on `css`, without a reload;
// - shows the build's errors over the page on `error`, and hides them on `clear`;
// - reloads a search page (`data-search-page`) on `search`, when the index made after a build
//   is ready.
(function () {
  "use strict";
  if (window.__rucheLiveReload) return;
  window.__rucheLiveReload = true;

  var script = document.currentScript;
  var build = script ? script.getAttribute("data-ruche-build") : null;
  var delay = 500;
  var OVERLAY_ID = "ruche-error-overlay";
  // The overlay's words in the site's language, filled in by the server (src/serve/reload.rs).
  var WORDS = /*WORDS*/ {};
  function say(key, values) {
    var text = WORDS[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  var handlers = {
    hello: function (m) {
      delay = 500;
      // Built while we were away (or by a restarted server): what is on screen is stale.
      if (build && m.build !== build) location.reload();
    },
    reload: function () {
      location.reload();
    },
    css: function (m) {
      build = m.build;
      hideOverlay();
      refreshStylesheets();
    },
    error: function (m) {
      showOverlay(m.diagnostics || [], m.kept_last_build !== false);
    },
    clear: function (m) {
      build = m.build;
      hideOverlay();
    },
    search: function () {
      if (document.querySelector("[data-search-page]")) location.reload();
    },
    warnings: function (m) {
      showWarnings(m.title, m.diagnostics || []);
    },
  };

  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var socket = new WebSocket(scheme + "//" + location.host + "/__ruche/livereload");
    socket.onmessage = function (e) {
      var message = JSON.parse(e.data);
      var handle = handlers[message.type];
      if (handle) handle(message);
    };
    socket.onclose = function () {
      // The server stopped or is restarting: try again, less and less often.
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  function refreshStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("ruche-reload", String(Date.now()));
      // The new sheet loads beside the old one, which goes once it is ready: no flash of an
      // unstyled page.
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var drop = function () {
        if (link.parentNode) link.parentNode.removeChild(link);
      };
      fresh.addEventListener("load", drop);
      fresh.addEventListener("error", drop);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  var STYLE = [
    ":host { all: initial; }",
    ".backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;",
    "  background: rgba(20, 20, 24, 0.72); padding: 4vh 4vw; box-sizing: border-box; }",
    ".dialog { max-width: 60rem; margin: 0 auto; background: #ffffff; color: #1a1a1a;",
    "  border-top: 0.4rem solid #b3261e; border-radius: 0.5rem; padding: 1.5rem 2rem;",
    "  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  box-shadow: 0 1rem 3rem rgba(0, 0, 0, 0.4); }",
    "h1 { font-size: 1.35rem; margin: 0 0 0.5rem; color: #8c1d18; }",
    ".intro { margin: 0 0 1rem; }",
    ".problem { border-top: 1px solid #d6d6d6; padding-top: 0.75rem; margin-top: 0.75rem; }",
    ".where { font-weight: 700; margin: 0; word-break: break-all; }",
    ".message { margin: 0.25rem 0; }",
    "pre { font: 14px/1.45 ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;",
    "  background: #f3f3f3; color: #1a1a1a; padding: 0.5rem 0.75rem; margin: 0.5rem 0;",
    "  overflow-x: auto; border-left: 3px solid #b3261e; }",
    ".hint { margin: 0.25rem 0; color: #1f3d7a; }",
    "button { font: inherit; margin-top: 1rem; padding: 0.4rem 1rem; border-radius: 0.3rem;",
    "  border: 1px solid #1a1a1a; background: #ffffff; color: #1a1a1a; cursor: pointer; }",
    "button:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }",
  ].join("\n");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    // Text only, never HTML: messages quote the author's own source.
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function where(d) {
    if (!d.file) return say("site");
    var text = d.file;
    if (d.line > 0) text += say("line", { line: d.line });
    if (d.column > 0) text += say("column", { column: d.column });
    return text;
  }

  function problem(d) {
    var item = element("li", "problem");
    var label = d.severity === "warning" ? say("warning") : "";
    item.appendChild(element("p", "where", label + where(d)));
    item.appendChild(element("p", "message", d.message));
    if (d.source_line !== null && d.source_line !== undefined) {
      var gutter = String(d.line) + " | ";
      var text = gutter + d.source_line;
      if (d.column > 0) {
        text += "\n" + " ".repeat(gutter.length + d.column - 1) + "^";
      }
      var pre = element("pre", null, text);
      pre.setAttribute("aria-label", say("source", { line: d.line }));
      item.appendChild(pre);
    }
    if (d.hint) item.appendChild(element("p", "hint", say("hint", { hint: d.hint })));
    return item;
  }

  function showOverlay(diagnostics, keptLastBuild) {
    hideOverlay();
    var host = element("div");
    host.id = OVERLAY_ID;
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = element("style", null, STYLE);
    var backdrop = element("div", "backdrop");
    var dialog = element("section", "dialog");
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "ruche-error-title");
    dialog.setAttribute("aria-describedby", "ruche-error-intro");
    var title = element(
      "h1",
      null,
      keptLastBuild ? say("title-kept") : say("title-failed")
    );
    title.id = "ruche-error-title";
    var intro = element(
      "p",
      "intro",
      keptLastBuild ? say("intro-kept") : say("intro-failed")
    );
    intro.id = "ruche-error-intro";
    var list = element("ul");
    list.style.cssText = "list-style: none; margin: 0; padding: 0;";
    diagnostics.forEach(function (d) {
      list.appendChild(problem(d));
    });
    var close = element("button", null, say("close"));

    close.type = "button";
    close.addEventListener("click", hideOverlay);
    [title, intro, list, close].forEach(function (n) {
      dialog.appendChild(n);
    });
    backdrop.appendChild(dialog);
    root.appendChild(style);
    root.appendChild(backdrop);
    (document.body || document.documentElement).appendChild(host);
    // As an alert dialog should: focus goes to its least harmful action.
    close.focus();
  }

  function hideOverlay() {
    var host = document.getElementById(OVERLAY_ID);
    if (host && host.parentNode) host.parentNode.removeChild(host);
  }

  // The warnings about the file just saved (the editorial lint among them): a panel in a
  // corner that never covers the text being checked nor takes the focus.
  var WARNINGS_ID = "ruche-warnings";
  var PANEL_STYLE = [
    ":host { all: initial; }",
    ".panel { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483646;",
    "  width: min(30rem, calc(100vw - 2rem)); max-height: 45vh; overflow: auto;",
    "  background: #ffffff; color: #1a1a1a; border-top: 0.3rem solid #8a5a00;",
    "  border-radius: 0.5rem; padding: 0.75rem 1rem; box-sizing: border-box;",
    "  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  box-shadow: 0 0.5rem 2rem rgba(0, 0, 0, 0.35); }",
    "h2 { font-size: 1.05rem; margin: 0 0 0.25rem; color: #5c3c00; }",
    ".problem { border-top: 1px solid #d6d6d6; padding-top: 0.5rem; margin-top: 0.5rem; }",
    ".where { font-weight: 700; margin: 0; word-break: break-all; }",
    ".message, .hint { margin: 0.25rem 0; }",
    ".hint { color: #1f3d7a; }",
    "pre { font: 13px/1.4 ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;",
    "  background: #f3f3f3; color: #1a1a1a; padding: 0.4rem 0.6rem; margin: 0.4rem 0;",
    "  overflow-x: auto; border-left: 3px solid #8a5a00; }",
    "button { font: inherit; margin-top: 0.5rem; padding: 0.3rem 0.9rem; border-radius: 0.3rem;",
    "  border: 1px solid #1a1a1a; background: #ffffff; color: #1a1a1a; cursor: pointer; }",
    "button:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }",
  ].join("\n");

  function showWarnings(title, diagnostics) {
    hideWarnings();
    if (!diagnostics.length) return;
    var host = element("div");
    host.id = WARNINGS_ID;
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var panel = element("section", "panel");
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", title);
    panel.appendChild(element("h2", null, title));
    var list = element("ul");
    list.style.cssText = "list-style: none; margin: 0; padding: 0;";
    diagnostics.forEach(function (d) {
      list.appendChild(problem(d));
    });
    panel.appendChild(list);
    var close = element("button", null, say("close"));
    close.type = "button";
    close.addEventListener("click", hideWarnings);
    panel.appendChild(close);
    root.appendChild(element("style", null, PANEL_STYLE));
    root.appendChild(panel);
    (document.body || document.documentElement).appendChild(host);
  }

  function hideWarnings() {
    var host = document.getElementById(WARNINGS_ID);
    if (host && host.parentNode) host.parentNode.removeChild(host);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      hideOverlay();
      hideWarnings();
    }
  });


  connect();
})();
