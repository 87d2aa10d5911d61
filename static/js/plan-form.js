/* The plan form's priority projects, added and removed in the page.
 *
 * Works over Django's formset management form: adding a row copies the empty form
 * (the <template id="project-template">) with the next index and raises TOTAL_FORMS;
 * removing a saved project ticks its DELETE box and hides it (undo brings it back);
 * removing a new row takes it out and renumbers the new rows after it. Without
 * JavaScript the "Add another project" button saves the form and comes back with an
 * empty row, and the DELETE boxes stay visible. */
(function () {
  'use strict';

  var container = document.getElementById('project-forms');
  var template = document.getElementById('project-template');
  if (!container || !template) return;
  var form = container.closest('form');
  var prefix = 'projects';
  var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var initial = form.querySelector('input[name="' + prefix + '-INITIAL_FORMS"]');
  var maximum = form.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
  var addButton = form.querySelector('[data-add-project]');
  var labels = JSON.parse(document.getElementById('plan-form-labels').textContent);

  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  container.parentNode.insertBefore(status, container.nextSibling);

  function announce(text) { status.textContent = text; }

  function rows() { return container.querySelectorAll('[data-project-row]'); }

  function renumber(row, index) {
    var pattern = new RegExp(prefix + '-(\\d+|__prefix__)-', 'g');
    row.id = 'project-' + index;
    row.querySelectorAll('[name], [id], [for], [aria-describedby]').forEach(function (node) {
      ['name', 'id', 'for', 'aria-describedby'].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) node.setAttribute(attribute, value.replace(pattern, prefix + '-' + index + '-'));
      });
    });
  }

  function enhance(row) {
    row.querySelectorAll('[data-js-only]').forEach(function (node) { node.hidden = false; });
    var checkbox = row.querySelector('[data-remove-checkbox]');
    if (checkbox) checkbox.hidden = true;
    var button = row.querySelector('[data-remove-project]');
    if (button) button.addEventListener('click', function () { remove(row); });
  }

  function titleOf(row) {
    var input = row.querySelector('input[name$="-title"]');
    return (input && input.value) || labels.untitled;
  }

  function remove(row) {
    var name = titleOf(row);
    if (row.hasAttribute('data-saved')) {
      // A saved project is deleted on save: tick its box, hide it, offer undo.
      row.querySelector('input[name$="-DELETE"]').checked = true;
      row.hidden = true;
      var note = document.createElement('p');
      note.className = 'removed-note';
      note.textContent = labels.removed.replace('{name}', name) + ' ';
      var undo = document.createElement('button');
      undo.type = 'button';
      undo.className = 'link-button';
      undo.textContent = labels.undo;
      undo.addEventListener('click', function () {
        row.querySelector('input[name$="-DELETE"]').checked = false;
        row.hidden = false;
        note.remove();
        row.querySelector('[data-remove-project]').focus();
      });
      note.appendChild(undo);
      row.parentNode.insertBefore(note, row);
      undo.focus();
    } else {
      row.remove();
      var first = parseInt(initial.value, 10);
      Array.prototype.forEach.call(rows(), function (each, index) {
        if (index >= first) renumber(each, index);
      });
      total.value = rows().length;
      updateAddButton();
      addButton.focus();
      announce(labels.removedNew);
      return;
    }
    announce(labels.removed.replace('{name}', name));
  }

  function updateAddButton() {
    var full = parseInt(total.value, 10) >= parseInt(maximum.value, 10);
    addButton.disabled = full;
  }

  function add(event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (index >= parseInt(maximum.value, 10)) return;
    var fragment = template.content.cloneNode(true);
    var row = fragment.querySelector('[data-project-row]');
    renumber(row, index);
    container.appendChild(fragment);
    total.value = index + 1;
    enhance(row);
    updateAddButton();
    row.querySelector('input[name$="-title"]').focus();
    announce(labels.added);
  }

  rows().forEach(enhance);
  addButton.addEventListener('click', add);
  updateAddButton();
}());
