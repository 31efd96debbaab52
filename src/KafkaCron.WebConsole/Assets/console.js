// kcron console: refreshes the page's content every data-refresh seconds without reloading the page.
// It fetches the same URL with the X-Kcron-Fragment header, and the server answers with the content of
// main#content only. Nothing else runs here: every page works without this script (a <noscript> refresh).
(function () {
  'use strict';
  var main = document.getElementById('content');
  var seconds = main ? Number(main.getAttribute('data-refresh')) : 0;
  if (!main || !(seconds > 0)) {
    return;
  }

  function busy() {
    // Someone typing in the filter or holding a button keeps the content they are working with.
    var active = document.activeElement;
    return document.hidden || (active && active !== document.body && main.contains(active) &&
      (active.tagName === 'INPUT' || active.tagName === 'SELECT' || active.tagName === 'TEXTAREA'));
  }

  function refresh() {
    if (busy()) {
      schedule();
      return;
    }
    fetch(window.location.href, { headers: { 'X-Kcron-Fragment': '1' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok || response.headers.get('X-Kcron-Fragment') !== '1') {
          throw new Error('status ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var open = Array.prototype.map.call(main.querySelectorAll('details[open][id]'), function (d) { return d.id; });
        main.innerHTML = html;
        open.forEach(function (id) {
          var details = document.getElementById(id);
          if (details) {
            details.open = true;
          }
        });
        document.documentElement.classList.remove('stale');
        main.setAttribute('data-refreshed-at', new Date().toISOString());
      })
      .catch(function () {
        document.documentElement.classList.add('stale');
      })
      .then(schedule);
  }

  function schedule() {
    window.setTimeout(refresh, seconds * 1000);
  }

  schedule();
})();
