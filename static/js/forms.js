/* Forms that must be sent once: a second click (or Enter) while the first submit is on
 * its way is ignored, and the buttons show that the page is working. The server
 * refuses a repeated move anyway (plans.views.ActionPlanMoveView); this spares the
 * round trip and the confusing message. */
(function () {
  'use strict';

  function guard(form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.submitted === 'true') {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = 'true';
      // After the browser has read the submitter (and its formaction), not before.
      window.setTimeout(function () {
        form.querySelectorAll('button[type=submit], input[type=submit]').forEach(function (button) {
          button.setAttribute('aria-disabled', 'true');
          button.classList.add('is-busy');
        });
      }, 0);
    });
  }

  document.querySelectorAll('form[data-submit-once]').forEach(guard);
  // A page restored from the back/forward cache can be used again.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    document.querySelectorAll('form[data-submit-once]').forEach(function (form) {
      form.dataset.submitted = 'false';
      form.querySelectorAll('.is-busy').forEach(function (button) {
        button.classList.remove('is-busy');
        button.removeAttribute('aria-disabled');
      });
    });
  });
}());
