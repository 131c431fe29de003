// The console's shell: login, navigation by URL hash, and the refresh loop of the current page.
(function () {
  'use strict';
  var api = window.WarrenApi, pages = window.WarrenPages;
  var refreshTimer = null, current = null;

  function $(id) { return document.getElementById(id); }

  function showLogin() {
    $('login').hidden = false; $('nav').hidden = true; $('who').hidden = true; $('page').innerHTML = '';
    stopRefresh();
  }

  function stopRefresh() { if (refreshTimer) { clearInterval(refreshTimer); refreshTimer = null; } }

  function route() {
    if (!api.credentials()) { showLogin(); return; }
    $('login').hidden = true; $('nav').hidden = false; $('who').hidden = false;
    var hash = location.hash.replace(/^#\/?/, '');
    var parts = hash.split('/').filter(function (p) { return p.length; }).map(decodeURIComponent);
    var name = parts[0] || 'overview';
    var page = pages[name] || pages.overview;
    document.querySelectorAll('#nav a').forEach(function (a) { a.classList.toggle('active', a.dataset.tab === name); });
    stopRefresh();
    current = page;
    var element = $('page');
    element.innerHTML = '';
    var state = page.render(element, parts.slice(1));
    var refresh = function () {
      if (current !== page) return;
      Promise.resolve(page.refresh(element, state, parts.slice(1))).catch(report);
      checkAlarms();
    };
    refresh();
    refreshTimer = setInterval(refresh, 5000);
  }

  function report(error) {
    if (/Login failed|Not management user/.test(error.message)) { api.logout(); showLogin(); return; }
    var box = $('page').querySelector('.page-error');
    if (box) box.textContent = error.message;
  }

  function checkAlarms() {
    api.get('/overview').then(function (o) {
      $('versions').textContent = o.product_name + ' ' + o.product_version + ' · RabbitMQ ' + o.rabbitmq_version + ' · ' + o.cluster_name;
      var alarms = o.alarms || [];
      $('alarms').hidden = alarms.length === 0;
      $('alarms').textContent = alarms.length ? 'Resource alarm: ' + alarms.join(', ') + ' — publishers are blocked' : '';
    }).catch(function () {});
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    $('login-error').textContent = '';
    api.login($('username').value, $('password').value).then(function (me) {
      $('user').textContent = me.name;
      route();
    }).catch(function (error) { $('login-error').textContent = error.message; });
  });
  $('logout').addEventListener('click', function () { api.logout(); location.hash = '#/'; showLogin(); });
  window.addEventListener('hashchange', route);
  if (api.credentials()) api.get('/whoami').then(function (me) { $('user').textContent = me.name; }).catch(function () {});
  window.WarrenApp = { route: route };
  route();
})();
