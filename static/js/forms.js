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

  // GOV.UK error summary: focus it on load so it is read out and seen first; its links
  // move to the field (and focus it) rather than only scrolling.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: 'center' });
      target.focus();
    });
  }
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
