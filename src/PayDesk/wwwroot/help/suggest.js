/*
 * Search-as-you-type for the help centre and the new-complaint form: any input or textarea with
 * data-suggest="/api/v1/kb/search" shows matching articles in the next [data-suggestions] list.
 * The pages work without it (server-rendered search and suggestions); this only makes them quicker.
 */
(function () {
    'use strict';
    document.querySelectorAll('[data-suggest]').forEach(function (input) {
        var list = input.closest('form').querySelector('[data-suggestions]');
        if (!list) return;
        var timer = null, last = '', controller = null;
        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(lookup, 250);
        });
        function lookup() {
            var q = input.value.trim().slice(0, 200);
            if (q === last) return;
            last = q;
            if (q.length < 2) { list.hidden = true; list.textContent = ''; return; }
            if (controller) controller.abort();
            controller = new AbortController();
            var url = input.getAttribute('data-suggest') + '?limit=5&q=' + encodeURIComponent(q) + '&locale=' + encodeURIComponent(input.getAttribute('data-locale') || 'zh-CN');
            fetch(url, { signal: controller.signal, headers: { 'Accept': 'application/json' } })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (hits) {
                    list.textContent = '';
                    hits.forEach(function (h) {
                        var a = document.createElement('a');
                        a.href = '/help/articles/' + encodeURIComponent(h.slug) + '?culture=' + encodeURIComponent(h.locale);
                        a.textContent = h.title;
                        a.target = input.tagName === 'TEXTAREA' ? '_blank' : '';
                        var li = document.createElement('li');
                        li.setAttribute('data-testid', 'live-suggestion');
                        li.appendChild(a);
                        list.appendChild(li);
                    });
                    list.hidden = hits.length === 0;
                })
                .catch(function () { /* aborted or offline: the server-rendered path still works */ });
        }
    });
})();
