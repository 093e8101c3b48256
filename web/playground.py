"""GraphiQL playground page that works with no internet access.

Derived from Strawberry's ``strawberry/static/graphiql.html`` (GraphiQL 3.8.3
with the explorer plugin): same styles, same scripts in the same order with the
same SRI hashes, CSRF cookie handling and ``?q=`` sharing. What differs:

* every CDN URL points at this server (``web.assets``), because police
  networks block CDNs;
* the page opens with the example queries as tabs (GraphiQL's ``defaultTabs``),
  first example active, instead of Strawberry's welcome text;
* editor state is kept in a ``localStorage`` namespace derived from the example
  set, so changing the examples shows them to returning users (GraphiQL only
  uses ``defaultTabs`` when its storage is empty) and other GraphiQL apps on the
  same origin do not leak tabs in;
* the GraphQL endpoint is a parameter instead of "this page's URL".

The page is a template here rather than a rewrite of Strawberry's file at
runtime, so a Strawberry upgrade that changes its page cannot silently
reintroduce CDN URLs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

from web.assets import ASSETS, asset_url
from web.pages import json_for_script

__all__ = ["PLAYGROUND_ASSETS", "playground_html"]

# Order matters: React before GraphiQL, GraphiQL before the explorer plugin.
_HEAD_SCRIPTS = (
    "react/react.production.min.js",
    "react-dom/react-dom.production.min.js",
    "js-cookie/js.cookie.min.js",
)
_STYLESHEETS = ("graphiql/graphiql.min.css", "graphiql-plugin-explorer/style.css")
_BODY_SCRIPTS = ("graphiql/graphiql.min.js", "graphiql-plugin-explorer/index.umd.js")

PLAYGROUND_ASSETS: tuple[str, ...] = _HEAD_SCRIPTS + _STYLESHEETS + _BODY_SCRIPTS
"""The ``web.assets.ASSETS`` keys this page loads."""

_TEMPLATE = """<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>PEEL Graph · GraphiQL</title>
    <link
      rel="icon"
      href="data:image/svg+xml,
        <svg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 100 100%22>
            <!-- Strawberry Emoji as a HTML Entity (hex)  -->
            <text y=%22.9em%22 font-size=%2280%22>&#x1f353;</text>
        </svg>"
    />
    <style>
      body {
        height: 100%;
        margin: 0;
        width: 100%;
        overflow: hidden;
      }

      #graphiql {
        height: 100vh;
        display: flex;
      }

      .docExplorerHide {
        display: none;
      }

      .doc-explorer-contents {
        overflow-y: hidden !important;
      }

      .docExplorerWrap {
        width: unset !important;
        min-width: unset !important;
      }

      .graphiql-explorer-actions select {
        margin-left: 4px;
      }
    </style>
__HEAD_SCRIPTS__
__STYLESHEETS__
  </head>

  <body>
    <div id="graphiql" class="graphiql-container">Loading...</div>
__BODY_SCRIPTS__
    <script type="application/json" id="playground-config">__CONFIG__</script>
    <script>
      const config = JSON.parse(
        document.getElementById("playground-config").textContent,
      );

      // Parse URL parameters for sharing queries
      const parameters = {};

      for (const entry of window.location.search.slice(1).split("&")) {
        const eq = entry.indexOf("=");
        if (eq >= 0) {
          parameters[decodeURIComponent(entry.slice(0, eq))] =
            decodeURIComponent(entry.slice(eq + 1));
        }
      }

      // A shared link (?q=...) opens in a tab of its own; read it before
      // editing rewrites the URL.
      const sharedQuery = parameters.q;
      const sharedVariables = parameters.variables;

      function updateURL(data) {
        Object.assign(parameters, data);

        const newSearch =
          "?" +
          Object.keys(parameters)
            .filter(function (key) {
              return Boolean(parameters[key]);
            })
            .map(function (key) {
              return (
                encodeURIComponent(key) +
                "=" +
                encodeURIComponent(parameters[key])
              );
            })
            .join("&");
        history.replaceState(null, null, newSearch);
      }

      const fetchURL = new URL(config.endpoint, window.location.href).toString();

      function httpUrlToWebSockeUrl(url) {
        const parsedURL = new URL(url);
        const protocol = parsedURL.protocol === "http:" ? "ws:" : "wss:";
        parsedURL.protocol = protocol;
        parsedURL.hash = "";
        return parsedURL.toString();
      }

      const defaultHeaders = {};
      const csrfToken = Cookies.get("csrftoken");

      if (csrfToken) {
        defaultHeaders["x-csrftoken"] = csrfToken;
      }

      const subscriptionUrl = httpUrlToWebSockeUrl(fetchURL);

      const fetcher = GraphiQL.createFetcher({
        url: fetchURL,
        headers: defaultHeaders,
        subscriptionUrl,
      });

      // GraphiQL's localStorage keys, prefixed per example set (see module doc).
      function namespacedStorage(prefix) {
        try {
          localStorage.getItem(prefix);
        } catch (e) {
          return null; // storage disabled: GraphiQL then keeps state in memory
        }
        function ownKeys() {
          return Object.keys(localStorage).filter(function (key) {
            return key.indexOf(prefix) === 0;
          });
        }
        return {
          getItem: function (key) {
            return localStorage.getItem(prefix + key);
          },
          setItem: function (key, value) {
            localStorage.setItem(prefix + key, value);
          },
          removeItem: function (key) {
            localStorage.removeItem(prefix + key);
          },
          clear: function () {
            ownKeys().forEach(function (key) {
              localStorage.removeItem(key);
            });
          },
          get length() {
            return ownKeys().length;
          },
        };
      }

      const storage = namespacedStorage(config.storageNamespace);
      const defaultTabs = (
        sharedQuery ? [{ query: sharedQuery, variables: sharedVariables }] : []
      ).concat(config.tabs);
      const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();

      function GraphiQLWithExplorer() {
        const [headers, setHeaders] = React.useState(parameters.headers);

        function onEditQuery(newQuery) {
          updateURL({ q: newQuery });
        }

        function onEditVariables(newVariables) {
          updateURL({ variables: newVariables });
        }

        function onEditHeaders(newHeaders) {
          setHeaders(newHeaders);
        }

        return React.createElement(GraphiQL, {
          fetcher: fetcher,
          defaultEditorToolsVisibility: true,
          plugins: [explorerPlugin],
          defaultTabs: defaultTabs.length ? defaultTabs : undefined,
          query: sharedQuery,
          variables: sharedVariables,
          headers: headers,
          storage: storage,
          onEditQuery: onEditQuery,
          onEditVariables: onEditVariables,
          onEditHeaders: onEditHeaders,
          inputValueDeprecation: true,
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true,
        });
      }

      const root = ReactDOM.createRoot(document.getElementById("graphiql"));
      root.render(React.createElement(GraphiQLWithExplorer));
    </script>
  </body>
</html>
"""


def _local_path(value: str, what: str) -> str:
    """Reject anything but a same-origin absolute path, so the page stays offline."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        raise ValueError(f"{what} must be a local path starting with '/', got {value!r}")
    return value


def _script_tag(name: str, prefix: str) -> str:
    return (
        "    <script\n      crossorigin\n"
        f'      src="{escape(asset_url(name, prefix))}"\n'
        f'      integrity="{ASSETS[name].integrity}"\n'
        "    ></script>"
    )


def _stylesheet_tag(name: str, prefix: str) -> str:
    return (
        '    <link\n      crossorigin\n      rel="stylesheet"\n'
        f'      href="{escape(asset_url(name, prefix))}"\n'
        f'      integrity="{ASSETS[name].integrity}"\n'
        "    />"
    )


def playground_html(
    examples: Sequence[tuple[str, str]],
    *,
    endpoint: str = "/graphql",
    asset_prefix: str = "/assets",
) -> str:
    """The GraphiQL page: one tab per ``(title, query)`` example, the first active.

    ``endpoint`` and ``asset_prefix`` must be local paths (``/graphql``,
    ``/assets``); the assets are served by ``web.assets.assets_mount``.
    """
    endpoint = _local_path(endpoint, "endpoint")
    prefix = _local_path(asset_prefix, "asset_prefix")
    tabs = [{"query": query} for _title, query in examples]
    digest = hashlib.sha256(json.dumps(list(examples)).encode()).hexdigest()[:12]
    config = {"endpoint": endpoint, "tabs": tabs, "storageNamespace": f"peel-graph:{digest}:"}
    head_scripts = "\n".join(_script_tag(name, prefix) for name in _HEAD_SCRIPTS)
    stylesheets = "\n".join(_stylesheet_tag(name, prefix) for name in _STYLESHEETS)
    body_scripts = "\n".join(_script_tag(name, prefix) for name in _BODY_SCRIPTS)
    return (
        _TEMPLATE.replace("__HEAD_SCRIPTS__", head_scripts)
        .replace("__STYLESHEETS__", stylesheets)
        .replace("__BODY_SCRIPTS__", body_scripts)
        .replace("__CONFIG__", json_for_script(config))
    )
