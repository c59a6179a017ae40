/*
 * Agent workspace shortcuts on a complaint page (issue 18): r reply, n internal note, j next complaint in the
 * inbox's order, t take ownership, ? show/hide the hint. Never while typing in a field, never with Ctrl/Alt/Meta.
 * Loaded on every staff page and bound once, so it works after Blazor's enhanced navigation too; it acts only
 * where a workspace ([data-testid=workspace]) is on the page. The inbox's order is remembered from the inbox
 * page the agent last saw (sessionStorage), so "next" follows the sort and filters the agent chose.
 */
(function () {
    'use strict';
    if (window.payDeskWorkspaceKeys) return;
    window.payDeskWorkspaceKeys = true;
    var KEY = 'paydesk.inbox.order';

    function rememberInbox() {
        var links = document.querySelectorAll('[data-testid=inbox] [data-testid=ticket-link]');
        if (!links.length) return;
        var numbers = Array.prototype.map.call(links, function (a) { return a.textContent.trim(); });
        try { sessionStorage.setItem(KEY, JSON.stringify({ numbers: numbers, from: location.pathname + location.search })); } catch (e) { /* private mode */ }
    }

    function nextHref() {
        var ws = document.querySelector('[data-testid=workspace]');
        if (!ws) return null;
        var stored = null;
        try { stored = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { stored = null; }
        if (!stored || !stored.numbers) return '/inbox';
        var i = stored.numbers.indexOf(ws.getAttribute('data-number'));
        if (i >= 0 && i + 1 < stored.numbers.length) return '/tickets/' + encodeURIComponent(stored.numbers[i + 1]);
        return stored.from || '/inbox';
    }

    function refresh() {
        rememberInbox();
        var next = document.querySelector('[data-testid=next-complaint]');
        var href = nextHref();
        if (next && href) next.setAttribute('href', href);
    }

    function typing(target) {
        return target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    }

    function focusReply(via) {
        var body = document.getElementById('reply-body');
        if (!body) return false;
        var select = document.querySelector('[data-testid=reply-via]');
        if (select) {
            if (via) select.value = via;
            else if (select.value === 'internal') select.value = 'auto';
            select.dispatchEvent(new Event('change', { bubbles: true }));
        }
        var conv = document.getElementById('ws-tab-conv');
        if (conv) conv.checked = true;
        body.focus();
        return true;
    }

    document.addEventListener('keydown', function (e) {
        if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
        if (!document.querySelector('[data-testid=workspace]')) return;
        var handled = false;
        if (e.key === 'r') handled = focusReply(null);
        else if (e.key === 'n') handled = focusReply('internal');
        else if (e.key === 'j') {
            var href = nextHref();
            if (href) { location.assign(href); handled = true; }
        } else if (e.key === 't') {
            var take = document.querySelector('[data-testid=wb-take]');
            if (take) { take.click(); handled = true; }
        } else if (e.key === '?') {
            var hint = document.querySelector('[data-testid=shortcut-hint]');
            if (hint) { hint.classList.toggle('hide'); handled = true; }
        }
        if (handled) e.preventDefault();
    });
    document.addEventListener('click', function (e) {
        var link = e.target && e.target.closest ? e.target.closest('[data-testid=next-complaint]') : null;
        if (link) link.setAttribute('href', nextHref() || '/inbox');
        if (e.target && e.target.closest && e.target.closest('[data-testid=inbox] [data-testid=ticket-link]')) rememberInbox();
    }, true);
    document.addEventListener('DOMContentLoaded', refresh);
    if (document.readyState !== 'loading') refresh();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', refresh);
    else document.addEventListener('DOMContentLoaded', function () { if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', refresh); });
})();
