// The language chooser at the site's root: go straight to the reader's language when the
// browser names one the site has. The homes come from the script element's data-homes
// attribute; the chooser's links stay for everyone else (and for readers without script).
(function () {
  var homes = JSON.parse(document.currentScript.dataset.homes);
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase();
    var primary = code.split("-")[0];
    if (homes[code]) { location.replace(homes[code]); return; }
    if (homes[primary]) { location.replace(homes[primary]); return; }
  }
}());
