/* Creates a map of django-leaflet's {% leaflet_map %} tag without an inline script, so
 * the Content-Security-Policy can forbid inline scripts (templates/leaflet/_leaflet_map.html).
 * Each tag adds this file with its options in data attributes; the file runs once per
 * tag and reads the attributes of the <script> element that loaded it. */
(function () {
  'use strict';

  var script = document.currentScript;
  var name = script.dataset.leafletMap;
  var djoptions = JSON.parse(script.dataset.djoptions);
  var loadevents = JSON.parse(script.dataset.loadevents);
  var globals = script.dataset.globals === 'true';

  // The tag's callback names a function ("window.ascnHomeMap"), looked up when the map
  // is made, after the page's other scripts have defined it.
  function callback() {
    var path = script.dataset.callback;
    if (!path) return null;
    return path.split('.').reduce(function (scope, key) {
      return key === 'window' ? scope : scope && scope[key];
    }, window) || null;
  }

  function loadmap() {
    var map = L.Map.djangoMap(name, {
      djoptions: djoptions,
      initfunc: loadmap,
      globals: globals,
      callback: callback()
    });
    if (globals) window['leafletmap' + name] = map;
  }

  if (loadevents.length === 0) loadmap();
  else {
    loadevents.forEach(function (event) { window.addEventListener(event, loadmap, false); });
  }
  if (globals) window['loadmap' + name] = loadmap;
}());
