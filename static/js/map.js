/* The portal's maps: the home map of the member cities and a city's location map.
 *
 * Leaflet comes from django-leaflet's static files and calls these functions once the
 * map exists (the `callback` of the leaflet_map template tag). Every URL and label comes
 * from the page's json_script block "map-config"; nothing loads from another host. */
(function () {
  'use strict';

  function readConfig() {
    return JSON.parse(document.getElementById('map-config').textContent);
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? '' : String(values[key]);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Leaflet cannot guess its icon path once static file names are hashed, so the
  // icon's files are named one by one (django-leaflet #188, #357, #382).
  function cityIcon(config) {
    return L.icon({
      iconUrl: config.icon.iconUrl,
      iconRetinaUrl: config.icon.iconRetinaUrl,
      shadowUrl: config.icon.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
  }

  // The member states' outlines: the base layer that is always there, offline.
  function outlinesLayer(map, config, onLoad) {
    var layer = L.geoJSON(null, {
      interactive: false,
      attribution: config.labels.outlinesAttribution,
      style: { color: '#6b7c8c', weight: 1, fillColor: '#f6f3e8', fillOpacity: 1 }
    }).addTo(map);
    fetch(config.outlinesUrl)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        layer.addData(data);
        layer.bringToBack();
        stateLabels(map, data);
        if (onLoad) onLoad(layer);
      });
    return layer;
  }

  // The member states' names, written on the offline base layer at a point inside each
  // (the outlines' own "label" property). Tooltips, not markers: they never take a click.
  function stateLabels(map, data) {
    var labels = L.layerGroup();
    // Their own pane, above the outlines and under the markers.
    if (!map.getPane('stateLabels')) map.createPane('stateLabels').style.zIndex = 450;
    data.features.forEach(function (feature) {
      var point = feature.properties.label;
      if (!point) return;
      L.tooltip({
        permanent: true,
        direction: 'center',
        className: 'state-label',
        pane: 'stateLabels',
        interactive: false,
        opacity: 1
      }).setLatLng([point[1], point[0]]).setContent(feature.properties.name).addTo(labels);
    });
    labels.addTo(map);
    return labels;
  }

  // From this zoom on, each city's name is written beside its marker.
  var CITY_LABEL_ZOOM = 6;

  function followZoomForCityLabels(map) {
    function update() {
      map.getContainer().classList.toggle('show-city-labels', map.getZoom() >= CITY_LABEL_ZOOM);
    }
    map.on('zoomend', update);
    update();
  }

  // Markers closer than this (in pixels) cover each other.
  var OVERLAP_PX = 25;
  // How far apart spread markers stand (an icon is 25 px wide).
  var SPREAD_PX = 38;

  // Spiderfy: a click on a marker that others cover spreads the group out around the
  // spot, with a leg back to each true position, and opens the clicked
  // city's popup; zooming, or a click on the map, folds them back. (Thousands of
  // markers are clustered instead, and Leaflet.markercluster spiderfies its own.)
  function Spider(map) {
    this.map = map;
    this.legs = L.layerGroup().addTo(map);
    this.spread = [];
    map.on('zoomstart click', this.fold, this);
  }

  Spider.prototype.fold = function () {
    this.spread.forEach(function (marker) {
      marker.setLatLng(marker.ascnHome);
      var icon = marker.getElement();
      if (icon) icon.classList.remove('is-spiderfied');
    });
    this.spread = [];
    this.legs.clearLayers();
  };

  Spider.prototype.neighbours = function (marker, all) {
    var map = this.map;
    var here = map.latLngToLayerPoint(marker.ascnHome);
    return all.filter(function (other) {
      return map.latLngToLayerPoint(other.ascnHome).distanceTo(here) < OVERLAP_PX;
    });
  };

  // Returns true when the marker's group was spread out.
  Spider.prototype.open = function (marker, all) {
    if (this.spread.indexOf(marker) !== -1) return false;
    var group = this.neighbours(marker, all);
    if (group.length < 2) return false;
    this.fold();
    var map = this.map;
    var centre = map.latLngToLayerPoint(marker.ascnHome);
    var legs = this.legs;
    // Side by side in rows under the spot, west to east as on the map, so that the
    // popup, which opens above the clicked marker, covers none of them.
    group.sort(function (a, b) { return a.ascnHome.lng - b.ascnHome.lng; });
    var perRow = 8;
    group.forEach(function (each, i) {
      var row = Math.floor(i / perRow);
      var inRow = Math.min(perRow, group.length - row * perRow);
      var column = i % perRow;
      var point = centre.add(L.point((column - (inRow - 1) / 2) * SPREAD_PX, row * 52));
      var spot = map.layerPointToLatLng(point);
      L.polyline([each.ascnHome, spot], {
        color: '#0b4f8a', weight: 1.5, opacity: 0.8, interactive: false
      }).addTo(legs);
      each.setLatLng(spot);
      var icon = each.getElement();
      if (icon) icon.classList.add('is-spiderfied');
    });
    this.spread = group;
    return true;
  };

  // Online tiles exist only when the portal is configured with a tile URL.
  function tileLayers(map, label) {
    var tiles = {};
    map.eachLayer(function (layer) {
      if (layer instanceof L.TileLayer) tiles[label] = layer;
    });
    return tiles;
  }

  function popupContent(properties, labels) {
    var root = element('div', 'city-popup');
    root.appendChild(element('p', 'popup-title', properties.name));
    root.appendChild(element('p', 'popup-meta', format(labels.popupMeta, {
      state: properties.member_state,
      year: properties.joined_year
    })));
    var count = properties.published_project_count;
    root.appendChild(element('p', '', format(count === 1 ? labels.projectsOne : labels.projectsOther, { n: count })));
    var seeking = properties.seeking_project_count;
    if (seeking) {
      root.appendChild(element('p', 'popup-seeking', format(seeking === 1 ? labels.seekingOne : labels.seekingOther, { n: seeking })));
    }
    var link = element('a', 'popup-link', format(labels.openCity, { name: properties.name }));
    link.href = properties.url;
    root.appendChild(link);
    return root;
  }

  window.ascnHomeMap = function (map) {
    window.ascnMap = map; // for the benchmark kit's timing (bench/run.py)
    var config = readConfig();
    var labels = config.labels;
    var icon = cityIcon(config);
    var form = document.getElementById('map-filters');
    var list = document.getElementById('city-list');
    var status = document.getElementById('city-count');
    var geojsonBase = config.geojsonUrl.split('?')[0];
    var cities = null;
    var markers = {};
    var features = [];
    var spider = new Spider(map);
    window.ascnSpider = spider; // for the browser tests
    followZoomForCityLabels(map);

    var outlines = outlinesLayer(map, config, function (layer) {
      map.fitBounds(layer.getBounds());
    });
    var overlays = {};
    overlays[labels.outlinesLayer] = outlines;
    var layerControl = L.control.layers(tileLayers(map, labels.tilesLayer), overlays, {
      collapsed: true
    }).addTo(map);

    // Thousands of markers are clustered (Leaflet.markercluster); a few dozen are not.
    function newCitiesLayer(count) {
      if (cities) {
        map.removeLayer(cities);
        layerControl.removeLayer(cities);
      }
      cities = count > config.clusterAbove
        ? L.markerClusterGroup({
          chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true
        })
        : L.featureGroup();
      cities.addTo(map);
      layerControl.addOverlay(cities, labels.citiesLayer);
    }

    function showOnMap(slug) {
      var marker = markers[slug];
      if (!marker) return;
      if (cities.zoomToShowLayer) {
        cities.zoomToShowLayer(marker, function () { marker.openPopup(); });
      } else {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
        marker.openPopup();
      }
    }

    // The list is the map's accessible alternative. A long one lists the cities in the
    // map's view, at most config.listLimit of them, and follows the map as it moves.
    function listedFeatures() {
      if (features.length <= config.listLimit) return features;
      var bounds = map.getBounds();
      var inView = [];
      for (var i = 0; i < features.length && inView.length < config.listLimit; i++) {
        var lonLat = features[i].geometry.coordinates;
        if (bounds.contains([lonLat[1], lonLat[0]])) inView.push(features[i]);
      }
      return inView;
    }

    function renderList() {
      var shown = listedFeatures();
      list.textContent = '';
      if (!shown.length) {
        list.appendChild(element('li', '', labels.noCity));
      }
      shown.forEach(function (feature) {
        var p = feature.properties;
        var item = element('li');
        item.dataset.slug = p.slug;
        var link = element('a', '', p.name);
        link.href = p.url;
        item.appendChild(link);
        item.appendChild(document.createTextNode(' '));
        item.appendChild(element('span', 'muted', format(labels.listMeta, {
          state: p.member_state, year: p.joined_year
        })));
        var button = element('button', '', labels.showOnMap);
        button.type = 'button';
        button.setAttribute('aria-label', format(labels.showCityOnMap, { name: p.name }));
        button.addEventListener('click', function () { showOnMap(p.slug); });
        item.appendChild(document.createTextNode(' '));
        item.appendChild(button);
        list.appendChild(item);
      });
      var count = format(features.length === 1 ? labels.countOne : labels.countOther, {
        n: features.length
      });
      if (shown.length < features.length) {
        count += ' ' + format(labels.listedInView, { n: shown.length });
      }
      status.textContent = count;
    }

    function render(collection) {
      features = collection.features;
      newCitiesLayer(features.length);
      markers = {};
      var layers = [];
      var clustered = Boolean(cities.addLayers);
      if (spider) spider.fold();
      features.forEach(function (feature) {
        var p = feature.properties;
        var lonLat = feature.geometry.coordinates;
        var marker = L.marker([lonLat[1], lonLat[0]], {
          icon: icon, alt: p.name, title: p.name, keyboard: true
        });
        marker.ascnHome = marker.getLatLng();
        if (!clustered) {
          // Before the popup's own click handler: spread covered markers first, and
          // open the popup where the marker now stands.
          var spread = function () {
            if (spider.open(marker, layers)) {
              // The popup's own handler opens it where the click was; move it onto
              // the marker's new place once that has run (moved, not re-rendered,
              // so that the focus stays on its link).
              window.setTimeout(function () {
                var popup = marker.getPopup();
                if (popup && popup.isOpen()) popup.setLatLng(marker.getLatLng());
              }, 0);
            }
          };
          marker.on('click', spread);
          // Leaflet opens a marker's popup on Enter without a click event.
          marker.on('keypress', function (event) {
            if (event.originalEvent && event.originalEvent.keyCode === 13) spread();
          });
          marker.bindTooltip(p.name, {
            permanent: true, direction: 'right', offset: [10, -22], className: 'city-label'
          });
        }
        marker.bindPopup(popupContent(p, labels));
        // Keyboard users land in the popup, on its link.
        marker.on('popupopen', function (event) {
          var link = event.popup.getElement().querySelector('a.popup-link');
          if (link) link.focus();
        });
        layers.push(marker);
        markers[p.slug] = marker;
      });
      cities.addLayers ? cities.addLayers(layers) : layers.forEach(function (m) { cities.addLayer(m); });
      renderList();
      window.ascnMapReady = window.ascnMapReady || performance.now();
    }

    map.on('moveend', function () {
      if (features.length > config.listLimit) renderList();
    });

    function load(query) {
      return fetch(geojsonBase + (query ? '?' + query : ''), { headers: { Accept: 'application/geo+json' } })
        .then(function (response) {
          if (!response.ok) throw new Error(labels.invalidFilter);
          return response.json();
        })
        .then(function (collection) {
          render(collection);
          // A filtered map zooms to the cities it shows; the full map keeps the region.
          if (query && collection.features.length) {
            map.fitBounds(L.geoJSON(collection).getBounds(), { padding: [40, 40], maxZoom: 7 });
          }
        })
        .catch(function (error) { status.textContent = error.message; });
    }

    function currentQuery() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (value !== '') params.append(key, value);
      });
      return params.toString();
    }

    function applyFilters(event) {
      if (event) event.preventDefault();
      var query = currentQuery();
      // The filtered map is a link that can be shared.
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
      load(query);
    }

    if (form) {
      form.addEventListener('submit', applyFilters);
      form.addEventListener('change', applyFilters);
    }
    load(config.geojsonUrl.split('?')[1] || '');
  };

  window.ascnCityMap = function (map) {
    var config = readConfig();
    var point = L.latLng(config.point[0], config.point[1]);
    outlinesLayer(map, config);
    L.marker(point, { icon: cityIcon(config), alt: config.label, title: config.label, keyboard: false })
      .bindTooltip(config.label, {
        permanent: true, direction: 'right', offset: [10, -22], className: 'city-label'
      })
      .addTo(map);
    followZoomForCityLabels(map);
    map.setView(point, 7);
  };
}());
