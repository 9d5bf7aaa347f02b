// dynakey console: actions send the operator token in a header; results are shown as text only.
(function () {
  var input = document.getElementById('token');
  if (input) {
    input.value = sessionStorage.getItem('dynakey-token') || '';
    input.addEventListener('change', function () { sessionStorage.setItem('dynakey-token', input.value.trim()); });
  }
  function show(text, ok) {
    var r = document.getElementById('result');
    r.textContent = text;
    r.className = ok ? 'ok' : 'alert';
  }
  var kept = sessionStorage.getItem('dynakey-result');
  if (kept) { sessionStorage.removeItem('dynakey-result'); show(kept, true); }
  document.querySelectorAll('button[data-action]').forEach(function (b) {
    b.addEventListener('click', function () {
      if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) { return; }
      var body = '{}';
      var headers = {'Content-Type': 'application/json'};
      if (b.dataset.file) {
        var f = document.getElementById(b.dataset.file).files[0];
        if (!f) { show('choose a file first', false); return; }
        body = f;
        headers['Content-Type'] = 'application/octet-stream';
      }
      var token = input ? input.value.trim() : '';
      if (token) { sessionStorage.setItem('dynakey-token', token); headers['X-Dynakey-Token'] = token; }
      fetch(b.dataset.action, {method: 'POST', headers: headers, body: body, credentials: 'same-origin'})
        .then(function (resp) {
          return resp.json().then(function (j) { show(j.message || JSON.stringify(j), resp.ok); if (resp.ok && b.dataset.reload) { sessionStorage.setItem('dynakey-result', j.message || ''); location.reload(); } });
        })
        .catch(function (e) { show('request failed: ' + e, false); });
    });
  });
})();
