// The HTTP API client of the console: Basic credentials kept for the browser tab only.
(function () {
  'use strict';
  var KEY = 'warren.credentials';

  function credentials() { return sessionStorage.getItem(KEY); }

  function login(user, password) {
    var token = btoa(unescape(encodeURIComponent(user + ':' + password)));
    return fetch('/api/whoami', { headers: { Authorization: 'Basic ' + token, 'X-Requested-With': 'XMLHttpRequest' } }).then(function (response) {
      if (!response.ok) return response.json().then(function (body) { throw new Error(body.reason || 'Login failed'); });
      sessionStorage.setItem(KEY, token);
      return response.json();
    });
  }

  function logout() { sessionStorage.removeItem(KEY); }

  function request(method, path, body, raw) {
    var headers = { Authorization: 'Basic ' + credentials(), 'X-Requested-With': 'XMLHttpRequest' };
    if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
    return fetch('/api' + path, { method: method, headers: headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) })
      .then(function (response) {
        if (response.status === 401 && method === 'GET' && path === '/whoami') { logout(); }
        if (response.status === 204 || response.status === 201) return null;
        return response.text().then(function (text) {
          var json = text ? JSON.parse(text) : null;
          if (!response.ok) throw new Error((json && (json.reason || json.error)) || ('HTTP ' + response.status));
          return json;
        });
      });
  }

  function enc(part) { return encodeURIComponent(part); }

  window.WarrenApi = {
    credentials: credentials, login: login, logout: logout, enc: enc,
    get: function (path) { return request('GET', path); },
    put: function (path, body) { return request('PUT', path, body || {}); },
    post: function (path, body) { return request('POST', path, body || {}); },
    postRaw: function (path, body) { return request('POST', path, body, true); },
    del: function (path) { return request('DELETE', path); }
  };
})();
