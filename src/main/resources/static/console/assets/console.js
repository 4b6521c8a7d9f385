// regency-hub console: confirmations, live batch progress and the upload form. Served by the hub itself;
// the page's Content-Security-Policy allows no inline script, so everything lives here.
(function () {
  'use strict';

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : null;
  }

  function csrfHeaders() {
    var h = {};
    var name = meta('_csrf_header'), token = meta('_csrf');
    if (name && token) h[name] = token;
    return h;
  }

  // Forms that change something ask first (replaying dead letters).
  document.addEventListener('submit', function (e) {
    var f = e.target;
    if (f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) e.preventDefault();
  });

  function getBatch(id) {
    return fetch('/api/v1/batches/' + encodeURIComponent(id), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); });
  }

  var FINAL = ['LOADED', 'LOADED_WITH_REJECTS', 'FAILED', 'DUPLICATE'];

  // Writes a batch's live numbers into the elements of a row or a page marked with data-field.
  function show(el, b) {
    function set(field, text) {
      el.querySelectorAll('[data-field="' + field + '"]').forEach(function (n) { n.textContent = text; });
    }
    set('status', b.status);
    el.querySelectorAll('[data-field="status"]').forEach(function (n) { n.className = n.className.replace(/\bb-[A-Z_]+/, 'b-' + b.status); });
    set('read', b.rows.read);
    set('loaded', b.rows.loaded);
    set('rejected', b.rows.rejected);
    set('chunks', b.chunks.loaded + '/' + (b.chunks.total || '?'));
    if (b.message) set('message', b.message);
    el.querySelectorAll('progress[data-field="progress"]').forEach(function (p) {
      p.max = b.chunks.total || 1;
      p.value = b.chunks.total ? b.chunks.loaded : (FINAL.indexOf(b.status) >= 0 ? 1 : 0);
    });
  }

  // Polls a batch until it is final; onFinal runs once then.
  function follow(id, el, onFinal) {
    var stop = false;
    function tick() {
      if (stop) return;
      getBatch(id).then(function (b) {
        show(el, b);
        if (FINAL.indexOf(b.status) >= 0) { stop = true; if (onFinal) onFinal(b); }
        else setTimeout(tick, 1000);
      }).catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  document.querySelectorAll('tr.batch[data-final="false"]').forEach(function (row) {
    follow(row.dataset.batch, row, function () { row.dataset.final = 'true'; });
  });
  var page = document.getElementById('batch-page');
  if (page && page.dataset.final === 'false') {
    // Once final, the page is drawn again by the hub: duration, rejects and all.
    follow(page.dataset.batch, page, function () { window.location.reload(); });
  }

  // The upload form: a dragged or chosen file goes to POST /api/v1/sources/{id}/uploads as the one part of a
  // multipart body, with the CSRF token in a header; then the batch is followed to its end.
  var form = document.getElementById('upload-form');
  if (form) {
    var input = document.getElementById('upload-file');
    var zone = document.getElementById('drop-zone');
    var name = document.getElementById('upload-file-name');
    function showName() { name.textContent = input.files.length ? input.files[0].name : ''; }
    input.addEventListener('change', showName);
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; showName(); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!input.files.length) return;
      var source = document.getElementById('upload-source').value;
      var box = document.getElementById('upload-progress');
      var status = document.getElementById('upload-status');
      box.hidden = false;
      status.textContent = form.dataset.sending;
      var body = new FormData();
      body.append('file', input.files[0], input.files[0].name);
      document.getElementById('upload-submit').disabled = true;
      fetch('/api/v1/sources/' + encodeURIComponent(source) + '/uploads',
            {method: 'POST', body: body, credentials: 'same-origin', headers: csrfHeaders()})
        .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, json: j}; }); })
        .then(function (r) {
          if (!r.ok) throw new Error(r.json.message || 'upload refused');
          var id = r.json.batch;
          status.textContent = form.dataset.received.replace('{0}', id);
          box.dataset.batch = id;
          follow(id, box, function () { window.location.href = '/console/batches/' + encodeURIComponent(id); });
        })
        .catch(function (err) {
          status.textContent = err.message;
          status.className = 'error';
          document.getElementById('upload-submit').disabled = false;
        });
    });
  }
})();
