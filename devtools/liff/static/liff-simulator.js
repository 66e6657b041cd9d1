/* Simulator mode only: a stand-in for the LIFF SDK (https://static.line-scdn.net/liff/edge/2/sdk.js).
   It offers the few calls the card-link page uses. The ID token comes from the stand-in of LINE,
   for the simulated resident named in the page's ?user= parameter. */
(function () {
  "use strict";
  var idToken = null;
  var userId = new URLSearchParams(window.location.search).get("user");
  window.liff = {
    simulated: true,
    init: function () {
      if (!userId) return Promise.reject(new Error("no simulated user"));
      return fetch("/liff/simulator/id-token", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({userId: userId}),
        credentials: "same-origin",
      }).then(function (response) {
        if (!response.ok) throw new Error("no ID token from the stand-in");
        return response.json();
      }).then(function (body) { idToken = body.idToken; });
    },
    isLoggedIn: function () { return idToken !== null; },
    login: function () { window.location.reload(); },
    isInClient: function () { return false; },
    getIDToken: function () { return idToken; },
    closeWindow: function () { window.location.assign("/simulator"); },
  };
})();
