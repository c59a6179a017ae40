/*
 * Inbox keyboard shortcuts: "/" search, "j"/"k" next/previous complaint, "o" or Enter open it,
 * "?" shows the list of shortcuts. Ignored while typing in a field.
 */
(function () {
    'use strict';
    var rows = function () { return Array.prototype.slice.call(document.querySelectorAll('[data-testid=inbox] tbody tr')); };
    // A row's complaint link (the row also links its owner's complaints).
    var ticketLink = function (row) { return row.querySelector('[data-testid=ticket-link]'); };
    var current = -1;
    function select(i) {
        var all = rows();
        if (!all.length) return;
        current = Math.max(0, Math.min(all.length - 1, i));
        all.forEach(function (r, n) { r.classList.toggle('selected', n === current); r.setAttribute('aria-selected', String(n === current)); });
        var link = ticketLink(all[current]);
        if (link) link.focus();
    }
    document.addEventListener('keydown', function (e) {
        var target = e.target;
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
        if (e.key === '/') {
            var search = document.querySelector('[data-testid=filter-text]');
            if (search) { e.preventDefault(); search.focus(); }
        } else if (e.key === 'j') {
            select(current + 1);
        } else if (e.key === 'k') {
            select(current - 1);
        } else if (e.key === 'o' && current >= 0) {
            var link = ticketLink(rows()[current]);
            if (link) link.click();
        } else if (e.key === '?') {
            var help = document.querySelector('[data-testid=shortcuts]');
            if (help) help.hidden = !help.hidden;
        }
    });
})();
