/*
 * What the server's own pages (/explore, /compare) share: small DOM helpers and a GraphQL POST. Loaded before each
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

  async function graphql(endpoint, query, variables) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    });
    const payload = await response.json();
    if (payload.errors && payload.errors.length) {
      throw new Error(payload.errors.map((e) => e.message).join("; "));
    }
    return payload.data;
  }

  return { element: element, byId: byId, humanise: humanise, graphql: graphql };
})();
