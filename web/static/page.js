/*
 * What the server's own pages (/explore, /compare) share: small DOM helpers. Loaded before each
 * page's own script (both deferred, so in order); text only ever goes in through textContent.
 */
window.peelPage = (function () {
  "use strict";

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function humanise(value) {
    const text = String(value).replace(/_/g, " ").toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  return { element: element, byId: byId, humanise: humanise };
})();
