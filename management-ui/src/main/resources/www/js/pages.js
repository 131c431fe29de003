// The console's pages. Each page renders once and refreshes every 5 seconds.
(function () {
  'use strict';
  var api = window.WarrenApi, chart = window.WarrenChart, enc = api.enc;

  // ---- DOM helpers ---------------------------------------------------------------------------
  function h(tag, attrs) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') element.textContent = attrs[key];
      else if (key.indexOf('on') === 0) element.addEventListener(key.slice(2), attrs[key]);
      else element.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      element.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return element;
  }
  function rate(details) { return details ? chart.format(details.rate) + '/s' : '0/s'; }
  function vhostLink(v) { return v === '/' ? '%2F' : enc(v); }
  function exchangeName(name) { return name === '' ? '(AMQP default)' : name; }
  function features(o) {
    var f = [];
    if (o.durable) f.push('D'); if (o.auto_delete) f.push('AD'); if (o.exclusive) f.push('Excl'); if (o.internal) f.push('I');
    if (o.arguments && Object.keys(o.arguments).length) f.push('Args');
    return h('span', {}, ...f.map(function (x) { return h('span', { class: 'tag', title: JSON.stringify(o.arguments || {}) }, x); }));
  }
  function table(columns, rows, id) {
    var head = h('tr', {}, ...columns.map(function (c) { return h('th', { class: c.num ? 'num' : '' }, c.title); }));
    var body = h('tbody', {});
    rows.forEach(function (row) {
      body.appendChild(h('tr', {}, ...columns.map(function (c) {
        var value = c.value(row);
        return h('td', { class: c.num ? 'num' : '' }, value instanceof Node ? value : String(value === undefined || value === null ? '' : value));
      })));
    });
    if (!rows.length) body.appendChild(h('tr', {}, h('td', { colspan: columns.length, class: 'muted', text: 'Nothing here yet.' })));
    return h('table', { id: id || '' }, h('thead', {}, head), body);
  }
  function replace(container, element) { container.innerHTML = ''; container.appendChild(element); }
  function form(id, fields, submitText, onsubmit) {
    var element = h('form', { class: 'inline', id: id });
    fields.forEach(function (f) {
      var input = f.options ? h('select', { name: f.name }, ...f.options.map(function (o) { return h('option', { value: o }, o); }))
        : f.area ? h('textarea', { name: f.name, placeholder: f.placeholder || '' })
        : h('input', { name: f.name, value: f.value || '', placeholder: f.placeholder || '', type: f.type || 'text' });
      element.appendChild(h('label', { style: f.area ? 'flex: 1 1 100%' : '' }, f.label, input));
    });
    element.appendChild(h('button', { type: 'submit' }, submitText));
    var status = h('span', { class: 'status' });
    element.appendChild(status);
    element.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = {};
      Array.prototype.forEach.call(element.elements, function (e) { if (e.name) data[e.name] = e.value; });
      status.className = 'status'; status.textContent = '…';
      Promise.resolve().then(function () { return onsubmit(data, status); }).then(function (message) {
        status.className = 'status ok'; status.textContent = message || 'Done.';
      }).catch(function (error) { status.className = 'status error'; status.textContent = error.message; });
    });
    return element;
  }
  function parseArguments(text) {
    if (!text || !text.trim()) return {};
    try { return JSON.parse(text); } catch (e) { throw new Error('Arguments must be a JSON object, e.g. {"x-max-length": 10}'); }
  }
  function vhostOptions() { return api.get('/vhosts?columns=name').then(function (vs) { return vs.map(function (v) { return v.name; }); }); }
  function fillVhosts(select) {
    vhostOptions().then(function (names) {
      select.innerHTML = '';
      names.forEach(function (n) { select.appendChild(h('option', { value: n }, n)); });
    });
  }
  function rateSeries(history, key, name) {
    // history: [{t, stats}] → per-second rates between consecutive samples
    var points = [];
    for (var i = 1; i < history.length; i++) {
      var dt = (history[i].t - history[i - 1].t) / 1000;
      if (dt > 0) points.push({ t: history[i].t, v: Math.max(0, (history[i].v[key] - history[i - 1].v[key]) / dt) });
    }
    return { name: name, points: points, unit: '/s' };
  }

  // ---- overview -------------------------------------------------------------------------------
  var overview = {
    render: function (page) {
      page.appendChild(h('h1', {}, 'Overview'));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { class: 'grid', id: 'totals' }));
      page.appendChild(h('div', { class: 'charts' },
        h('div', { class: 'card' }, h('h2', {}, 'Message rates'), h('canvas', { class: 'chart', id: 'rates-chart' }), h('div', { class: 'legend', id: 'rates-legend' })),
        h('div', { class: 'card' }, h('h2', {}, 'Queued messages'), h('canvas', { class: 'chart', id: 'queued-chart' }), h('div', { class: 'legend', id: 'queued-legend' }))));
      page.appendChild(h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Node'), h('div', { id: 'node' })),
        h('div', { class: 'card' }, h('h2', {}, 'Listeners'), h('div', { id: 'listeners' }))));
      var definitions = h('div', { class: 'card', id: 'definitions' }, h('h2', {}, 'Export and import definitions'));
      var exportButton = h('button', { id: 'export-definitions', type: 'button' }, 'Download definitions');
      exportButton.addEventListener('click', function () {
        api.get('/definitions').then(function (json) {
          var blob = new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' });
          var link = h('a', { href: URL.createObjectURL(blob), download: 'warren-definitions.json' });
          document.body.appendChild(link); link.click(); link.remove();
        }).catch(function (e) { definitions.querySelector('.status').textContent = e.message; });
      });
      var file = h('input', { type: 'file', id: 'import-file', accept: '.json,application/json' });
      var importButton = h('button', { type: 'button', id: 'import-definitions' }, 'Upload definitions');
      var status = h('span', { class: 'status' });
      importButton.addEventListener('click', function () {
        if (!file.files.length) { status.textContent = 'Choose a file first.'; return; }
        file.files[0].text().then(function (text) { return api.postRaw('/definitions', text); })
          .then(function () { status.className = 'status ok'; status.textContent = 'Imported.'; })
          .catch(function (e) { status.className = 'status error'; status.textContent = e.message; });
      });
      definitions.appendChild(h('div', { class: 'toolbar' }, exportButton, file, importButton, status));
      page.appendChild(definitions);
      return {};
    },
    refresh: function (page) {
      return api.get('/overview?msg_rates_age=600&msg_rates_incr=5').then(function (o) {
        var t = o.object_totals, q = o.queue_totals;
        replace(page.querySelector('#totals'), h('div', { class: 'grid', style: 'grid-column: 1 / -1' },
          stat('Connections', t.connections, 'total-connections'), stat('Channels', t.channels, 'total-channels'),
          stat('Exchanges', t.exchanges, 'total-exchanges'), stat('Queues', t.queues, 'total-queues'),
          stat('Consumers', t.consumers, 'total-consumers'), stat('Ready', q.messages_ready, 'total-ready'),
          stat('Unacked', q.messages_unacknowledged, 'total-unacked'), stat('Total', q.messages, 'total-messages')));
        var m = o.message_stats;
        var history = samples(m, ['publish', 'deliver', 'deliver_no_ack', 'get', 'get_no_ack', 'ack', 'confirm']);
        var deliverGet = history.map(function (s) {
          return { t: s.t, v: { deliver_get: s.v.deliver + s.v.deliver_no_ack + s.v.get + s.v.get_no_ack } };
        });
        var series = [rateSeries(history, 'publish', 'Publish'), rateSeries(deliverGet, 'deliver_get', 'Deliver / get'),
          rateSeries(history, 'ack', 'Consumer ack'), rateSeries(history, 'confirm', 'Publisher confirm')];
        chart.draw(page.querySelector('#rates-chart'), series, { seconds: 300, unit: '/s' });
        chart.legend(page.querySelector('#rates-legend'), series);
        var queued = ['messages_ready', 'messages_unacknowledged', 'messages'].map(function (key, i) {
          var details = q[key + '_details'] || {};
          var points = (details.samples || []).map(function (s) { return { t: s.timestamp, v: s.sample }; }).reverse();
          return { name: ['Ready', 'Unacked', 'Total'][i], points: points };
        });
        chart.draw(page.querySelector('#queued-chart'), queued, { seconds: 300 });
        chart.legend(page.querySelector('#queued-legend'), queued);
        replace(page.querySelector('#node'), h('dl', { class: 'props' },
          h('dt', {}, 'Node'), h('dd', {}, o.node), h('dt', {}, 'Cluster'), h('dd', {}, o.cluster_name),
          h('dt', {}, 'Version'), h('dd', {}, o.product_name + ' ' + o.product_version + ' (RabbitMQ ' + o.rabbitmq_version + ')'),
          h('dt', {}, 'Runtime'), h('dd', {}, o.erlang_version),
          h('dt', {}, 'Alarms'), h('dd', { class: (o.alarms || []).length ? 'error' : 'ok' }, (o.alarms || []).length ? o.alarms.join(', ') : 'none')));
        replace(page.querySelector('#listeners'), table([
          { title: 'Protocol', value: function (l) { return l.protocol; } },
          { title: 'Bound to', value: function (l) { return l.ip_address; } },
          { title: 'Port', num: true, value: function (l) { return l.port; } }], o.listeners));
      });
    }
  };
  function stat(label, value, id) {
    return h('div', { class: 'stat', id: id }, h('div', { class: 'value' }, String(value)), h('div', { class: 'label' }, label));
  }
  function samples(stats, keys) {
    var first = stats[keys[0] + '_details'];
    if (!first || !first.samples) return [];
    var out = [];
    for (var i = first.samples.length - 1; i >= 0; i--) {
      var v = {};
      keys.forEach(function (k) { v[k] = stats[k + '_details'].samples[i].sample; });
      out.push({ t: first.samples[i].timestamp, v: v });
    }
    return out;
  }

  // ---- connections and channels ------------------------------------------------------------------
  var connections = {
    render: function (page) {
      page.appendChild(h('h1', {}, 'Connections'));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { id: 'connections' }));
      return {};
    },
    refresh: function (page) {
      return api.get('/connections').then(function (list) {
        replace(page.querySelector('#connections'), table([
          { title: 'Name', value: function (c) { return c.name + (c.user_provided_name ? ' (' + c.user_provided_name + ')' : ''); } },
          { title: 'Virtual host', value: function (c) { return c.vhost; } },
          { title: 'User', value: function (c) { return c.user; } },
          { title: 'State', value: function (c) { return c.state; } },
          { title: 'TLS', value: function (c) { return c.ssl ? 'yes' : ''; } },
          { title: 'Protocol', value: function (c) { return c.protocol; } },
          { title: 'Channels', num: true, value: function (c) { return c.channels; } },
          { title: 'Client', value: function (c) { var p = c.client_properties || {}; return (p.product || '') + ' ' + (p.version || ''); } },
          { title: '', value: function (c) {
            return h('button', { class: 'danger', onclick: function () {
              if (confirm('Close connection ' + c.name + '?')) api.del('/connections/' + enc(c.name)).then(function () { connections.refresh(page); });
            } }, 'Close');
          } }], list, 'connections-table'));
      });
    }
  };
  var channels = {
    render: function (page) {
      page.appendChild(h('h1', {}, 'Channels'));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { id: 'channels' }));
      return {};
    },
    refresh: function (page) {
      return api.get('/channels').then(function (list) {
        replace(page.querySelector('#channels'), table([
          { title: 'Channel', value: function (c) { return c.name; } },
          { title: 'Virtual host', value: function (c) { return c.vhost; } },
          { title: 'User', value: function (c) { return c.user; } },
          { title: 'Mode', value: function (c) { return (c.confirm ? 'C ' : '') + (c.transactional ? 'T' : ''); } },
          { title: 'Prefetch', num: true, value: function (c) { return c.prefetch_count || c.global_prefetch_count; } },
          { title: 'Consumers', num: true, value: function (c) { return c.consumer_count; } },
          { title: 'Unacked', num: true, value: function (c) { return c.messages_unacknowledged; } },
          { title: 'Publish', num: true, value: function (c) { return rate(c.message_stats.publish_details); } },
          { title: 'Deliver / get', num: true, value: function (c) { return rate(c.message_stats.deliver_get_details); } },
          { title: 'Ack', num: true, value: function (c) { return rate(c.message_stats.ack_details); } }], list, 'channels-table'));
      });
    }
  };

  // ---- exchanges --------------------------------------------------------------------------------
  var exchanges = {
    render: function (page, parts) {
      if (parts.length >= 2) return exchangeDetail.render(page, parts);
      page.appendChild(h('h1', {}, 'Exchanges'));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { id: 'exchanges' }));
      var add = form('add-exchange', [
        { name: 'vhost', label: 'Virtual host', options: ['/'] }, { name: 'name', label: 'Name' },
        { name: 'type', label: 'Type', options: ['direct', 'fanout', 'topic', 'headers', 'x-delayed-message'] },
        { name: 'durable', label: 'Durability', options: ['true', 'false'] },
        { name: 'arguments', label: 'Arguments (JSON)', placeholder: '{}' }], 'Add exchange', function (d) {
        return api.put('/exchanges/' + vhostLink(d.vhost) + '/' + enc(d.name), { type: d.type, durable: d.durable === 'true',
          arguments: parseArguments(d.arguments) }).then(function () { exchanges.refresh(page, {}, []); return 'Exchange added.'; });
      });
      fillVhosts(add.querySelector('select[name=vhost]'));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Add a new exchange'), add));
      return {};
    },
    refresh: function (page, state, parts) {
      if (parts.length >= 2) return exchangeDetail.refresh(page, state, parts);
      return api.get('/exchanges').then(function (list) {
        replace(page.querySelector('#exchanges'), table([
          { title: 'Virtual host', value: function (x) { return x.vhost; } },
          { title: 'Name', value: function (x) {
            return h('a', { href: '#/exchanges/' + vhostLink(x.vhost) + '/' + enc(x.name === '' ? 'amq.default' : x.name) }, exchangeName(x.name));
          } },
          { title: 'Type', value: function (x) { return x.type; } },
          { title: 'Features', value: features },
          { title: 'In', num: true, value: function (x) { return rate(x.message_stats && x.message_stats.publish_in_details); } },
          { title: 'Out', num: true, value: function (x) { return rate(x.message_stats && x.message_stats.publish_out_details); } }],
          list, 'exchanges-table'));
      });
    }
  };
  var exchangeDetail = {
    render: function (page, parts) {
      var vhost = parts[0], name = parts[1];
      var path = '/exchanges/' + vhostLink(vhost) + '/' + enc(name);
      page.appendChild(h('h1', {}, 'Exchange ', h('span', { class: 'muted' }, name === 'amq.default' ? '(AMQP default)' : name)));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { class: 'card', id: 'exchange-props' }));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Bindings from this exchange'), h('div', { id: 'exchange-bindings' })));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Publish message'), publishForm(path)));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Delete this exchange'), h('button', { class: 'danger', id: 'delete-exchange', onclick: function () {
        if (confirm('Delete exchange ' + name + '?')) api.del(path).then(function () { location.hash = '#/exchanges'; })
          .catch(function (e) { page.querySelector('.page-error').textContent = e.message; });
      } }, 'Delete')));
      return { path: path, vhost: vhost, name: name };
    },
    refresh: function (page, state) {
      return Promise.all([api.get(state.path), api.get(state.path + '/bindings/source')]).then(function (r) {
        var x = r[0];
        replace(page.querySelector('#exchange-props'), h('dl', { class: 'props' },
          h('dt', {}, 'Virtual host'), h('dd', {}, x.vhost), h('dt', {}, 'Type'), h('dd', {}, x.type),
          h('dt', {}, 'Features'), h('dd', {}, features(x)), h('dt', {}, 'Policy'), h('dd', {}, x.policy || ''),
          h('dt', {}, 'Publish in'), h('dd', {}, rate(x.message_stats && x.message_stats.publish_in_details))));
        replace(page.querySelector('#exchange-bindings'), bindingTable(r[1]));
      });
    }
  };
  function publishForm(exchangePath, routingKey) {
    return form('publish-message', [
      { name: 'routing_key', label: 'Routing key', value: routingKey || '' },
      { name: 'delivery_mode', label: 'Delivery mode', options: ['1 - Non-persistent', '2 - Persistent'] },
      { name: 'headers', label: 'Headers (JSON)', placeholder: '{}' },
      { name: 'payload', label: 'Payload', area: true }], 'Publish message', function (d) {
      return api.post(exchangePath + '/publish', { routing_key: d.routing_key, payload: d.payload, payload_encoding: 'string',
        properties: { delivery_mode: parseInt(d.delivery_mode, 10), headers: parseArguments(d.headers) } }).then(function (r) {
        return r.routed ? 'Message published.' : 'Message published, but not routed.';
      });
    });
  }
  function bindingTable(list) {
    return table([
      { title: 'From', value: function (b) { return exchangeName(b.source); } },
      { title: 'To', value: function (b) { return b.destination + ' (' + b.destination_type + ')'; } },
      { title: 'Routing key', value: function (b) { return b.routing_key; } },
      { title: 'Arguments', value: function (b) { return JSON.stringify(b.arguments); } },
      { title: '', value: function (b) {
        if (b.source === '') return '';
        return h('button', { class: 'secondary', onclick: function () {
          api.del('/bindings/' + vhostLink(b.vhost) + '/e/' + enc(b.source) + '/' + (b.destination_type === 'queue' ? 'q' : 'e') + '/'
            + enc(b.destination) + '/' + enc(b.properties_key)).then(function () { window.WarrenApp.route(); });
        } }, 'Unbind');
      } }], list, 'bindings-table');
  }

  // ---- queues -----------------------------------------------------------------------------------
  var queues = {
    render: function (page, parts) {
      if (parts.length >= 2) return queueDetail.render(page, parts);
      page.appendChild(h('h1', {}, 'Queues'));
      page.appendChild(h('p', { class: 'page-error error' }));
      var filter = h('input', { id: 'queue-filter', placeholder: 'Filter by name (regular expression)' });
      page.appendChild(h('div', { class: 'toolbar' }, filter));
      page.appendChild(h('div', { id: 'queues' }));
      var add = form('add-queue', [
        { name: 'vhost', label: 'Virtual host', options: ['/'] }, { name: 'name', label: 'Name' },
        { name: 'durable', label: 'Durability', options: ['true', 'false'] },
        { name: 'auto_delete', label: 'Auto delete', options: ['false', 'true'] },
        { name: 'arguments', label: 'Arguments (JSON)', placeholder: '{"x-max-length": 1000}' }], 'Add queue', function (d) {
        return api.put('/queues/' + vhostLink(d.vhost) + '/' + enc(d.name), { durable: d.durable === 'true', auto_delete: d.auto_delete === 'true',
          arguments: parseArguments(d.arguments) }).then(function () { queues.refresh(page, state, []); return 'Queue added.'; });
      });
      fillVhosts(add.querySelector('select[name=vhost]'));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Add a new queue'), add));
      var state = { filter: filter };
      filter.addEventListener('input', function () { queues.refresh(page, state, []); });
      return state;
    },
    refresh: function (page, state, parts) {
      if (parts.length >= 2) return queueDetail.refresh(page, state, parts);
      var query = state.filter && state.filter.value ? '?page=1&page_size=500&use_regex=true&name=' + enc(state.filter.value) : '';
      return api.get('/queues' + query).then(function (answer) {
        var list = answer.items || answer;
        replace(page.querySelector('#queues'), table([
          { title: 'Virtual host', value: function (q) { return q.vhost; } },
          { title: 'Name', value: function (q) { return h('a', { href: '#/queues/' + vhostLink(q.vhost) + '/' + enc(q.name) }, q.name); } },
          { title: 'Type', value: function (q) { return q.type; } },
          { title: 'Features', value: features },
          { title: 'State', value: function (q) { return q.state; } },
          { title: 'Ready', num: true, value: function (q) { return q.messages_ready; } },
          { title: 'Unacked', num: true, value: function (q) { return q.messages_unacknowledged; } },
          { title: 'Total', num: true, value: function (q) { return q.messages; } },
          { title: 'Incoming', num: true, value: function (q) { return rate(q.message_stats.publish_details); } },
          { title: 'Deliver / get', num: true, value: function (q) { return rate(q.message_stats.deliver_get_details); } },
          { title: 'Ack', num: true, value: function (q) { return rate(q.message_stats.ack_details); } }], list, 'queues-table'));
      });
    }
  };
  var queueDetail = {
    render: function (page, parts) {
      var vhost = parts[0], name = parts[1];
      var path = '/queues/' + vhostLink(vhost) + '/' + enc(name);
      page.appendChild(h('h1', {}, 'Queue ', h('span', { class: 'muted', id: 'queue-name' }, name)));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { class: 'grid', id: 'queue-totals' }));
      page.appendChild(h('div', { class: 'charts' },
        h('div', { class: 'card' }, h('h2', {}, 'Message rates'), h('canvas', { class: 'chart', id: 'queue-rates-chart' }), h('div', { class: 'legend', id: 'queue-rates-legend' })),
        h('div', { class: 'card' }, h('h2', {}, 'Queued messages'), h('canvas', { class: 'chart', id: 'queue-length-chart' }), h('div', { class: 'legend', id: 'queue-length-legend' }))));
      page.appendChild(h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Details'), h('div', { id: 'queue-props' })),
        h('div', { class: 'card' }, h('h2', {}, 'Consumers'), h('div', { id: 'queue-consumers' }))));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Bindings'), h('div', { id: 'queue-bindings' }),
        h('h2', {}, 'Add binding to this queue'), form('add-binding', [
          { name: 'source', label: 'From exchange' }, { name: 'routing_key', label: 'Routing key' },
          { name: 'arguments', label: 'Arguments (JSON)', placeholder: '{}' }], 'Bind', function (d) {
          return api.post('/bindings/' + vhostLink(vhost) + '/e/' + enc(d.source) + '/q/' + enc(name),
            { routing_key: d.routing_key, arguments: parseArguments(d.arguments) }).then(function () { return 'Bound.'; });
        })));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Publish message'),
        h('p', { class: 'muted' }, 'Published to the default exchange with the queue\'s name as routing key.'),
        publishForm('/exchanges/' + vhostLink(vhost) + '/amq.default', name)));
      var messages = h('div', { id: 'got-messages' });
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Get messages'),
        h('p', { class: 'muted' }, 'Getting messages is a destructive action unless they are requeued.'),
        form('get-messages', [
          { name: 'ackmode', label: 'Ack mode', options: ['ack_requeue_true', 'ack_requeue_false', 'reject_requeue_true', 'reject_requeue_false'] },
          { name: 'encoding', label: 'Encoding', options: ['auto', 'base64'] },
          { name: 'count', label: 'Messages', value: '1' }], 'Get message(s)', function (d) {
          return api.post(path + '/get', { count: parseInt(d.count, 10) || 1, ackmode: d.ackmode, encoding: d.encoding, truncate: 50000 })
            .then(function (list) {
              messages.innerHTML = '';
              if (!list.length) messages.appendChild(h('p', { class: 'muted' }, 'Queue is empty.'));
              list.forEach(function (m, i) {
                messages.appendChild(h('div', { class: 'message' },
                  h('strong', {}, 'Message ' + (i + 1)), ' ', h('span', { class: 'muted' }, 'exchange ' + exchangeName(m.exchange)
                    + ', routing key ' + m.routing_key + ', redelivered ' + m.redelivered + ', ' + m.message_count + ' left'),
                  h('div', { class: 'muted' }, 'Properties: ' + JSON.stringify(m.properties)),
                  h('pre', { class: 'payload' }, m.payload)));
              });
              return list.length + ' message(s).';
            });
        }), messages));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Purge and delete'), h('div', { class: 'toolbar' },
        h('button', { class: 'secondary', id: 'purge-queue', onclick: function () {
          api.del(path + '/contents').then(function () { queueDetail.refresh(page, state); });
        } }, 'Purge messages'),
        h('button', { class: 'danger', id: 'delete-queue', onclick: function () {
          if (confirm('Delete queue ' + name + '?')) api.del(path).then(function () { location.hash = '#/queues'; });
        } }, 'Delete queue'))));
      var state = { path: path, history: [] };
      return state;
    },
    refresh: function (page, state) {
      return Promise.all([api.get(state.path), api.get(state.path + '/bindings')]).then(function (r) {
        var q = r[0], s = q.message_stats, now = Date.now();
        replace(page.querySelector('#queue-totals'), h('div', { class: 'grid', style: 'grid-column: 1 / -1' },
          stat('Ready', q.messages_ready, 'queue-ready'), stat('Unacked', q.messages_unacknowledged, 'queue-unacked'),
          stat('Total', q.messages, 'queue-total'), stat('Consumers', q.consumers, 'queue-consumer-count'),
          stat('Bytes', q.message_bytes, 'queue-bytes')));
        state.history.push({ t: now, publish: s.publish_details.rate, deliver: s.deliver_get_details.rate, ack: s.ack_details.rate,
          ready: q.messages_ready, unacked: q.messages_unacknowledged });
        if (state.history.length > 120) state.history.shift();
        function series(key, label, unit) {
          return { name: label, unit: unit, points: state.history.map(function (p) { return { t: p.t, v: p[key] }; }) };
        }
        var rates = [series('publish', 'Publish', '/s'), series('deliver', 'Deliver / get', '/s'), series('ack', 'Ack', '/s')];
        chart.draw(page.querySelector('#queue-rates-chart'), rates, { seconds: 300, unit: '/s' });
        chart.legend(page.querySelector('#queue-rates-legend'), rates);
        var lengths = [series('ready', 'Ready'), series('unacked', 'Unacked')];
        chart.draw(page.querySelector('#queue-length-chart'), lengths, { seconds: 300 });
        chart.legend(page.querySelector('#queue-length-legend'), lengths);
        replace(page.querySelector('#queue-props'), h('dl', { class: 'props' },
          h('dt', {}, 'Virtual host'), h('dd', {}, q.vhost), h('dt', {}, 'Type'), h('dd', {}, q.type),
          h('dt', {}, 'Features'), h('dd', {}, features(q)), h('dt', {}, 'Arguments'), h('dd', {}, JSON.stringify(q.arguments)),
          h('dt', {}, 'Policy'), h('dd', {}, q.policy || ''), h('dt', {}, 'State'), h('dd', {}, q.state),
          h('dt', {}, 'Published'), h('dd', {}, String(s.publish)), h('dt', {}, 'Delivered / got'), h('dd', {}, String(s.deliver_get)),
          h('dt', {}, 'Acknowledged'), h('dd', {}, String(s.ack))));
        replace(page.querySelector('#queue-consumers'), table([
          { title: 'Tag', value: function (c) { return c.consumer_tag; } },
          { title: 'Channel', value: function (c) { return c.channel_details.name; } },
          { title: 'Ack required', value: function (c) { return c.ack_required; } },
          { title: 'Prefetch', num: true, value: function (c) { return c.prefetch_count; } }], q.consumer_details || []));
        replace(page.querySelector('#queue-bindings'), bindingTable(r[1]));
      });
    }
  };

  // ---- admin ------------------------------------------------------------------------------------
  var admin = {
    render: function (page) {
      page.appendChild(h('h1', {}, 'Admin'));
      page.appendChild(h('p', { class: 'page-error error' }));
      page.appendChild(h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Users'), h('div', { id: 'users' }), h('h2', {}, 'Add or update a user'),
          form('add-user', [{ name: 'name', label: 'Username' }, { name: 'password', label: 'Password', type: 'password' },
            { name: 'tags', label: 'Tags', placeholder: 'administrator, monitoring' }], 'Save user', function (d) {
            return api.put('/users/' + enc(d.name), { password: d.password, tags: d.tags }).then(function () { admin.refresh(page); return 'Saved.'; });
          })),
        h('div', { class: 'card' }, h('h2', {}, 'Virtual hosts'), h('div', { id: 'vhosts' }), h('h2', {}, 'Add a virtual host'),
          form('add-vhost', [{ name: 'name', label: 'Name' }], 'Add virtual host', function (d) {
            return api.put('/vhosts/' + enc(d.name), {}).then(function () { admin.refresh(page); return 'Added.'; });
          }))));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Permissions'), h('div', { id: 'permissions' }), h('h2', {}, 'Set permission'),
        form('set-permission', [{ name: 'user', label: 'User' }, { name: 'vhost', label: 'Virtual host', value: '/' },
          { name: 'configure', label: 'Configure regexp', value: '.*' }, { name: 'write', label: 'Write regexp', value: '.*' },
          { name: 'read', label: 'Read regexp', value: '.*' }], 'Set permission', function (d) {
          return api.put('/permissions/' + vhostLink(d.vhost) + '/' + enc(d.user), { configure: d.configure, write: d.write, read: d.read })
            .then(function () { admin.refresh(page); return 'Set.'; });
        })));
      page.appendChild(h('div', { class: 'card' }, h('h2', {}, 'Policies'), h('div', { id: 'policies' }), h('h2', {}, 'Add or update a policy'),
        form('add-policy', [{ name: 'vhost', label: 'Virtual host', value: '/' }, { name: 'name', label: 'Name' },
          { name: 'pattern', label: 'Pattern', placeholder: '^amq\\.' },
          { name: 'apply-to', label: 'Apply to', options: ['all', 'queues', 'exchanges'] },
          { name: 'priority', label: 'Priority', value: '0' },
          { name: 'definition', label: 'Definition (JSON)', placeholder: '{"max-length": 1000}' }], 'Save policy', function (d) {
          return api.put('/policies/' + vhostLink(d.vhost) + '/' + enc(d.name), { pattern: d.pattern, 'apply-to': d['apply-to'],
            priority: parseInt(d.priority, 10) || 0, definition: parseArguments(d.definition) }).then(function () { admin.refresh(page); return 'Saved.'; });
        })));
      return {};
    },
    refresh: function (page) {
      return Promise.all([api.get('/users'), api.get('/vhosts'), api.get('/permissions'), api.get('/policies')]).then(function (r) {
        replace(page.querySelector('#users'), table([
          { title: 'Name', value: function (u) { return u.name; } },
          { title: 'Tags', value: function (u) { return h('span', {}, ...u.tags.map(function (t) { return h('span', { class: 'tag' }, t); })); } },
          { title: '', value: function (u) { return h('button', { class: 'danger', onclick: function () {
            if (confirm('Delete user ' + u.name + '?')) api.del('/users/' + enc(u.name)).then(function () { admin.refresh(page); });
          } }, 'Delete'); } }], r[0], 'users-table'));
        replace(page.querySelector('#vhosts'), table([
          { title: 'Name', value: function (v) { return v.name; } },
          { title: 'Messages', num: true, value: function (v) { return v.messages; } },
          { title: '', value: function (v) { return v.name === '/' ? '' : h('button', { class: 'danger', onclick: function () {
            if (confirm('Delete virtual host ' + v.name + ' and everything in it?')) api.del('/vhosts/' + enc(v.name)).then(function () { admin.refresh(page); });
          } }, 'Delete'); } }], r[1], 'vhosts-table'));
        replace(page.querySelector('#permissions'), table([
          { title: 'User', value: function (p) { return p.user; } }, { title: 'Virtual host', value: function (p) { return p.vhost; } },
          { title: 'Configure', value: function (p) { return p.configure; } }, { title: 'Write', value: function (p) { return p.write; } },
          { title: 'Read', value: function (p) { return p.read; } },
          { title: '', value: function (p) { return h('button', { class: 'secondary', onclick: function () {
            api.del('/permissions/' + vhostLink(p.vhost) + '/' + enc(p.user)).then(function () { admin.refresh(page); });
          } }, 'Clear'); } }], r[2], 'permissions-table'));
        replace(page.querySelector('#policies'), table([
          { title: 'Virtual host', value: function (p) { return p.vhost; } }, { title: 'Name', value: function (p) { return p.name; } },
          { title: 'Pattern', value: function (p) { return p.pattern; } }, { title: 'Apply to', value: function (p) { return p['apply-to']; } },
          { title: 'Definition', value: function (p) { return JSON.stringify(p.definition); } },
          { title: 'Priority', num: true, value: function (p) { return p.priority; } },
          { title: '', value: function (p) { return h('button', { class: 'secondary', onclick: function () {
            api.del('/policies/' + vhostLink(p.vhost) + '/' + enc(p.name)).then(function () { admin.refresh(page); });
          } }, 'Clear'); } }], r[3], 'policies-table'));
      });
    }
  };

  window.WarrenPages = { overview: overview, connections: connections, channels: channels, exchanges: exchanges, queues: queues, admin: admin };
})();
