/* The statistics page's map: the member states' offline outlines coloured by a chosen
 * figure (cities, published projects, projects seeking partners), with a legend. The
 * numbers come from the page's json_script block "choropleth-config"; the same numbers
 * are in the page's tables. Nothing loads from another host. */
(function () {
  'use strict';

  var COLOURS = ['#f1f1f1', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

  function levels(max) {
    // Five classes: none, then four equal steps up to the largest value.
    var step = Math.max(Math.ceil(max / 4), 1);
    return [0, 1, step + 1, 2 * step + 1, 3 * step + 1];
  }

  function levelOf(value, bounds) {
    var level = 0;
    for (var i = 1; i < bounds.length; i++) if (value >= bounds[i]) level = i;
    return level;
  }

  window.ascnChoropleth = function (map) {
    var config = JSON.parse(document.getElementById('choropleth-config').textContent);
    var select = document.getElementById('choropleth-figure');
    var legend = document.getElementById('choropleth-legend');
    var layer = null;
    var outlines = null;

    function valueOf(code, key) {
      var entry = config.data[code];
      return entry ? entry[key] || 0 : 0;
    }

    function draw() {
      var key = select.value;
      var max = 0;
      Object.keys(config.data).forEach(function (code) { max = Math.max(max, valueOf(code, key)); });
      var bounds = levels(max);
      if (layer) map.removeLayer(layer);
      layer = L.geoJSON(outlines, {
        style: function (feature) {
          var code = feature.properties.iso_alpha2;
          return {
            color: code === config.selected ? '#c0392b' : '#555',
            weight: code === config.selected ? 3 : 1,
            fillOpacity: 0.85,
            fillColor: COLOURS[levelOf(valueOf(code, key), bounds)]
          };
        },
        onEachFeature: function (feature, item) {
          var code = feature.properties.iso_alpha2;
          item.bindTooltip((feature.properties.name || code) + ': ' + valueOf(code, key));
        }
      }).addTo(map);
      legend.textContent = '';
      var title = document.createElement('p');
      title.textContent = config.labels.legend + ': ' + select.options[select.selectedIndex].text;
      var list = document.createElement('ul');
      bounds.forEach(function (low, i) {
        var item = document.createElement('li');
        var swatch = document.createElement('span');
        swatch.className = 'swatch level-' + i;
        item.appendChild(swatch);
        var high = i + 1 < bounds.length ? bounds[i + 1] - 1 : max;
        item.appendChild(document.createTextNode(
          i === 0 ? config.labels.none : (low >= high ? String(low) : low + '–' + high)
        ));
        if (i === 0 || low <= max) list.appendChild(item);
      });
      legend.appendChild(title);
      legend.appendChild(list);
    }

    fetch(config.outlinesUrl)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        outlines = data;
        map.fitBounds(L.geoJSON(data).getBounds());
        draw();
        select.addEventListener('change', draw);
        window.ascnChoroplethReady = true;
      });
  };
})();
