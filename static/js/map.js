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
        if (onLoad) onLoad(layer);
      });
    return layer;
  }

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
        ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false })
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
      features.forEach(function (feature) {
        var p = feature.properties;
        var lonLat = feature.geometry.coordinates;
        var marker = L.marker([lonLat[1], lonLat[0]], {
          icon: icon, alt: p.name, title: p.name, keyboard: true
        });
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
      .addTo(map);
    map.setView(point, 7);
  };
}());
